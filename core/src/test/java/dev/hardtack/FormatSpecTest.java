package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

/**
 * Re-implements docs/FORMAT.md from the text alone, with the JDK's and Bouncy Castle's primitives called
 * directly, and checks that the library agrees with it in both directions. Together with
 * {@link GoldenTokensTest}, which pins exact bytes, the wire format cannot drift silently.
 */
class FormatSpecTest {
  private static final String NAME = "sid";

  static byte[] subkey(byte[] secret, String purpose, int version) {
    byte[] p = purpose.getBytes(StandardCharsets.US_ASCII);
    byte[] info = new byte[p.length + 4];
    System.arraycopy(p, 0, info, 0, p.length);
    info[p.length + 3] = (byte) version; // versions below 256 in these tests
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(secret, "hardtack/v1".getBytes(StandardCharsets.US_ASCII), info));
    byte[] out = new byte[32];
    hkdf.generateBytes(out, 0, 32);
    return out;
  }

  static byte[] nameBinding(String name) {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[n.length + 2];
    out[0] = (byte) (n.length >> 8);
    out[1] = (byte) n.length;
    System.arraycopy(n, 0, out, 2, n.length);
    return out;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The signed format, written from the spec. */
  static String specSign(byte[] secret, int version, String name, long iat, String payload) throws Exception {
    String body = "s1." + version + "." + iat + "." + payload + ".";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(subkey(secret, "hardtack/v1 mac", version), "HmacSHA256"));
    byte[] tag = mac.doFinal(concat(nameBinding(name), body.getBytes(StandardCharsets.US_ASCII)));
    return body + Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
  }

  /** The encrypted format, written from the spec, with a chosen nonce. */
  static String specSeal(byte[] secret, int version, String name, long iat, byte[] nonce, byte[] plaintext)
      throws Exception {
    String header = "e1." + version + "." + iat + ".";
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(subkey(secret, "hardtack/v1 aead", version), "AES"),
        new GCMParameterSpec(128, nonce));
    c.updateAAD(concat(nameBinding(name), header.getBytes(StandardCharsets.US_ASCII)));
    byte[] sealed = concat(nonce, c.doFinal(plaintext));
    return header + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
  }

  private static CookieCodec.Builder codec(KeyRing ring) {
    return CookieCodec.builder(ring).cookieName(NAME).clock(Fixtures.fixedClock()).maxAge(Duration.ofDays(365));
  }

  @Test
  void sign_plainValue_isTheSpecsBytes() throws Exception {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    String expected = specSign(Fixtures.SECRET_1, 1, NAME, Fixtures.NOW.getEpochSecond(), "abc-DEF_123");
    assertEquals(expected, codec(ring).build().sign("abc-DEF_123"));
  }

  @Test
  void sign_valueNeedingEncoding_isStarAndBase64urlOfUtf8() throws Exception {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    String value = "{\"user\":\"zoë\"} ✓";
    String payload = "*" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(value.getBytes(StandardCharsets.UTF_8));
    assertEquals(specSign(Fixtures.SECRET_1, 1, NAME, Fixtures.NOW.getEpochSecond(), payload),
        codec(ring).build().sign(value));
  }

  @Test
  void sign_secondVersion_usesThatVersionsSubkey() throws Exception {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    ring.promote(ring.add(Fixtures.SECRET_2));
    assertEquals(specSign(Fixtures.SECRET_2, 2, NAME, Fixtures.NOW.getEpochSecond(), "x"),
        codec(ring).build().sign("x"));
  }

  @Test
  void verify_specSealedToken_opensToThePlaintext() throws Exception {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    byte[] nonce = new byte[12];
    nonce[11] = 7;
    String token = specSeal(Fixtures.SECRET_1, 1, NAME, Fixtures.NOW.getEpochSecond(), nonce,
        "hello, world".getBytes(StandardCharsets.UTF_8));
    Verification r = codec(ring).encrypted().build().verify(token);
    assertTrue(r.isValid(), r.toString());
    assertEquals("hello, world", r.value());
    assertEquals(Fixtures.NOW, r.issuedAt());
  }

  @Test
  void sign_encrypted_hasTheSpecsLayout() throws Exception {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    String token = codec(ring).encrypted().build().sign("hello");
    String prefix = "e1.1." + Fixtures.NOW.getEpochSecond() + ".";
    assertTrue(token.startsWith(prefix));
    byte[] sealed = Base64.getUrlDecoder().decode(token.substring(prefix.length()));
    assertEquals(12 + 5 + 16, sealed.length);
    byte[] nonce = java.util.Arrays.copyOf(sealed, 12);
    assertEquals(token, specSeal(Fixtures.SECRET_1, 1, NAME, Fixtures.NOW.getEpochSecond(), nonce,
        "hello".getBytes(StandardCharsets.UTF_8)));
  }
}
