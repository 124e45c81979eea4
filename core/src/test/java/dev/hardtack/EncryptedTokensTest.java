package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EncryptedTokensTest {

  @Test
  void verify_roundTripAndEveryTamperedCharacter_validThenRejected() {
    byte[] secret = new byte[32];
    new SplittableRandom(4).nextBytes(secret);
    CookieCodec codec = CookieCodec.builder(KeyRing.of(secret)).cookieName("sid").encrypted().build();
    for (String v : new String[] {"", "abc", "héllo wörld", "x".repeat(1000)}) {
      String cookie = codec.sign(v);
      assertEquals(v, codec.verify(cookie).value());
      String header = cookie.substring(0, cookie.indexOf('.', cookie.indexOf('.', 3) + 1) + 1);
      for (int i = header.length(); i < cookie.length(); i += 7) {
        char c = cookie.charAt(i);
        String bad = cookie.substring(0, i) + (c == 'A' ? 'B' : 'A') + cookie.substring(i + 1);
        Verification.Status s = codec.verify(bad).status();
        assertEquals(true, s == Verification.Status.BAD_SIGNATURE || s == Verification.Status.MALFORMED, i + ": " + s);
      }
    }
  }

  @Test
  void seal_keyRevokedAfterTheCallerReadIt_returnsNull() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    KeyEntry stale = ring.snapshot().primary;
    ring.rotate();
    ring.revoke(1);
    assertNull(new EncryptedTokens().seal(stale, new byte[] {1}, 1, "x", 4000));
  }

  @Test
  void sealWithPrimary_staleSnapshotWhosePrimaryWasRevoked_sealsWithTheCurrentPrimary() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").encrypted().build();
    KeySnapshot stale = ring.snapshot(); // as a signing thread holds it while another rotates and revokes
    int two = ring.rotate();
    ring.revoke(1);
    String cookie = codec.sealWithPrimary(stale, "value", 1_700_000_000L);
    Verification v = CookieCodec.builder(ring).cookieName("sid").encrypted()
        .clock(java.time.Clock.fixed(java.time.Instant.ofEpochSecond(1_700_000_000L), java.time.ZoneOffset.UTC))
        .build().verify(cookie);
    assertEquals(Verification.Status.VALID, v.status());
    assertEquals(two, v.keyVersion());
    assertEquals("value", v.value());
  }
}
