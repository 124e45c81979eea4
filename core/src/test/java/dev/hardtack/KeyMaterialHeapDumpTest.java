package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No key material in a heap object that outlives its key version (issue 6, item 5), checked on the whole heap
 * rather than on the fields the library knows about.
 *
 * <p>A child JVM ({@link HeapDumpScenario}) uses keys 2 and 3 from a pool of threads, dumps its live heap,
 * revokes key 2, lets key 3's retirement deadline pass, and dumps the live heap again with the pool's threads
 * still alive. Both dumps are searched for 16-byte prefixes of everything derived from those two secrets: the
 * secret, the HMAC's pre-hashed pad states, the AES key and GCM's hash key H. A heap dump writes primitive arrays big-endian, so
 * the JDK's expanded AES key schedules (int arrays that begin with the key's words) and its GHASH tables (long
 * arrays of H) match the same byte patterns. The first dump is the positive control: it must contain the
 * patterns, or the search proves nothing. The second must contain none of them.
 */
@Tag("slow")
class KeyMaterialHeapDumpTest {
  @TempDir Path dir;

  @Test
  void revokeAndRetire_afterPoolThreadsUsedTheKeys_noReachableCopyInHeapDump() throws Exception {
    SecureRandom random = new SecureRandom();
    byte[][] secrets = {new byte[32], new byte[32]};
    random.nextBytes(secrets[0]);
    random.nextBytes(secrets[1]);
    Path before = dir.resolve("before.hprof");
    Path after = dir.resolve("after.hprof");
    HexFormat hex = HexFormat.of();
    runChild(List.of("-Xmx256m"), HeapDumpScenario.class.getName(), hex.formatHex(secrets[0]),
        hex.formatHex(secrets[1]), before.toString(), after.toString());

    Map<String, byte[]> patterns = new LinkedHashMap<>();
    for (int i = 0; i < 2; i++) {
      int version = i + 2;
      byte[] macKey = KeyEntry.derive(secrets[i], KeyEntry.MAC_PURPOSE, version);
      byte[] aeadKey = KeyEntry.derive(secrets[i], KeyEntry.AEAD_PURPOSE, version);
      Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
      ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aeadKey, "AES"));
      patterns.put("key " + version + " secret", prefix(secrets[i], 0));
      patterns.put("key " + version + " HMAC inner state", padState(macKey, 0x36));
      patterns.put("key " + version + " HMAC outer state", padState(macKey, 0x5c));
      patterns.put("key " + version + " AES key, first half", prefix(aeadKey, 0));
      patterns.put("key " + version + " AES key, second half", prefix(aeadKey, 16));
      patterns.put("key " + version + " GCM H", ecb.doFinal(new byte[16]));
    }

    byte[] live = Files.readAllBytes(before);
    for (Map.Entry<String, byte[]> p : patterns.entrySet()) {
      assertTrue(contains(live, p.getValue()),
          "positive control: the heap of a process using the key should hold its " + p.getKey());
    }
    byte[] gone = Files.readAllBytes(after);
    List<String> found = patterns.entrySet().stream()
        .filter(p -> contains(gone, p.getValue())).map(Map.Entry::getKey).toList();
    assertEquals(List.of(), found, "still reachable after revoke / retirement");
  }

  @Test
  void csprngRefill_afterItsKeyIsReplaced_neitherTheKeyNorItsOutputInHeapDump() throws Exception {
    // The generator's promise is backtracking resistance: once a refill has replaced a key, nothing in memory,
    // live or garbage, lets anyone recompute that key's output, part of which has been handed out as ids and
    // nonces. Its keystream comes from the JDK's ChaCha20 cipher, which keeps its own copies of the key and
    // of what it generated; this checks the whole heap rather than the fields one JDK version has.
    // Both dumps take the garbage too, and the young generation is big enough that no collection runs in the
    // child: a copy left behind as garbage (a SecretKeySpec's, say) shows in the dump as it would in memory.
    runChild(List.of("-Xmx96m", "-Xmn64m"), "dev.hardtack.internal.CsprngHeapDumpScenario", dir.toString());

    HexFormat hex = HexFormat.of();
    byte[] key = hex.parseHex(Files.readString(dir.resolve("key.hex")));
    byte[] next = hex.parseHex(Files.readString(dir.resolve("next.hex")));
    byte[] drawn = hex.parseHex(Files.readString(dir.resolve("output.hex")));
    byte[] before = Files.readAllBytes(dir.resolve("before.hprof"));
    byte[] after = Files.readAllBytes(dir.resolve("after.hprof"));
    assertTrue(contains(before, prefix(key, 0)), "positive control: the generator's key, before its refill");
    assertTrue(contains(after, prefix(next, 0)), "positive control: the generator's next key, after it");
    // Each 16-byte piece of the old key and of its output, as bytes and as the little-endian int words a
    // ChaCha20 state holds (which a heap dump writes big-endian).
    Map<String, byte[]> patterns = new LinkedHashMap<>();
    for (int off = 0; off < key.length; off += 16) {
      patterns.put("old key at " + off, prefix(key, off));
      patterns.put("old key at " + off + " as words", swapWords(prefix(key, off)));
    }
    for (int off = 0; off + 16 <= drawn.length; off += 16) {
      patterns.put("its output at " + off, prefix(drawn, off));
      patterns.put("its output at " + off + " as words", swapWords(prefix(drawn, off)));
    }
    List<String> found = patterns.entrySet().stream()
        .filter(p -> contains(after, p.getValue())).map(Map.Entry::getKey).toList();
    assertEquals(List.of(), found, "recoverable after the refill that replaced the key");
  }

  /** Runs {@code mainClass} in a child JVM (serial GC) on core's class path, and checks that it printed done. */
  private void runChild(List<String> heapOptions, String mainClass, String... args) throws Exception {
    String classpath = String.join(File.pathSeparator, KeyRingCrashTest.location(HeapDumpScenario.class),
        KeyRingCrashTest.location(KeyRing.class), KeyRingCrashTest.location(SHA256Digest.class));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(heapOptions);
    command.addAll(List.of("-XX:+UseSerialGC", "-cp", classpath, mainClass));
    command.addAll(List.of(args));
    Path log = dir.resolve("child.log");
    Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not finish");
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), output);
    assertTrue(output.contains("done"), output);
  }

  private static byte[] swapWords(byte[] b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[(i & ~3) + 3 - (i & 3)];
    }
    return out;
  }

  private static byte[] prefix(byte[] b, int from) {
    return Arrays.copyOfRange(b, from, from + 16);
  }

  /**
   * The first four SHA-256 state words after one pad block {@code K ^ mask}, as HmacSha256 keeps them (its
   * pre-hashed digests hold them in an int array, which a heap dump writes big-endian). Bouncy Castle's encoded
   * state has the eight state words big-endian from byte 16.
   */
  private static byte[] padState(byte[] key, int mask) {
    byte[] pad = new byte[64];
    for (int i = 0; i < 64; i++) {
      pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ mask);
    }
    SHA256Digest d = new SHA256Digest();
    d.update(pad, 0, pad.length);
    return prefix(d.getEncodedState(), 16);
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
      if (haystack[i] != needle[0]) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
