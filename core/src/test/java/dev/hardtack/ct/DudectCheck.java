package dev.hardtack.ct;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import dev.hardtack.internal.Base64Codec;
import dev.hardtack.internal.ConstantTime;
import dev.hardtack.internal.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A dudect-style constant-time check of tag verification (Reparaz, Balasch and Verbauwhede, "Dude, is my code
 * constant time?", DATE 2017), as a command, not a unit test:
 *
 * <pre>
 * nice -n 19 mvn -B -pl core -Pconstant-time verify     # or: -Dct.measurements=5000000 -Dct.only=helper
 * </pre>
 *
 * <p>Each check times an operation on two classes of inputs, the class chosen at random for every measurement (so
 * drift and noise fall on both classes alike). Before the clock starts, the measurement's inputs are copied into
 * the same fixed buffers whichever their class (so the two classes differ only in content, never in where their
 * bytes sit in memory), and the timed code is the same for both. One measurement is {@link System#nanoTime()}
 * around {@code batch} calls, each on its own randomly drawn input of the measurement's class: a 32-byte
 * comparison takes a few nanoseconds, less than the timer's own jitter, so the comparison checks time 32 calls at
 * once, and a difference per call is multiplied by 32 while the timer's overhead is not. As in dudect, the
 * first batch fixes 100 cut-off percentiles, {@code 1 - 0.5^(10 (i+1) / 100)}; every later measurement feeds
 * Welch's t-test on the raw data, on the data cropped at each percentile (the slow tail is interrupts, GC and
 * other processes), and a second-order test on the centred squares. The reported {@code |t|} is the largest over
 * those tests with at least 10,000 measurements, as dudect reports it.
 *
 * <p>Verdict per check: {@code |t| < 10} passes (dudect's threshold for "definitely not constant time"), and the
 * output also says whether {@code |t| < 4.5} (the TVLA line). The positive controls, which use {@link
 * LeakyCompare}, must FAIL: they show that the harness can see a leak of the size that matters. The null controls
 * (A/A tests: the same inputs in both classes) must pass: they show what |t| the machine and the harness produce
 * on their own. The exit code is 0 only when every real check and null control passes and every positive control
 * fails.
 */
public final class DudectCheck {
  static final double THRESHOLD = 10;
  static final double TVLA = 4.5;
  private static final int PERCENTILES = 100;
  private static final int BATCH = 10_000;
  private static final int ENOUGH = 10_000;
  private static final int POOL = 64;
  /** Calls per measurement in the checks of a single 32-byte comparison. */
  static final int HELPER_BATCH = 32;
  private static final Instant NOW = Instant.ofEpochSecond(1795942800L);

  /**
   * The inputs of one check, held in fixed slots. {@link #prepare} copies an input into a slot before the clock
   * starts; {@link #run} is the timed operation on a slot, with {@code index} selecting the class-free context
   * (such as the expected tag). {@code run} returns something to keep the work alive.
   */
  interface Target {
    void prepare(Object input, int slot);

    int run(int slot, int index);
  }

  /** Byte-array inputs of one length, copied into {@code slots} fixed arrays. */
  static Target bytes(int slots, int length, BytesOp op) {
    byte[][] buffers = new byte[slots][length];
    return new Target() {
      @Override
      public void prepare(Object input, int slot) {
        System.arraycopy((byte[]) input, 0, buffers[slot], 0, length);
      }

      @Override
      public int run(int slot, int index) {
        return op.run(buffers[slot], index);
      }
    };
  }

  /**
   * String inputs. A string cannot be overwritten in place, so each measurement gets a fresh copy, allocated just
   * before the clock starts: both classes' copies then come from the same allocation buffer, in turn, rather than
   * from wherever each class's strings were made (where they sat in memory showed up in the timings).
   */
  static Target strings(int slots, StringOp op) {
    String[] held = new String[slots];
    return new Target() {
      @Override
      public void prepare(Object input, int slot) {
        held[slot] = String.valueOf(((String) input).toCharArray());
      }

      @Override
      public int run(int slot, int index) {
        return op.run(held[slot], index);
      }
    };
  }

  /** A timed operation on a byte-array input. */
  interface BytesOp {
    int run(byte[] input, int index);
  }

  /** A timed operation on a string input. */
  interface StringOp {
    int run(String input, int index);
  }

  /** What a check's verdict means. */
  enum Role {
    /** Must pass: |t| below 10. */
    REAL,
    /** A positive control: must fail, or the harness cannot see a leak. */
    CONTROL,
    /**
     * A null control (an A/A test): both classes are the same inputs, so any |t| is the machine and the harness,
     * not the code. Must pass, or the run says nothing about the real checks either.
     */
    NULL,
    /**
     * Reported, not judged: the two classes take different paths after the decision by design (a valid cookie
     * builds its result), which tells an attacker nothing the response does not.
     */
    INFO
  }

  /** A check: its name, what it compares, its role, calls per measurement, the two classes, and its target. */
  record Check(String id, String description, Role role, int batch, List<Object[]> inputs, Target target) {
    boolean control() {
      return role == Role.CONTROL;
    }
  }

  /** The outcome of one check. */
  record Result(Check check, long measurements, double maxT, String maxTest, double rawT, double mean0,
      double mean1) {
    boolean passed() {
      return Math.abs(maxT) < THRESHOLD;
    }

    boolean ok() {
      return check.role() == Role.INFO || (check.control() ? !passed() : passed());
    }
  }

  public static void main(String[] args) {
    long measurements = Long.getLong("ct.measurements", 1_000_000L);
    String only = System.getProperty("ct.only", "");
    long seed = Long.getLong("ct.seed", new SecureRandom().nextLong());
    System.out.printf(Locale.ROOT, "dudect-style check: %,d measurements per check, seed %d, %s %s%n",
        measurements, seed, System.getProperty("java.vm.name"), System.getProperty("java.version"));
    boolean allOk = true;
    for (Check c : checks()) {
      if (!only.isEmpty() && !c.id().contains(only)) {
        continue;
      }
      Result r = run(c, measurements, new SplittableRandom(seed));
      System.out.println(format(r));
      allOk &= r.ok();
    }
    System.out.println(allOk ? "RESULT: every check passed and every positive control was caught"
        : "RESULT: FAILED");
    System.exit(allOk ? 0 : 1);
  }

  static String format(Result r) {
    String verdict = r.passed() ? (Math.abs(r.maxT()) < TVLA ? "pass (<4.5)" : "pass (<10, >=4.5)") : "LEAK (>=10)";
    return String.format(Locale.ROOT, "%-22s max|t| = %8.2f [%s]  raw t = %8.2f  means %.1f / %.1f ns  n = %,d  "
            + "%s%s  -- %s", r.check().id(), Math.abs(r.maxT()), r.maxTest(), r.rawT(), r.mean0(), r.mean1(),
        r.measurements(), verdict, r.check().role() == Role.INFO ? ", informational"
            : r.check().role() == Role.NULL ? (r.ok() ? ", null control quiet" : ", NULL CONTROL FAILED: noisy run")
            : r.check().control() ? (r.ok() ? ", control caught" : ", CONTROL NOT CAUGHT")
            : (r.ok() ? "" : ", FAIL"), r.check().description());
  }

  /** Runs one check: warm-up, a batch to fix the percentiles, then {@code measurements} timed measurements. */
  static Result run(Check check, long measurements, SplittableRandom rnd) {
    Target target = check.target();
    int k = check.batch();
    Object[][] inputs = check.inputs().toArray(new Object[0][]);
    int sink = 0;
    for (int i = 0; i < 200_000 / k + 1000; i++) {
      for (int j = 0; j < k; j++) {
        target.prepare(inputs[i & 1][(i + j) % POOL], j);
      }
      for (int j = 0; j < k; j++) {
        sink += target.run(j, (i + j) % POOL);
      }
    }
    int[] classes = new int[BATCH];
    int[] indexes = new int[k];
    long[] times = new long[BATCH];
    double[] cuts = null;
    Welch[] tests = new Welch[PERCENTILES + 2];
    for (int i = 0; i < tests.length; i++) {
      tests[i] = new Welch();
    }
    long done = 0;
    while (done < measurements) {
      for (int i = 0; i < BATCH; i++) {
        int cls = rnd.nextInt(2);
        classes[i] = cls;
        for (int j = 0; j < k; j++) {
          indexes[j] = rnd.nextInt(POOL);
          target.prepare(inputs[cls][indexes[j]], j);
        }
        long t0 = System.nanoTime();
        for (int j = 0; j < k; j++) {
          sink += target.run(j, indexes[j]);
        }
        times[i] = System.nanoTime() - t0;
      }
      if (cuts == null) {
        cuts = percentiles(times);
        continue;
      }
      for (int i = 0; i < BATCH; i++) {
        double x = times[i];
        int cls = classes[i];
        tests[0].add(cls, x);
        for (int p = 0; p < PERCENTILES; p++) {
          if (x < cuts[p]) {
            tests[p + 1].add(cls, x);
          }
        }
        if (tests[0].count(0) + tests[0].count(1) > ENOUGH) {
          double centred = x - tests[0].mean(cls);
          tests[PERCENTILES + 1].add(cls, centred * centred);
        }
      }
      done += BATCH;
    }
    int best = 0;
    for (int i = 1; i < tests.length; i++) {
      if (tests[i].count(0) + tests[i].count(1) >= ENOUGH && Math.abs(tests[i].t()) > Math.abs(tests[best].t())) {
        best = i;
      }
    }
    String name = best == 0 ? "raw" : best == PERCENTILES + 1 ? "2nd order" : "crop p" + String.format(Locale.ROOT,
        "%.4f", 1 - Math.pow(0.5, 10.0 * best / PERCENTILES));
    if (sink == 42) {
      System.out.print("");
    }
    return new Result(check, done, tests[best].t(), name, tests[0].t(), tests[0].mean(0), tests[0].mean(1));
  }

  private static final boolean[] KEPT = new boolean[1];

  /**
   * Keeps a boolean result alive without branching on it: {@code b ? 1 : 0} in the timed code would make the two
   * classes of a valid-versus-wrong check pay for branch mispredictions differently (the first run showed it).
   */
  static int keep(boolean b) {
    KEPT[0] = b;
    return 0;
  }

  /** dudect's cut-offs: the {@code 1 - 0.5^(10 (i+1) / 100)} quantiles of a first batch. */
  static double[] percentiles(long[] times) {
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    double[] cuts = new double[PERCENTILES];
    for (int i = 0; i < PERCENTILES; i++) {
      double q = 1 - Math.pow(0.5, 10.0 * (i + 1) / PERCENTILES);
      cuts[i] = sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
    return cuts;
  }

  /** Every check, real ones first, then the null and the positive controls. */
  static List<Check> checks() {
    SplittableRandom r = new SplittableRandom(7);
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    KeyRing ring = KeyRing.of(secret);
    CookieCodec signed = CookieCodec.builder(ring).cookieName("sid").clock(clock).build();
    CookieCodec encrypted = CookieCodec.builder(ring).cookieName("sid").clock(clock).encrypted().build();

    String[] valid = new String[POOL];
    String[] firstWrong = new String[POOL];
    String[] lastWrong = new String[POOL];
    String[] eFirstWrong = new String[POOL];
    String[] eLastWrong = new String[POOL];
    byte[][] expected = new byte[POOL][];
    byte[][] same = new byte[POOL][];
    byte[][] differsFirst = new byte[POOL][];
    byte[][] differsLast = new byte[POOL][];
    byte[][] differsRandom = new byte[POOL][];
    HmacSha256 leakyKey = new HmacSha256(secret);
    byte[] nameBinding = {0, 3, 's', 'i', 'd'};
    String[] leakyFirst = new String[POOL];
    String[] leakyLast = new String[POOL];
    String[] tagValid = new String[POOL];
    for (int i = 0; i < POOL; i++) {
      String value = "session-" + Long.toHexString(r.nextLong());
      valid[i] = signed.sign(value);
      firstWrong[i] = withTagByteFlipped(valid[i], 43, 0, 32);
      lastWrong[i] = withTagByteFlipped(valid[i], 43, 31, 32);
      String e = encrypted.sign(value);
      int sealedChars = e.length() - e.lastIndexOf('.') - 1;
      int sealedBytes = Base64Codec.decodedLength(sealedChars);
      // The GCM tag is the last 16 bytes of the sealed part.
      eFirstWrong[i] = withTagByteFlipped(e, sealedChars, sealedBytes - 16, sealedBytes);
      eLastWrong[i] = withTagByteFlipped(e, sealedChars, sealedBytes - 1, sealedBytes);

      expected[i] = new byte[32];
      for (int j = 0; j < 32; j++) {
        expected[i][j] = (byte) r.nextInt(256);
      }
      same[i] = expected[i].clone();
      differsFirst[i] = expected[i].clone();
      differsFirst[i][0] ^= 1;
      differsLast[i] = expected[i].clone();
      differsLast[i][31] ^= 1;
      differsRandom[i] = new byte[32];
      for (int j = 0; j < 32; j++) {
        differsRandom[i][j] = (byte) r.nextInt(256);
      }
      differsRandom[i][0] = (byte) ~expected[i][0];

      String body = "s1.1.1795942800." + value + ".";
      byte[] msg = (new String(nameBinding, StandardCharsets.ISO_8859_1) + body).getBytes(StandardCharsets.ISO_8859_1);
      byte[] tag = leakyKey.compute(msg);
      String good = body + Base64Codec.URL.encode(tag);
      tagValid[i] = good;
      leakyFirst[i] = withTagByteFlipped(good, 43, 0, 32);
      leakyLast[i] = withTagByteFlipped(good, 43, 31, 32);
    }
    byte[] scratch = new byte[256];
    byte[] given = new byte[32];
    byte[] computed = new byte[32];
    int k = HELPER_BATCH;

    List<Check> checks = new ArrayList<>();
    checks.add(new Check("codec-s1-first-last", "CookieCodec.verify (s1): tag wrong in its first byte vs its last",
        Role.REAL, 1, List.of(firstWrong, lastWrong),
        strings(1, (in, i) -> signed.verify(in).status().hashCode())));
    checks.add(new Check("codec-s1-valid-wrong", "CookieCodec.verify (s1): valid tag vs a wrong one of the same"
        + " length (end to end, result built for the valid one)", Role.INFO, 1, List.of(valid, lastWrong),
        strings(1, (in, i) -> signed.verify(in).status().hashCode())));
    checks.add(new Check("tag-s1-valid-wrong", "s1 tag check (HMAC over the token, then ConstantTime.equal):"
        + " valid tag vs one wrong in its last byte", Role.REAL, 1, List.of(tagValid, leakyLast),
        strings(1, (in, i) -> keep(LeakyCompare.verifySigned(leakyKey, nameBinding, in, scratch, given, computed,
            ConstantTime::equal)))));
    checks.add(new Check("codec-e1-first-last", "CookieCodec.verify (e1): GCM tag wrong in its first byte vs its"
        + " last", Role.REAL, 1, List.of(eFirstWrong, eLastWrong),
        strings(1, (in, i) -> encrypted.verify(in).status().hashCode())));
    checks.add(new Check("helper-first-last", "ConstantTime.equal, " + k + " calls: 32 bytes differing in the"
        + " first byte vs the last", Role.REAL, k, List.of(differsFirst, differsLast),
        bytes(k, 32, (in, i) -> keep(ConstantTime.equal(expected[i], in)))));
    checks.add(new Check("helper-equal-differ", "ConstantTime.equal, " + k + " calls: equal 32 bytes (a valid"
        + " tag) vs 32 different bytes (a wrong tag of the same length)", Role.REAL, k, List.of(same, differsRandom),
        bytes(k, 32, (in, i) -> keep(ConstantTime.equal(expected[i], in)))));
    checks.add(new Check("null-codec-s1", "NULL CONTROL CookieCodec.verify (s1): the same tokens, wrong in their"
        + " last byte, in both classes", Role.NULL, 1, List.of(lastWrong, lastWrong.clone()),
        strings(1, (in, i) -> signed.verify(in).status().hashCode())));
    checks.add(new Check("null-helper", "NULL CONTROL ConstantTime.equal, " + k + " calls: the same bytes, differing"
        + " in the last byte, in both classes", Role.NULL, k, List.of(differsLast, differsLast.clone()),
        bytes(k, 32, (in, i) -> keep(ConstantTime.equal(expected[i], in)))));
    checks.add(new Check("control-helper", "POSITIVE CONTROL LeakyCompare.equal, " + k + " calls: first byte vs"
        + " last byte differs", Role.CONTROL, k, List.of(differsFirst, differsLast),
        bytes(k, 32, (in, i) -> keep(LeakyCompare.equal(expected[i], in)))));
    checks.add(new Check("control-codec", "POSITIVE CONTROL s1 verify with HMAC + LeakyCompare: tag wrong in"
        + " first vs last byte", Role.CONTROL, 1, List.of(leakyFirst, leakyLast),
        strings(1, (in, i) -> keep(LeakyCompare.verifySigned(leakyKey, nameBinding, in, scratch, given,
            computed)))));
    return checks;
  }

  /**
   * {@code token} with byte {@code index} of its trailing base64url field ({@code chars} characters, {@code bytes}
   * bytes) XORed with 0x80: the same length, canonical, and wrong in exactly that byte.
   */
  static String withTagByteFlipped(String token, int chars, int index, int bytes) {
    int start = token.length() - chars;
    byte[] field = new byte[bytes];
    if (Base64Codec.URL.decode(token, start, token.length(), field, 0) != bytes) {
      throw new IllegalStateException("not a canonical field");
    }
    field[index] ^= (byte) 0x80;
    return token.substring(0, start) + Base64Codec.URL.encode(field);
  }
}
