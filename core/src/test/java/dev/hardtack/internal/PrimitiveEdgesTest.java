package dev.hardtack.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The edges of the crypto wrappers that the vector tests do not reach: input too short to hold a nonce and a
 * tag, output buffers one byte too small, HKDF's output bounds, and toString without key material.
 */
class PrimitiveEdgesTest {
  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  @Test
  void aesGcm_sealReturnsLengthAndOpenRefusesShortInputOrOutput() {
    AesGcm g = new AesGcm(bytes(32, 1));
    byte[] nonce = bytes(12, 2);
    byte[] aad = {1, 2, 3};
    byte[] plain = bytes(10, 3);
    byte[] sealed = new byte[12 + 10 + 16];
    System.arraycopy(nonce, 0, sealed, 0, 12);
    assertEquals(26, g.seal(nonce, aad, 3, plain, sealed, 12));
    byte[] out = new byte[10];
    assertEquals(10, g.open(aad, 3, sealed, 0, sealed.length, out));
    assertArrayEquals(plain, out);
    // Output one byte too small: refused, nothing written.
    byte[] small = new byte[9];
    assertEquals(-1, g.open(aad, 3, sealed, 0, sealed.length, small));
    assertArrayEquals(new byte[9], small);
    // 27 bytes cannot hold a nonce and a tag.
    assertEquals(-1, g.open(aad, 3, new byte[27], 0, 27, new byte[16]));
    assertEquals("AesGcm[key=<redacted>]", g.toString());
  }

  @Test
  void hmac_outputRoomExactlyOrOneShort() {
    HmacSha256 h = new HmacSha256(bytes(32, 4));
    byte[] msg = bytes(50, 5);
    byte[] tag = h.compute(msg);
    byte[] out = new byte[40];
    h.compute(null, msg, 0, msg.length, out, 8);
    assertArrayEquals(tag, Arrays.copyOfRange(out, 8, 40));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> h.compute(null, msg, 0, msg.length, new byte[40], 9));
    assertEquals("the output needs 32 bytes", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> h.compute(null, msg, 0, msg.length, new byte[40], -1));
    assertEquals("the output needs 32 bytes", e.getMessage());
    // A prefix is hashed just before the message.
    byte[] joined = new byte[5 + 50];
    System.arraycopy(msg, 0, joined, 5, 50);
    joined[0] = 9;
    byte[] withPrefix = new byte[32];
    h.compute(new byte[] {9, 0, 0, 0, 0}, msg, 0, msg.length, withPrefix, 0);
    assertArrayEquals(h.compute(joined), withPrefix);
    assertEquals("HmacSha256[key=<redacted>]", h.toString());
  }

  @Test
  void hkdf_outputLengthsAtTheirBounds() {
    byte[] ikm = bytes(32, 6);
    assertEquals(0, Hkdf.deriveSha256(ikm, null, null, 0).length);
    byte[] max = Hkdf.deriveSha256(ikm, null, null, Hkdf.MAX_OUTPUT);
    assertEquals(8160, max.length);
    assertArrayEquals(Hkdf.deriveSha256(ikm, null, null, 32), Arrays.copyOf(max, 32));
    assertThrows(IllegalArgumentException.class, () -> Hkdf.deriveSha256(ikm, null, null, Hkdf.MAX_OUTPUT + 1));
    assertThrows(IllegalArgumentException.class, () -> Hkdf.deriveSha256(ikm, null, null, -1));
  }
}
