package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the keyring file loader ({@link KeyRing#load} without the file system): {@link
 * KeyRingFile#parseAny} and the ring built from what it parsed.
 *
 * <p>Input layout: byte 0 is a mode; when its low bit is set, the target recomputes the file's {@code sha256}
 * line for the fuzzer (otherwise nearly every mutation would stop at the checksum and the key lines would go
 * unexplored); the rest is the file.
 *
 * <p>Properties: the parser throws its documented {@link KeyRingFormatException} or returns keys, nothing
 * else escapes; an error message never shows a secret of the input; a file that parses gives a ring with exactly
 * one primary, versions below next-version, and whose keys saved again parse to the same versions; the encrypted
 * header without a passphrase is refused, never decrypted.
 */
@Tag("slow")
class KeyRingFileFuzzTest {
  private static final Instant NOW = Fixtures.NOW;

  @FuzzTest
  @Timeout(10)
  // No entry may hold a line break: libFuzzer's dictionary format cannot carry one.
  @DictionaryEntries({"hardtack-keyring 1", "next-version ", "key ", " primary", " staged", " retired",
      " created=", " until=", " last-used=", " secret=", "sha256 ", "2026-11-29T09:00:00Z",
      "hardtack-keyring-encrypted 1"})
  void parse_anyFile_formatExceptionOrConsistentRing(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] file = Arrays.copyOfRange(input, 1, input.length);
    if ((input[0] & 1) != 0) {
      file = KeyRingTextTest.withChecksum(file);
    }
    KeyRingText.Parsed parsed;
    try {
      parsed = KeyRingFile.decode(file, null);
    } catch (KeyRingFormatException e) {
      assertNotNull(e.getMessage());
      assertTrue(e.getMessage().startsWith("line ") || e.getMessage().startsWith("the file is empty"),
          e.getMessage());
      assertNoSecretOf(file, e.getMessage());
      return;
    }
    try {
      KeySnapshot s = KeyRing.snapshotOf(parsed, null, NOW);
      assertNotNull(s.primary, "a parsed file without a primary");
      int primaries = 0;
      for (KeySnapshot.Row slot : s.rows()) {
        assertTrue(slot.key.version >= 1 && slot.key.version < parsed.nextVersion);
        primaries += slot.state == KeyState.PRIMARY ? 1 : 0;
        assertTrue(slot.until == null || slot.until.isAfter(NOW), "an expired retired key was kept");
      }
      assertEquals(1, primaries);
      byte[] again = KeyRingText.encode(parsed.nextVersion, s.rows());
      KeyRingText.Parsed reparsed = KeyRingText.parse(again);
      assertEquals(parsed.nextVersion, reparsed.nextVersion);
      assertEquals(s.rows().size(), reparsed.keys.size());
      reparsed.destroy();
    } catch (KeyRingFormatException e) {
      throw new AssertionError("a ring loaded from a file does not save and load again: " + e.getMessage());
    } finally {
      parsed.destroy();
    }
  }

  /** The message shows no {@code secret=} field value of the input that looks like a secret. */
  private static void assertNoSecretOf(byte[] file, String message) {
    String text = new String(file, StandardCharsets.ISO_8859_1);
    for (String part : List.of(text.split("secret=", -1)).subList(1, text.split("secret=", -1).length)) {
      int stop = 0;
      while (stop < part.length() && part.charAt(stop) != '\n' && part.charAt(stop) != ' ') {
        stop++;
      }
      String secret = part.substring(0, stop);
      // Only a secret as the format writes one (20+ base64url characters): Jazzer's first finding here,
      // crash-19b715c3..., was "secret=hardtack-keyring", which the message quotes as the file's magic.
      if (secret.length() >= 20 && secret.chars().allMatch(c -> (Character.isLetterOrDigit(c) && c < 128)
          || c == '-' || c == '_')) {
        assertFalse(message.contains(secret), "the message shows a secret: " + message);
      }
    }
  }
}
