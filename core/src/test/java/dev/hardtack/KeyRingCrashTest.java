package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of {@link KeyRing#save}: a child JVM rotates and saves a ring in a loop and is killed with
 * SIGKILL at a random moment, {@value #KILLS} times. After every kill the file must load and hold either the last
 * ring the child reported saved, or the one after it. Nothing is lost: the primary version never goes back.
 */
@Tag("slow")
class KeyRingCrashTest {
  static final int KILLS = 100;

  @TempDir Path dir;

  @Test
  void save_sigkilledAtRandomMoments_fileAlwaysOldOrNew() throws Exception {
    Path file = dir.resolve("keys");
    KeyRing.generate().save(file);
    String classpath = String.join(File.pathSeparator,
        location(KeyRingSaveLoop.class), location(KeyRing.class), location(SHA256Digest.class));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Random random = new Random();
    int primary = 1;
    String hash = sha(file);
    int midRunKills = 0;
    int newerAfterKill = 0;
    long started = System.nanoTime();
    Path log = dir.resolve("child.log");
    for (int i = 0; i < KILLS; i++) {
      // The child's output goes to a file, read after its death: a pipe read while the process is killed can
      // lose its last lines.
      Files.deleteIfExists(log);
      Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-cp", classpath, KeyRingSaveLoop.class.getName(), file.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .redirectOutput(log.toFile())
          .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.exists(log) || Files.size(log) < 6 + 10) { // "ready", then the start of a "saved" line
        assertTrue(System.nanoTime() < deadline && child.isAlive(), "the child did not start");
        Thread.sleep(2);
      }
      Thread.sleep(random.nextInt(30)); // a random moment of the save loop, each save a few milliseconds
      child.destroyForcibly(); // SIGKILL on POSIX
      child.waitFor();
      String lastSaved = null;
      for (String line : Files.readAllLines(log, StandardCharsets.US_ASCII)) {
        if (line.matches("saved \\d+ [0-9a-f]{64}")) { // a line cut short by the kill does not count
          lastSaved = line;
        }
      }
      if (lastSaved != null) {
        String[] f = lastSaved.split(" ", -1);
        primary = Integer.parseInt(f[1]);
        hash = f[2];
        midRunKills++;
      }
      KeyRing loaded = KeyRing.load(file); // must not throw
      String now = sha(file);
      if (!now.equals(hash)) {
        // The rename of the save in flight landed before the kill, but the child had not reported it yet.
        assertEquals(primary + 1, loaded.primaryVersion(), "kill " + i + ": neither the old nor the new ring");
        newerAfterKill++;
        primary = loaded.primaryVersion();
        hash = now;
      } else {
        assertEquals(primary, loaded.primaryVersion(), "kill " + i);
      }
      List<KeyInfo> keys = loaded.keys();
      assertTrue(keys.size() <= 3 && keys.get(keys.size() - 1).primary(), "kill " + i + ": " + keys);
    }
    long tmpLeft;
    try (var s = Files.list(dir)) {
      tmpLeft = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
    }
    System.out.printf("crash test: %d SIGKILLs in %d s; %d while saving in a loop, %d found the next ring already"
        + " renamed in; final primary version %d; %d orphaned temp files (owner-only)%n", KILLS,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), midRunKills, newerAfterKill, primary, tmpLeft);
    assertTrue(midRunKills >= KILLS * 9 / 10, "too few kills landed while the child was saving: " + midRunKills);
  }

  private static String sha(Path file) throws java.io.IOException {
    byte[] b = Files.readAllBytes(file);
    return HexFormat.of().formatHex(KeyRingText.sha256(b, 0, b.length));
  }

  static String location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
