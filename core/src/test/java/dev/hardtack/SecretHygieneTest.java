package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hardtack.express.ExpressCookies;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * No secret byte reaches toString, an exception message, or Serializable state. Each check looks for the
 * secret and every subkey in hex (both cases), base64, base64url, as text, and as SecretKeySpec's hash.
 */
class SecretHygieneTest {

  static void assertNoKeyMaterial(String text, byte[]... secrets) {
    for (byte[] secret : secrets) {
      for (byte[] material : new byte[][] {secret,
          KeyEntry.derive(secret, KeyEntry.MAC_PURPOSE, 1), KeyEntry.derive(secret, KeyEntry.AEAD_PURPOSE, 1),
          KeyEntry.derive(secret, KeyEntry.MAC_PURPOSE, 2), KeyEntry.derive(secret, KeyEntry.AEAD_PURPOSE, 2)}) {
        String hex = HexFormat.of().formatHex(material);
        for (String form : List.of(hex.substring(0, 16), hex.toUpperCase(Locale.ROOT).substring(0, 16),
            Base64.getEncoder().encodeToString(material).substring(0, 12),
            Base64.getUrlEncoder().encodeToString(material).substring(0, 12),
            Integer.toHexString(new SecretKeySpec(material, "HmacSHA256").hashCode()),
            Integer.toHexString(new SecretKeySpec(material, "AES").hashCode()))) {
          assertFalse(text.contains(form), "key material in: " + text);
        }
        String ascii = new String(material, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(ascii.substring(0, 8)), "key material in: " + text);
      }
    }
  }

  @Test
  void toString_ofEveryObjectHoldingKeys_containsNoKeyMaterial() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    ring.add(Fixtures.SECRET_2);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
    KeyEntry entry = ring.snapshot().primary;
    for (Object o : new Object[] {ring, codec, codec.verify(codec.sign("x")), ring.keys(), entry, entry.mac,
        entry.aead, CookieCodec.builder(ring).cookieName("e").encrypted().build()}) {
      assertNoKeyMaterial(String.valueOf(o), Fixtures.SECRET_1, Fixtures.SECRET_2);
    }
  }

  @Test
  void toString_ofResults_containsNoCookieValue() {
    CookieCodec codec = CookieCodec.builder(KeyRing.of(Fixtures.SECRET_1)).cookieName("sid").build();
    String secretValue = "canary-session-id";
    assertFalse(codec.verify(codec.sign(secretValue)).toString().contains(secretValue));
    assertFalse(SetCookie.builder("sid", secretValue).build().toString().contains(secretValue));
    assertFalse(CookieHeader.parse("sid=" + secretValue).toString().contains(secretValue));
  }

  @Test
  void exceptionMessages_weakOrDuplicateSecrets_containNoKeyMaterial() {
    byte[] weak = "canary-canary-canary-canary-canary".getBytes(StandardCharsets.US_ASCII);
    Exception e = assertThrows(IllegalArgumentException.class, () -> KeyRing.of(weak));
    assertFalse(e.getMessage().contains("canary"));
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    Exception dup = assertThrows(IllegalArgumentException.class, () -> ring.add(Fixtures.SECRET_1));
    assertNoKeyMaterial(dup.getMessage(), Fixtures.SECRET_1);
    Exception revoke = assertThrows(IllegalStateException.class, () -> ring.revoke(1));
    assertNoKeyMaterial(revoke.getMessage(), Fixtures.SECRET_1);
  }

  @Test
  void serializable_noObjectHoldingKeys() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
    for (Object o : new Object[] {ring, codec, ring.snapshot(), ring.snapshot().primary,
        ring.snapshot().primary.mac, ring.snapshot().primary.aead, ExpressCookies.of(List.of("s")),
        codec.verify("x")}) {
      assertFalse(o instanceof Serializable, o.getClass() + " is Serializable");
    }
  }

  @Test
  void revoke_zeroesTheRingsCopyOfTheSecret() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    ring.add(Fixtures.SECRET_2);
    KeyEntry two = ring.snapshot().lookup(2);
    ring.revoke(2);
    for (byte b : two.secret()) {
      if (b != 0) {
        throw new AssertionError("revoked secret not zeroed");
      }
    }
  }
}
