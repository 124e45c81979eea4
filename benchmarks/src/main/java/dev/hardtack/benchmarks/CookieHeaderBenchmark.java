package dev.hardtack.benchmarks;

import dev.hardtack.CookieHeader;
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
 * {@link CookieHeader#parse(String)} on headers of 1 KiB to 1 MiB, in two shapes: {@code pairs}, ordinary
 * {@code nNNN=value} pairs, and {@code noEquals}, short pieces without {@code =} (the shape that made every piece
 * scan to the end of the whole header when the parser looked for {@code =} with {@code indexOf}). A parser whose
 * work is linear in what it reads, and which reads at most {@link CookieHeader#MAX_INPUT} characters, costs the
 * same from 16 KiB up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CookieHeaderBenchmark {
  @Param({"1024", "16384", "131072", "1048576"})
  int size;

  @Param({"pairs", "noEquals"})
  String shape;

  String header;

  @Setup
  public void setup() {
    StringBuilder b = new StringBuilder(size + 32);
    int i = 0;
    while (b.length() < size) {
      if (shape.equals("pairs")) {
        b.append('n').append(i++).append("=v1234567890abcdef; ");
      } else {
        b.append("a;");
      }
    }
    b.setLength(size);
    header = b.toString();
  }

  @Benchmark
  public CookieHeader parse() {
    return CookieHeader.parse(header);
  }
}
