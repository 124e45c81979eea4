package dev.hardtack.benchmarks;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import dev.hardtack.Verification;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How a verify's cost grows with the cookie's size ({@link #bySize}) and with the number of keys in the ring
 * ({@link #byRingSize}). Growth with threads sharing one codec is {@link SharedCodecBenchmark}'s.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar VerifyScalingBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VerifyScalingBenchmark {

  /** One format, values of one size. */
  @State(Scope.Thread)
  public static class Sized {
    @Param({"SIGNED", "ENCRYPTED"})
    String format;

    /** Characters per value: a session id (43), 256, 1,024, or the longest that fits in 4,096 ({@code MAX}). */
    @Param({"43", "256", "1024", "MAX"})
    String valueChars;

    CookieCodec codec;
    String[] cookies;
    int index;

    @Setup
    public void setup() {
      codec = Fixtures.codec(KeyRing.of(Fixtures.secret(1)), format.equals("ENCRYPTED"), Clock.systemUTC());
      int length = valueChars.equals("MAX") ? longestValue(codec) : Integer.parseInt(valueChars);
      cookies = signAll(codec, codec, Fixtures.values(Fixtures.INPUTS, length, 7), false);
    }

    int next() {
      return index++ & (Fixtures.INPUTS - 1);
    }
  }

  /**
   * A signed 43-character id in a ring of {@code keys} keys, whose primary is the newest. The cookie was signed
   * by the middle key, so it is not the first looked up (and is flagged for re-signing); from 3 keys on, version
   * 2 is revoked, so the versions have a hole and the lookup takes its binary search, the slower path.
   */
  @State(Scope.Thread)
  public static class Ringed {
    @Param({"1", "10", "100", "1000"})
    int keys;

    CookieCodec codec;
    String[] cookies;
    int index;

    @Setup
    public void setup() {
      int signer = (keys + 1) / 2;
      KeyRing ring = ring(keys);
      KeyRing signing = ring(signer);
      if (keys >= 3) {
        ring.revoke(2);
      }
      codec = Fixtures.codec(ring, false, Clock.systemUTC());
      CookieCodec sign = Fixtures.codec(signing, false, Clock.systemUTC());
      cookies = signAll(sign, codec, Fixtures.values(Fixtures.INPUTS, 43, 7), keys > 1);
    }

    /** Versions 1 to n from secrets 1 to n, the newest primary. */
    private static KeyRing ring(int n) {
      KeyRing ring = KeyRing.of(Fixtures.secret(1));
      for (int v = 2; v <= n; v++) {
        ring.promote(ring.add(Fixtures.secret(v)));
      }
      return ring;
    }

    int next() {
      return index++ & (Fixtures.INPUTS - 1);
    }
  }

  static String[] signAll(CookieCodec signer, CookieCodec verifier, String[] values, boolean oldKey) {
    String[] out = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = signer.sign(values[i]);
      Verification r = verifier.verify(out[i]);
      if (!r.isValid() || r.needsResign() != oldKey || !r.value().equals(values[i])) {
        throw new AssertionError("setup: " + r);
      }
    }
    return out;
  }

  /** The longest value of the fixtures' alphabet that {@code codec} signs, by binary search. */
  static int longestValue(CookieCodec codec) {
    int lo = 0;
    int hi = 4096;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      try {
        codec.sign("a".repeat(mid));
        lo = mid;
      } catch (IllegalArgumentException e) {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Verifies the next cookie of the chosen size. */
  @Benchmark
  public Verification bySize(Sized s) {
    return s.codec.verify(s.cookies[s.next()]);
  }

  /** Verifies the next cookie against a ring of the chosen size. */
  @Benchmark
  public Verification byRingSize(Ringed r) {
    return r.codec.verify(r.cookies[r.next()]);
  }
}
