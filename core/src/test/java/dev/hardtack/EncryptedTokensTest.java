package dev.hardtack;

import static dev.hardtack.Fixtures.onFreshThread;
import static dev.hardtack.TokenFormatTest.ANY_TIME;
import static dev.hardtack.TokenFormatTest.NAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hardtack.internal.AesGcm;
import dev.hardtack.internal.Base64Codec;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
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

  /**
   * The edges of the e1 format, tested on the package-private format directly (without verify's catch-all) where
   * that is the only way to tell a boundary from its neighbour. Written to kill the mutants PIT found alive; each
   * test states the rule it pins.
   */
  @Nested
  class Boundaries {
    private final KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    private final KeyEntry key = ring.snapshot().primary;

    /** An {@code e1} token issued at 0 under version 1, with a zero nonce, sealing {@code plaintext} as it is. */
    private String sealedToken(byte[] plaintext) {
      byte[] header = "e1.1.0.".getBytes(StandardCharsets.US_ASCII);
      byte[] aad = new byte[NAME.length + header.length];
      System.arraycopy(NAME, 0, aad, 0, NAME.length);
      System.arraycopy(header, 0, aad, NAME.length, header.length);
      byte[] sealed = new byte[AesGcm.NONCE_LENGTH + plaintext.length + AesGcm.TAG_LENGTH];
      key.aead.seal(new byte[AesGcm.NONCE_LENGTH], aad, aad.length, plaintext, sealed, AesGcm.NONCE_LENGTH);
      return "e1.1.0." + Base64Codec.URL.encode(sealed);
    }

    @Test
    void encryptedOpen_authenticButNotWtf8_malformed() {
      String token = sealedToken(new byte[] {(byte) 0xff});
      assertEquals(Verification.Status.MALFORMED,
          new EncryptedTokens().open(ring.snapshot(), NAME, token, ANY_TIME).status());
    }

    @Test
    void encryptedSeal_exactFitAndOneOver_sealedThenRefused() throws Exception {
      EncryptedTokens f = new EncryptedTokens();
      String header = "e1.1.0.";
      int max = header.length() + Base64Codec.encodedLength(12 + 16 + 30);
      String token = f.seal(key, NAME, 0, "x".repeat(30), max);
      assertEquals(max, token.length());
      assertThrows(IllegalArgumentException.class, () -> f.seal(key, NAME, 0, "x".repeat(31), max));
      assertEquals("x".repeat(30), onFreshThread(() -> f.open(ring.snapshot(), NAME, token, ANY_TIME)).value());
    }

    @Test
    void encryptedOpen_tokenOfExactly4096CharactersOnAFreshThread_valid() throws Exception {
      EncryptedTokens f = new EncryptedTokens();
      String header = "e1.1.1795942800.";
      // 4096 - 16 = 4080 characters of base64url = 3060 bytes = 12 + 16 + 3032.
      String value = "w".repeat(3032);
      String token = f.seal(key, NAME, Fixtures.NOW.getEpochSecond(), value, TokenFormat.MAX_COOKIE_LENGTH);
      assertEquals(TokenFormat.MAX_COOKIE_LENGTH, token.length());
      assertEquals(header, token.substring(0, header.length()));
      assertEquals(value, onFreshThread(() -> f.open(ring.snapshot(), NAME, token, ANY_TIME)).value());
      assertEquals(Verification.Status.MALFORMED,
          onFreshThread(() -> f.open(ring.snapshot(), NAME, token + "AAAA", ANY_TIME)).status());
    }

    @Test
    void encryptedOpen_exactlyNonceAndTag_reachesGcm() {
      // 28 bytes is the shortest sealed part that is well formed: it decrypts to the empty value or fails GCM.
      String token = sealedToken(new byte[0]);
      EncryptedTokens f = new EncryptedTokens();
      assertEquals("", f.open(ring.snapshot(), NAME, token, ANY_TIME).value());
      byte[] sealed = Base64Codec.URL.decode(token.substring("e1.1.0.".length()));
      assertEquals(Verification.Status.MALFORMED, f.open(ring.snapshot(), NAME,
          "e1.1.0." + Base64Codec.URL.encode(java.util.Arrays.copyOf(sealed, 27)), ANY_TIME).status());
    }

    @Test
    void encryptedVerify_nonAsciiOrQuestionMarkAtAnyPosition_malformed() {
      TokenFormatTest.assertEverySubstitutionMalformed(
          CookieCodec.builder(ring).cookieName("sid").encrypted().build());
    }

    @Test
    void encryptedVerify_nonAsciiInTheHeader_malformed() {
      CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").encrypted().build();
      String cookie = codec.sign("v");
      for (String bad : new String[] {"\u00e91" + cookie.substring(2), "e1.\u0661" + cookie.substring(4),
          cookie.substring(0, 5) + "\u0100" + cookie.substring(6)}) {
        assertEquals(Verification.Status.MALFORMED, codec.verify(bad).status(), bad);
        assertEquals(Verification.Status.MALFORMED,
            new EncryptedTokens().open(ring.snapshot(), NAME, bad, ANY_TIME).status(), bad);
      }
    }
  }
}
