package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
    String classpath = String.join(File.pathSeparator, KeyRingCrashTest.location(HeapDumpScenario.class),
        KeyRingCrashTest.location(KeyRing.class), KeyRingCrashTest.location(SHA256Digest.class));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("child.log");
    Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", classpath,
        HeapDumpScenario.class.getName(), hex.formatHex(secrets[0]), hex.formatHex(secrets[1]),
        before.toString(), after.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not finish");
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), output);
    assertTrue(output.contains("done"), output);

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
