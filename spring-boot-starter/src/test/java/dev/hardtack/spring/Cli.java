package dev.hardtack.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hardtack.KeyRing;
import dev.hardtack.cli.HardtackCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.function.Predicate;
import picocli.CommandLine;

/** The {@code hardtack} tool, run in-process as an operator would run it from a shell. */
final class Cli {
  private Cli() {}

  /** Runs {@code hardtack ARGS} and returns what it printed; fails the test unless it exits 0. */
  static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new HardtackCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    assertEquals(0, code, () -> "hardtack " + String.join(" ", args) + " failed: " + err);
    return out.toString();
  }

  /** Waits (at most {@code limit}) until {@code ring} satisfies {@code condition}; false if it never did. */
  static boolean await(KeyRing ring, Predicate<KeyRing> condition, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.test(ring)) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.test(ring);
  }

  static boolean hasVersion(KeyRing ring, int version) {
    return ring.keys().stream().anyMatch(k -> k.version() == version);
  }
}
