package dev.hardtack.benchmarks;

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
 * A fresh session id from one generator shared by every thread, as a server shares it between request threads:
 * Hardtack, the CSPRNG candidates it was chosen from, and the usual peers, on one thread and on two.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SessionIdGeneratorBenchmark {

  /** The generator under test, shared by the benchmark's threads. */
  @State(Scope.Benchmark)
  public static class Generator {
    @Param({
      "HARDTACK", "CANDIDATE_DRBG", "CANDIDATE_AES_CTR", "CANDIDATE_BC_CHACHA", "UUID", "TOMCAT",
      "SECURE_RANDOM_SHARED"
    })
    IdSubject subject;

    IdSubject.Generator generator;

    @Setup
    public void setup() {
      generator = subject.create();
      generator.next();
    }
  }

  @Benchmark
  @Threads(1)
  public String oneThread(Generator g) {
    return g.generator.next();
  }

  @Benchmark
  @Threads(2)
  public String twoThreads(Generator g) {
    return g.generator.next();
  }
}
