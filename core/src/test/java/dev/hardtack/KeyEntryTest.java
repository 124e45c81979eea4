package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyEntry}: subkeys are HKDF-SHA256 (rebuilt here from the JDK's HMAC, RFC 5869 by hand) with the
 * version as 4 big-endian bytes after the purpose, checked with a version whose four bytes all differ; and the
 * last-used stamp moves at most once a second.
 */
class KeyEntryTest {
  private static byte[] hmac(byte[] key, byte[]... parts) throws Exception {
    Mac m = Mac.getInstance("HmacSHA256");
    m.init(new SecretKeySpec(key, "HmacSHA256"));
    for (byte[] p : parts) {
      m.update(p);
    }
    return m.doFinal();
  }

  private static byte[] hkdf32(byte[] ikm, byte[] salt, byte[] info) throws Exception {
    byte[] prk = hmac(salt, ikm);
    return hmac(prk, info, new byte[] {1}); // one block: T(1) = HMAC(PRK, info || 0x01)
  }

  @Test
  void derive_versionWithFourDistinctBytes_bigEndianAfterThePurpose() throws Exception {
    int version = 0x01020304;
    for (String purpose : new String[] {KeyEntry.MAC_PURPOSE, KeyEntry.AEAD_PURPOSE}) {
      byte[] p = purpose.getBytes(StandardCharsets.US_ASCII);
      byte[] info = Arrays.copyOf(p, p.length + 4);
      info[p.length] = 1;
      info[p.length + 1] = 2;
      info[p.length + 2] = 3;
      info[p.length + 3] = 4;
      assertArrayEquals(hkdf32(Fixtures.SECRET_1, "hardtack/v1".getBytes(StandardCharsets.US_ASCII), info),
          KeyEntry.derive(Fixtures.SECRET_1, purpose, version), purpose);
    }
    // The largest version too: every byte in use, the top one with its high bit set.
    byte[] p = KeyEntry.MAC_PURPOSE.getBytes(StandardCharsets.US_ASCII);
    byte[] info = Arrays.copyOf(p, p.length + 4);
    System.arraycopy(HexFormat.of().parseHex("7fffffff"), 0, info, p.length, 4);
    assertArrayEquals(hkdf32(Fixtures.SECRET_1, KeyEntry.SALT, info),
        KeyEntry.derive(Fixtures.SECRET_1, KeyEntry.MAC_PURPOSE, Integer.MAX_VALUE));
  }

  @Test
  void touch_stampsAtMostOnceASecond() {
    KeyEntry k = new KeyEntry(1, Fixtures.SECRET_1, Fixtures.NOW);
    assertEquals(0, k.lastUsedMillis);
    k.touch(999);
    assertEquals(0, k.lastUsedMillis);
    k.touch(1000);
    assertEquals(1000, k.lastUsedMillis);
    k.touch(1999);
    assertEquals(1000, k.lastUsedMillis);
    k.touch(2000);
    assertEquals(2000, k.lastUsedMillis);
  }

  @Test
  void toString_versionAndTimeButNoSecret() {
    KeyEntry k = new KeyEntry(7, Fixtures.SECRET_1, Instant.parse("2026-11-29T09:00:00Z"));
    String s = k.toString();
    assertEquals("KeyEntry[version=7, createdAt=2026-11-29T09:00:00Z, secret=<redacted>]", s);
    assertFalse(s.contains(HexFormat.of().formatHex(Fixtures.SECRET_1)));
    assertTrue(Arrays.equals(Fixtures.SECRET_1, k.secret()));
  }
}
