package dev.hardtack.benchmarks;

import dev.hardtack.express.ExpressCookies;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

/** Unsigning express-session cookies ({@code <id>.<tag>}) with 1 secret, and with 3 where the last one matches. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExpressCookiesBenchmark {

  @State(Scope.Thread)
  public static class Signed {
    @Param({"1", "3"})
    int secrets;

    ExpressCookies express;
    String[] cookies;
    int index;

    @Setup
    public void setup() {
      List<String> all = new ArrayList<>();
      for (int i = 0; i < secrets; i++) {
        all.add("keyboard cat " + i);
      }
      express = ExpressCookies.of(all);
      // Signed by the last secret: the one an unsign tries last.
      ExpressCookies signer = ExpressCookies.of(List.of(all.get(secrets - 1)));
      String[] ids = Fixtures.values(Fixtures.INPUTS, 32, 11);
      cookies = new String[ids.length];
      for (int i = 0; i < ids.length; i++) {
        cookies[i] = signer.sign(ids[i]);
        if (!express.unsign(cookies[i]).isPresent()) {
          throw new AssertionError("setup: does not unsign");
        }
      }
    }
  }

  @Benchmark
  public Optional<String> unsign(Signed s) {
    return s.express.unsign(s.cookies[s.index++ & (Fixtures.INPUTS - 1)]);
  }
}
