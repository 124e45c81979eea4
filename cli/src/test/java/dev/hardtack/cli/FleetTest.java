package dev.hardtack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet on one machine: two JVMs ({@link FleetNode}) watch one keyring file and verify each other's fresh
 * cookies every 10 ms, while the CLI jar stages, promotes, retires and revokes a key. Until the revoke there
 * must be no false reject; after it, both must reject the revoked key's cookie within the reload interval.
 */
@Tag("slow")
class FleetTest {
  /** The watcher polls every 250 ms; allow for a node's 10 ms loop and a loaded machine. */
  static final long RELOAD_BOUND_MS = 1000;

  @TempDir Path dir;

  private final List<Process> nodes = new ArrayList<>();

  @Test
  void fleet_stagePromoteRetireRevoke_noFalseRejectsAndRevokeWithinReloadInterval() throws Exception {
    assertEquals(0, Jar.run(dir, "keyring", "init", "keys").code());
    Path logA = start("A", "B");
    Path logB = start("B", "A");
    try {
      // Both running, each holding a valid cookie the other signed with key 1.
      await(logA, l -> l.endsWith(" old VALID"));
      await(logB, l -> l.endsWith(" old VALID"));

      long stageLatency = step(logA, logB, l -> l.contains("reloaded") && l.contains("2:STAGED"),
          "keyring", "stage", "keys");
      long promoteLatency = step(logA, logB, l -> l.contains("reloaded") && l.contains("2:PRIMARY"),
          "keyring", "promote", "keys", "2");
      Thread.sleep(1000); // a second of cross-verification under the new primary
      String until = Instant.now().plusSeconds(3600).toString();
      long retireLatency = step(logA, logB, l -> l.contains("reloaded") && l.contains("1:RETIRED@"),
          "keyring", "retire", "keys", "1", "--until", until);
      Thread.sleep(500);

      Jar.Result revoke = Jar.run(dir, "keyring", "revoke", "keys", "1");
      long revokedAt = writtenAt();
      assertEquals(0, revoke.code(), revoke.toString());
      long rejectA = millisOf(await(logA, l -> l.endsWith(" old UNKNOWN_KEY"))) - revokedAt;
      long rejectB = millisOf(await(logB, l -> l.endsWith(" old UNKNOWN_KEY"))) - revokedAt;
      Thread.sleep(500);

      Files.createFile(dir.resolve("stop"));
      for (Process p : nodes) {
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      }
      long verified = 0;
      for (Path log : List.of(logA, logB)) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.US_ASCII);
        String done = lines.get(lines.size() - 1);
        assertTrue(done.contains(" done verified="), done);
        assertTrue(done.endsWith(" rejected=0"), "false rejects of fresh cookies: " + lines);
        verified += Long.parseLong(done.replaceAll(".* verified=(\\d+) .*", "$1"));
        List<String> oldChanges = lines.stream().filter(l -> l.contains(" old ")).toList();
        assertEquals(2, oldChanges.size(), "the old cookie was valid until the revoke: " + oldChanges);
        assertTrue(lines.stream().noneMatch(l -> l.contains("rejected-file")), lines.toString());
      }
      System.out.printf("fleet test: %d cross-verifications, 0 false rejects; both nodes reloaded, after the CLI wrote the file: stage %d"
          + " ms, promote %d ms, retire %d ms; revoked key's cookie rejected %d ms (A) and %d ms (B) after the"
          + " revoke%n", verified, stageLatency, promoteLatency, retireLatency, rejectA, rejectB);
      assertTrue(verified > 200, "too few verifications to mean anything: " + verified);
      assertTrue(rejectA <= RELOAD_BOUND_MS && rejectB <= RELOAD_BOUND_MS, rejectA + " / " + rejectB + " ms");
    } finally {
      for (Process p : nodes) {
        p.destroyForcibly();
      }
    }
  }

  private Path start(String name, String peer) throws IOException {
    Path log = dir.resolve(name + ".log");
    String cp = Jar.JAR.toAbsolutePath() + File.pathSeparator + System.getProperty("hardtack.test.classes");
    List<String> cmd = new ArrayList<>(List.of(Jar.JAVA));
    cmd.addAll(Jar.quickJvm());
    cmd.addAll(List.of("-cp", cp, FleetNode.class.getName(), dir.resolve("keys").toString(), name, peer,
        dir.toString()));
    nodes.add(new ProcessBuilder(cmd).redirectOutput(log.toFile()).redirectErrorStream(true).start());
    return log;
  }

  /** Runs the CLI, then waits until both nodes log a matching line; the slower node's delay, in ms. */
  private long step(Path logA, Path logB, Predicate<String> reloaded, String... cli) throws Exception {
    Jar.Result r = Jar.run(dir, cli);
    long wrote = writtenAt();
    assertEquals(0, r.code(), r.toString());
    long a = millisOf(await(logA, reloaded));
    long b = millisOf(await(logB, reloaded));
    return Math.max(a, b) - wrote;
  }

  /** When the CLI wrote the keyring: the new file's modification time (the rename follows within a ms or so). */
  private long writtenAt() throws IOException {
    return Files.getLastModifiedTime(dir.resolve("keys")).toMillis();
  }

  private static long millisOf(String line) {
    return Long.parseLong(line.substring(0, line.indexOf(' ')));
  }

  private String await(Path log, Predicate<String> matching) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        for (String l : Files.readAllLines(log, StandardCharsets.US_ASCII)) {
          if (matching.test(l)) {
            return l;
          }
        }
      }
      for (Process p : nodes) {
        if (!p.isAlive()) {
          throw new AssertionError("a node died: " + Files.readString(log));
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("not seen in 30 s in " + log + ": " + Files.readString(log));
  }
}
