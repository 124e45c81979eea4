package dev.hardtack.ct;

/**
 * Welch's t-test on two classes of measurements, accumulated online (Welford's method), as dudect does.
 *
 * <pre>{@code
 * Welch w = new Welch();
 * w.add(0, 101.0); w.add(1, 99.0); ...
 * double t = w.t();   // |t| > 10: the classes' means differ, with overwhelming confidence
 * }</pre>
 */
final class Welch {
  private final double[] mean = new double[2];
  private final double[] m2 = new double[2];
  private final long[] n = new long[2];

  /** Adds measurement {@code x} to class {@code cls} (0 or 1). */
  void add(int cls, double x) {
    n[cls]++;
    double delta = x - mean[cls];
    mean[cls] += delta / n[cls];
    m2[cls] += delta * (x - mean[cls]);
  }

  /** Measurements in class {@code cls}. */
  long count(int cls) {
    return n[cls];
  }

  /** The class's mean. */
  double mean(int cls) {
    return mean[cls];
  }

  /** Welch's t statistic: {@code (mean0 - mean1) / sqrt(var0/n0 + var1/n1)}; 0 with fewer than 2 per class. */
  double t() {
    if (n[0] < 2 || n[1] < 2) {
      return 0;
    }
    double v0 = m2[0] / (n[0] - 1);
    double v1 = m2[1] / (n[1] - 1);
    double se = Math.sqrt(v0 / n[0] + v1 / n[1]);
    return se == 0 ? 0 : (mean[0] - mean[1]) / se;
  }
}
