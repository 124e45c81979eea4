package dev.hardtack;

import static dev.hardtack.Fixtures.onFreshThread;
import static dev.hardtack.TokenFormatTest.ANY_TIME;
import static dev.hardtack.TokenFormatTest.NAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.internal.Base64Codec;
import dev.hardtack.internal.HmacSha256;
import dev.hardtack.internal.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The s1 layout rebuilt by hand with the JDK's Mac, so that a faster seal cannot drift from the format. */
class SignedTokensTest {
  private static final Instant NOW = Instant.parse("2026-11-29T09:00:00Z");

  private static String expected(byte[] secret, String name, String value) throws Exception {
    boolean plain = value.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'));
    String payload = plain ? value
        : "*" + Base64.getUrlEncoder().withoutPadding().encodeToString(Utf8.encodeWtf8(value));
    String token = "s1.1." + NOW.getEpochSecond() + "." + payload + ".";
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.write(CookieCodec.nameBinding(name));
    m.write(token.getBytes(StandardCharsets.US_ASCII));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KeyEntry.derive(secret, KeyEntry.MAC_PURPOSE, 1), "HmacSHA256"));
    return token + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(m.toByteArray()));
  }

  @Test
  void sign_plainAndEncodedValues_matchHandBuiltTokens() throws Exception {
    byte[] secret = new byte[32];
    new SplittableRandom(3).nextBytes(secret);
    CookieCodec codec = CookieCodec.builder(KeyRing.of(secret))
        .cookieName("__Host-sid")
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
    for (String v : new String[] {"", "abc", "q3V0m1cJ8c9D1u0l-5xL0t0hN9rQ2wZk", "héllo wörld", "a.b", "\ud800x",
        "x".repeat(1000)}) {
      String cookie = codec.sign(v);
      assertEquals(expected(secret, "__Host-sid", v), cookie, v);
      Verification r = codec.verify(cookie);
      assertTrue(r.isValid(), v);
      assertEquals(v, r.value());
    }
  }

  @Test
  void verify_nonAsciiOrQuestionMarkAtAnyPosition_malformed() {
    byte[] secret = new byte[32];
    new SplittableRandom(5).nextBytes(secret);
    TokenFormatTest.assertEverySubstitutionMalformed(
        CookieCodec.builder(KeyRing.of(secret)).cookieName("sid").build());
  }

  /** {@code open} decodes the tag in place over its own characters; that must give the bytes a copy would. */
  @Test
  void decodeInPlace_randomTagsAtAnyOffset_matchesTheJdksUrlDecoder() {
    SplittableRandom r = new SplittableRandom(13);
    for (int round = 0; round < 2000; round++) {
      byte[] tag = new byte[HmacSha256.TAG_LENGTH];
      r.nextBytes(tag);
      int off = r.nextInt(60);
      byte[] b = new byte[off + SignedTokens.TAG_CHARS];
      r.nextBytes(b);
      byte[] before = b.clone();
      Base64Codec.URL.encode(tag, 0, tag.length, b, off);
      assertEquals(HmacSha256.TAG_LENGTH, Base64Codec.URL.decode(b, off, b.length, b, off));
      assertTrue(java.util.Arrays.equals(tag, java.util.Arrays.copyOfRange(b, off, off + tag.length)));
      assertTrue(java.util.Arrays.equals(before, 0, off, b, 0, off), "bytes before the tag untouched");
    }
  }

  /** A non-canonical last character must be refused before, as MALFORMED. */
  @Test
  void verify_tagLastCharacterWithSpareBitsSet_malformedNotBadSignature() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    CookieCodec codec = CookieCodec.builder(KeyRing.of(Fixtures.SECRET_1)).cookieName("sid").build();
    for (String v : new String[] {"q3V0m1cJ8c9D1u0l-5xL0t0hN9rQ2wZk", "h\u00e9llo"}) {
      String cookie = codec.sign(v);
      int last = alphabet.indexOf(cookie.charAt(cookie.length() - 1));
      assertEquals(0, last & 3, cookie);
      for (int spare = 1; spare < 4; spare++) {
        String t = cookie.substring(0, cookie.length() - 1) + alphabet.charAt(last | spare);
        assertEquals(Verification.Status.MALFORMED, codec.verify(t).status(), t);
      }
      // The same bytes encoded canonically are still accepted, and one bit flipped in a value bit is a forgery.
      assertTrue(codec.verify(cookie).isValid());
      String flipped = cookie.substring(0, cookie.length() - 1) + alphabet.charAt(last ^ 4);
      assertEquals(Verification.Status.BAD_SIGNATURE, codec.verify(flipped).status(), flipped);
    }
  }

  /**
   * The edges of the s1 format, tested on the package-private format directly (without verify's catch-all) where
   * that is the only way to tell a boundary from its neighbour. Written to kill the mutants PIT found alive; each
   * test states the rule it pins.
   */
  @Nested
  class Boundaries {
    private final KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    private final KeyEntry key = ring.snapshot().primary;

    /** {@code body} (ending in its dot) with a correct tag under version 1: authentic, whatever it says. */
    private String macced(String body) {
      byte[] msg = new byte[NAME.length + body.length()];
      System.arraycopy(NAME, 0, msg, 0, NAME.length);
      for (int i = 0; i < body.length(); i++) {
        msg[NAME.length + i] = (byte) body.charAt(i);
      }
      byte[] tag = new byte[HmacSha256.TAG_LENGTH];
      key.mac.compute(null, msg, 0, msg.length, tag, 0);
      return body + Base64Codec.URL.encode(tag);
    }

    @Test
    void isPlain_neighboursOfTheAlphabetsRanges_notPlain() {
      assertTrue(SignedTokens.isPlain("azAZ09-_"));
      for (char c : "`{@[/:.*+ ~".toCharArray()) {
        assertFalse(SignedTokens.isPlain("a" + c), "'" + c + "' is not plain");
      }
    }

    @Test
    void isPlain_firstCharacterPastAscii_notPlainAndSignedEncoded() {
      assertFalse(SignedTokens.isPlain("\u0080"));
      assertFalse(SignedTokens.isPlain("a\u00ff"));
      // The first character past the 256-entry table, and one whose low byte is a plain 'A'.
      assertFalse(SignedTokens.isPlain("\u0100"));
      assertFalse(SignedTokens.isPlain("\u0141"));
      CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").clock(Fixtures.fixedClock()).build();
      String cookie = codec.sign("\u0080");
      assertEquals("s1.1.1795942800.*woA.", cookie.substring(0, cookie.length() - SignedTokens.TAG_CHARS));
      assertEquals("\u0080", codec.verify(cookie).value());
    }

    @Test
    void signedOpen_tokenOfExactly4096Characters_valid() throws Exception {
      String header = "s1.1.1795942800.";
      String value = "v".repeat(TokenFormat.MAX_COOKIE_LENGTH - header.length() - 1 - SignedTokens.TAG_CHARS);
      String token = new SignedTokens().seal(key, NAME, Fixtures.NOW.getEpochSecond(), value,
          TokenFormat.MAX_COOKIE_LENGTH);
      assertEquals(TokenFormat.MAX_COOKIE_LENGTH, token.length());
      Verification r = onFreshThread(() -> new SignedTokens().open(ring.snapshot(), NAME, token, ANY_TIME));
      assertEquals(value, r.value());
      assertThrows(IllegalArgumentException.class, () -> new SignedTokens().seal(key, NAME,
          Fixtures.NOW.getEpochSecond(), value + "v", TokenFormat.MAX_COOKIE_LENGTH));
      assertEquals(Verification.Status.MALFORMED, onFreshThread(() -> new SignedTokens().open(ring.snapshot(), NAME,
          token + "v", ANY_TIME)).status());
    }

    @Test
    void signedOpen_longEncodedValueOnAFreshThread_decodesWhole() throws Exception {
      String value = "\u00e9".repeat(1500); // 3000 bytes of WTF-8, 4000 characters of base64url
      String token = new SignedTokens().seal(key, NAME, 0, value, TokenFormat.MAX_COOKIE_LENGTH);
      assertEquals(value, onFreshThread(() -> new SignedTokens().open(ring.snapshot(), NAME, token, ANY_TIME))
          .value());
    }

    @Test
    void signedOpen_emptyPlainAndEmptyEncodedPayloads() throws Exception {
      String empty = new SignedTokens().seal(key, NAME, 0, "", 4096);
      assertEquals("", new SignedTokens().open(ring.snapshot(), NAME, empty, ANY_TIME).value());
      // "*" with nothing after it is not a canonical encoding of anything (the empty value is sent plain).
      String star = macced("s1.1.0.*.");
      assertEquals(Verification.Status.MALFORMED,
          new SignedTokens().open(ring.snapshot(), NAME, star, ANY_TIME).status());
      // The payload must not run into the tag: a header then the tag alone.
      assertEquals(Verification.Status.MALFORMED, new SignedTokens().open(ring.snapshot(), NAME,
          "s1.1.0." + "A".repeat(43), ANY_TIME).status());
    }

    @Test
    void signedOpen_authenticButNotWtf8_malformed() {
      // 0xFF is never WTF-8; only the key's owner could have made this token, and it still is refused.
      String token = macced("s1.1.0.*" + Base64Codec.URL.encode(new byte[] {(byte) 0xff}) + ".");
      assertEquals(Verification.Status.MALFORMED,
          new SignedTokens().open(ring.snapshot(), NAME, token, ANY_TIME).status());
    }

    @Test
    void signedSealAndOpen_longEncodedValueOfEveryLengthModFour_onFreshThreads() throws Exception {
      // Issued at 10 (an 8-character header) under the name "sid": the payload starts at an odd offset. Payload
      // lengths of every residue mod 4 and well over the 256-byte starting buffers.
      for (int bytes = 3000; bytes < 3004; bytes++) {
        String value = "\u00e9".repeat(bytes / 2) + "z".repeat(bytes % 2);
        String token =
            onFreshThread(() -> new SignedTokens().seal(key, NAME, 10, value, TokenFormat.MAX_COOKIE_LENGTH));
        assertTrue(token.startsWith("s1.1.10.*"), token.substring(0, 12));
        assertEquals(value, onFreshThread(() -> new SignedTokens().open(ring.snapshot(), NAME, token, ANY_TIME))
            .value(), "bytes " + bytes);
      }
    }
  }
}
