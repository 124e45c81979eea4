package dev.hardtack.benchmarks;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import dev.hardtack.Verification;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verify throughput while another thread rotates keys as fast as it can (group {@code rotating}: each rotation
 * adds a key, makes it primary and revokes the one before the previous), against the same verify with no
 * rotation (group {@code still}). A verifier re-signs its cookie whenever the result asks for it, as a server
 * does, so it keeps meeting the primary and the previous key.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KeyRingBenchmark {

  @State(Scope.Group)
  public static class Ring {
    KeyRing ring;
    CookieCodec codec;

    @Setup
    public void setup() {
      ring = KeyRing.of(Fixtures.secret(1));
      codec = Fixtures.codec(ring, false, Clock.systemUTC());
    }
  }

  @State(Scope.Thread)
  public static class Verifier {
    String[] values;
    String[] cookies;
    int index;

    @Setup
    public void setup(Ring r) {
      values = Fixtures.values(Fixtures.INPUTS, 43, 13);
      cookies = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        cookies[i] = r.codec.sign(values[i]);
      }
    }
  }

  static Verification verifyOne(Ring r, Verifier v) {
    int i = v.index++ & (Fixtures.INPUTS - 1);
    Verification result = r.codec.verify(v.cookies[i]);
    if (!result.isValid() || result.needsResign()) {
      v.cookies[i] = r.codec.sign(v.values[i]);
    }
    return result;
  }

  @Benchmark
  @Group("rotating")
  @GroupThreads(1)
  public Verification verify(Ring r, Verifier v) {
    return verifyOne(r, v);
  }

  @Benchmark
  @Group("rotating")
  @GroupThreads(1)
  public int rotate(Ring r) {
    int v = r.ring.rotate();
    if (v > 2) {
      r.ring.revoke(v - 2);
    }
    return v;
  }

  @Benchmark
  @Group("still")
  @GroupThreads(1)
  public Verification verifyAlone(Ring r, Verifier v) {
    return verifyOne(r, v);
  }
}
