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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@link CookieCodec}, as a server holds it, shared by 1 or 2 threads: what the threads share inside the
 * codec (the key ring's snapshot, and for encrypted cookies the key's pool of AES-GCM lanes) is what this
 * measures. {@link CookieCodecBenchmark} gives each thread its own codec, so it cannot see contention.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SharedCodecBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SharedCodecBenchmark {

  /** The codec and its 43-character cookies, shared by every thread of the benchmark. */
  @State(Scope.Benchmark)
  public static class Shared {
    @Param({"SIGNED", "ENCRYPTED"})
    String format;

    CookieCodec codec;
    String[] values;
    String[] cookies;

    @Setup
    public void setup() {
      codec = Fixtures.codec(KeyRing.of(Fixtures.secret(1)), format.equals("ENCRYPTED"), Clock.systemUTC());
      values = Fixtures.values(Fixtures.INPUTS, 43, 7);
      cookies = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        cookies[i] = codec.sign(values[i]);
        if (!codec.verify(cookies[i]).isValid()) {
          throw new AssertionError("setup: cookie " + i + " does not verify");
        }
      }
    }
  }

  /** Each thread's own position in the inputs. */
  @State(Scope.Thread)
  public static class Cursor {
    int index;

    int next() {
      return index++ & (Fixtures.INPUTS - 1);
    }
  }

  /** Verifies the next cookie, one thread. */
  @Benchmark
  @Threads(1)
  public Verification verifyOneThread(Shared s, Cursor c) {
    return s.codec.verify(s.cookies[c.next()]);
  }

  /** Verifies the next cookie, two threads on the same codec. */
  @Benchmark
  @Threads(2)
  public Verification verifyTwoThreads(Shared s, Cursor c) {
    return s.codec.verify(s.cookies[c.next()]);
  }

  /** Signs the next value, one thread. */
  @Benchmark
  @Threads(1)
  public String signOneThread(Shared s, Cursor c) {
    return s.codec.sign(s.values[c.next()]);
  }

  /** Signs the next value, two threads on the same codec. */
  @Benchmark
  @Threads(2)
  public String signTwoThreads(Shared s, Cursor c) {
    return s.codec.sign(s.values[c.next()]);
  }
}
