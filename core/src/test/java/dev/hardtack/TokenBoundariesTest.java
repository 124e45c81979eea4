package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.internal.AesGcm;
import dev.hardtack.internal.Base64Codec;
import dev.hardtack.internal.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The edges of the token parsers and of the codec's time and size checks, tested on the package-private formats
 * directly (without verify's catch-all) where that is the only way to tell a boundary from its neighbour. Written
 * to kill the mutants PIT found alive; each test states the rule it pins.
 */
class TokenBoundariesTest {
  private static final byte[] NAME = CookieCodec.nameBinding("sid");
  private static final TokenFormat.TimePolicy ANY_TIME = (v, iat) -> null;
  private final KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
  private final KeyEntry key = ring.snapshot().primary;

  /** Runs {@code work} on a new thread, so that it starts with fresh (small) per-thread scratch buffers. */
  static <T> T onFreshThread(Callable<T> work) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        result.set(work.call());
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.start();
    t.join();
    if (failure.get() != null) {
      throw new AssertionError("failed on a fresh thread", failure.get());
    }
    return result.get();
  }

  /** The buffers one call would make; shared by parse() and the test that reads the fields it parsed. */
  private final Scratch scratch = new Scratch();

  private int parse(String t) {
    byte[] b = t.getBytes(StandardCharsets.ISO_8859_1);
    return new SignedTokens().parseHeader(b, 0, b.length, scratch);
  }

  @Test
  void parseHeader_canonicalHeader_returnsBodyStartAndFields() {
    Scratch s = scratch;
    String t = "s1.2147483647.253402300799.x";
    byte[] b = ("##" + t).getBytes(StandardCharsets.US_ASCII);
    assertEquals(2 + t.length() - 1, new SignedTokens().parseHeader(b, 2, b.length, s));
    assertEquals(Integer.MAX_VALUE, s.version);
    assertEquals(TokenFormat.MAX_ISSUED_AT, s.issuedAt);
    assertEquals(7, parse("s1.1.0.x"));
    assertEquals(0, scratch.issuedAt);
  }

  @Test
  void parseHeader_digitCountsAtTheLimits() {
    assertEquals(16, parse("s1.1234567891.0.")); // 10-digit version
    assertEquals(-1, parse("s1.12345678901.0.")); // 11 digits
    assertEquals(-1, parse("s1.2147483648.0.")); // over Integer.MAX_VALUE
    assertEquals(18, parse("s1.1.100000000000.")); // 12-digit issued-at
    assertEquals(-1, parse("s1.1.1000000000000.")); // 13 digits
    assertEquals(-1, parse("s1.1.253402300800.")); // past 9999-12-31T23:59:59Z
    assertEquals(-1, parse("s1.1.00.")); // leading zero
    assertEquals(-1, parse("s1.1.")); // no issued-at
    assertEquals(-1, parse("s1.1")); // ends in the version
    assertEquals(-1, parse("s1.1.5")); // ends in the issued-at
    assertEquals(-1, parse("s1.1.5x")); // no dot after the issued-at
    assertEquals(-1, parse("s1./.5.")); // a character just below '0'
    assertEquals(-1, parse("s1.:.5.")); // a character just above '9'
    assertEquals(-1, parse("s1.1./.")); // the same in the issued-at
    assertEquals(-1, parse("s1.1.:."));
    assertEquals(-1, parse("e1.1.5.")); // another format's marker
  }

  @Test
  void ownsMarker_shortOrForeign_falseWithoutThrowing() {
    SignedTokens f = new SignedTokens();
    assertFalse(f.ownsMarker("s1"));
    assertFalse(f.ownsMarker("s"));
    assertFalse(f.ownsMarker(""));
    assertTrue(f.ownsMarker("s1."));
    assertFalse(f.ownsMarker("s2."));
    assertFalse(f.ownsMarker("s1x"));
    assertFalse(f.ownsMarker("e1."));
  }

  @Test
  void isPlain_boundaryCharacters() {
    assertTrue(SignedTokens.isPlain("azAZ09-_"));
    for (char c : "`{@[/:.*+ ~".toCharArray()) {
      assertFalse(SignedTokens.isPlain("a" + c), "'" + c + "' is not plain");
    }
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
  void signedOpen_authenticButNotWtf8_malformed() {
    // 0xFF is never WTF-8; only the key's owner could have made this token, and it still is refused.
    String token = macced("s1.1.0.*" + Base64Codec.URL.encode(new byte[] {(byte) 0xff}) + ".");
    assertEquals(Verification.Status.MALFORMED,
        new SignedTokens().open(ring.snapshot(), NAME, token, ANY_TIME).status());
  }

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
  void encryptedSeal_exactFit_andOneOver() throws Exception {
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
  void sign_clockAtTheEdgesOfTheIssuedAtRange() {
    CookieCodec.Builder b = CookieCodec.builder(ring).cookieName("sid");
    assertTrue(b.clock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).build().sign("x").startsWith("s1.1.0."));
    Instant last = Instant.ofEpochSecond(TokenFormat.MAX_ISSUED_AT);
    assertTrue(b.clock(Clock.fixed(last, ZoneOffset.UTC)).build().sign("x").startsWith("s1.1.253402300799."));
    CookieCodec tooLate = b.clock(Clock.fixed(last.plusSeconds(1), ZoneOffset.UTC)).build();
    assertThrows(IllegalStateException.class, () -> tooLate.sign("x"));
    CookieCodec tooEarly = b.clock(Clock.fixed(Instant.EPOCH.minusSeconds(1), ZoneOffset.UTC)).build();
    assertThrows(IllegalStateException.class, () -> tooEarly.sign("x"));
  }

  @Test
  void verifyHeader_exactlyEightAgreeingCookies_valid() {
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
    String c = codec.sign("me");
    String eight = ("sid=" + c + "; ").repeat(CookieCodec.MAX_CANDIDATES);
    assertEquals("me", codec.verifyHeader(CookieHeader.parse(eight)).value());
  }

  @Test
  void nameBinding_longName_lengthInTwoBytes() {
    byte[] b = CookieCodec.nameBinding("n".repeat(300));
    assertEquals(1, b[0]);
    assertEquals(300 - 256, b[1]);
    assertEquals(302, b.length);
    assertArrayEquals(new byte[] {0, 3, 's', 'i', 'd'}, CookieCodec.nameBinding("sid"));
  }

  @Test
  void accessorsAndToString_describeTheCodec() {
    CookieCodec signed = CookieCodec.builder(ring).cookieName("sid").maxAge(Duration.ofHours(8)).build();
    CookieCodec encrypted = CookieCodec.builder(ring).cookieName("e").encrypted().build();
    assertEquals("sid", signed.cookieName());
    assertFalse(signed.isEncrypted());
    assertTrue(encrypted.isEncrypted());
    assertEquals("CookieCodec[name=sid, signed, maxAge=PT8H, ring=" + ring + "]", signed.toString());
    assertEquals("CookieCodec[name=e, encrypted, ring=" + ring + "]", encrypted.toString());
  }

  @Test
  void verify_tokenLongerThanTheNameLeaves_malformedBeforeAnyMac() {
    // "sid=" + token may be 4096: a token of 4092 characters is the longest sign() makes for "sid".
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").clock(Fixtures.fixedClock()).build();
    String longest = codec.sign("v".repeat(4092 - "s1.1.1795942800..".length() - 43));
    assertEquals(4092, longest.length());
    assertTrue(codec.verify(longest).isValid());
    String over = longest.substring(0, 16) + "v" + longest.substring(16);
    assertEquals(Verification.Status.MALFORMED, codec.verify(over).status());
  }

  @Test
  void build_optionsExactlyAtTheirLimits_acceptedAndOneStepBeyond_refused() {
    CookieCodec.Builder b = CookieCodec.builder(ring).cookieName("sid");
    assertEquals(1024, CookieCodec.builder(ring).cookieName("n".repeat(1024)).build().cookieName().length());
    b.maxAge(Duration.ofSeconds(1)).build();
    b.maxAge(CookieCodec.MAX_MAX_AGE).build();
    assertThrows(IllegalArgumentException.class, () -> b.maxAge(CookieCodec.MAX_MAX_AGE.plusMillis(1)).build());
    assertThrows(IllegalArgumentException.class, () -> b.maxAge(Duration.ofMillis(999)).build());
    b.maxAge(Duration.ofHours(1));
    b.clockSkew(Duration.ZERO).build();
    b.clockSkew(Duration.ofHours(1)).build();
    assertThrows(IllegalArgumentException.class, () -> b.clockSkew(Duration.ofHours(1).plusMillis(1)).build());
    assertThrows(IllegalArgumentException.class, () -> b.clockSkew(Duration.ofMillis(-1)).build());
  }

  @Test
  void verify_oneMillisecondBeyondTheSkew_notYetValid() {
    Fixtures.MutableClock clock = new Fixtures.MutableClock(Fixtures.NOW);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").clock(clock)
        .clockSkew(Duration.ofSeconds(5)).build();
    String cookie = codec.sign("x");
    clock.advance(Duration.ofSeconds(-5));
    assertEquals(Verification.Status.VALID, codec.verify(cookie).status());
    clock.advance(Duration.ofMillis(-1));
    Verification r = codec.verify(cookie);
    assertEquals(Verification.Status.NOT_YET_VALID, r.status());
    assertEquals(Fixtures.NOW, r.issuedAt());
  }

  /** A clock that reads {@link Fixtures#NOW} until {@code fail} is set, then throws. */
  private static final class BreakingClock extends Fixtures.MutableClock {
    volatile boolean fail;

    BreakingClock() {
      super(Fixtures.NOW);
    }

    @Override
    public long millis() {
      if (fail) {
        throw new IllegalStateException("clock broken");
      }
      return super.millis();
    }
  }

  @Test
  void verify_runtimeExceptionInsideTheCheck_malformedNotThrown() {
    // The one RuntimeException a caller can cause after the tag checks out: a clock that throws. verify must
    // still answer, and answer a rejection.
    for (boolean encrypted : new boolean[] {false, true}) {
      BreakingClock clock = new BreakingClock();
      CookieCodec.Builder b = CookieCodec.builder(ring).cookieName("sid").clock(clock);
      CookieCodec codec = (encrypted ? b.encrypted() : b).build();
      String cookie = codec.sign("x");
      assertTrue(codec.verify(cookie).isValid());
      clock.fail = true;
      Verification r = codec.verify(cookie);
      assertEquals(Verification.Status.MALFORMED, r.status());
    }
  }

  @Test
  void parseHeader_versionsWithZerosAndNines_parsed() {
    Scratch s = scratch;
    assertEquals(8, parse("s1.10.0."));
    assertEquals(10, s.version);
    assertEquals(7, parse("s1.9.9."));
    assertEquals(9, s.version);
    assertEquals(9, s.issuedAt);
    assertEquals(10, parse("s1.909.90."));
    assertEquals(909, s.version);
    assertEquals(90, s.issuedAt);
    assertEquals(-1, parse("s1.0.5.")); // version 0 does not exist
  }

  @Test
  void parseHeader_rangeShorterThanAMarker_refusedWithoutReadingPastIt() {
    // "s1" at the very end of the array: the range holds no dot, and there is no byte after it to read.
    byte[] b = "##s1".getBytes(StandardCharsets.US_ASCII);
    assertEquals(-1, new SignedTokens().parseHeader(b, 2, 4, scratch));
    byte[] e = "##e1".getBytes(StandardCharsets.US_ASCII);
    assertEquals(-1, new EncryptedTokens().parseHeader(e, 2, 4, scratch));
  }

  @Test
  void headerLength_matchesWriteHeaderAtEveryPowerOfTen() {
    SignedTokens f = new SignedTokens();
    int[] versions = {1, 9, 10, 99, 100, 999_999_999, 1_000_000_000, Integer.MAX_VALUE};
    long[] times = {0, 9, 10, 99, 100, 99_999_999_999L, 100_000_000_000L, TokenFormat.MAX_ISSUED_AT};
    for (int v : versions) {
      for (long t : times) {
        String header = f.header(v, t);
        assertEquals("s1." + v + "." + t + ".", header);
        assertEquals(header.length(), TokenFormat.headerLength(v, t), header);
        byte[] out = new byte[header.length() + 2];
        assertEquals(1 + header.length(), f.writeHeader(out, 1, v, t));
        assertEquals(header, new String(out, 1, header.length(), StandardCharsets.US_ASCII));
      }
    }
    // Every long has at most 19 digits: the count stops there rather than overflow.
    assertEquals(5 + 1 + 19, TokenFormat.headerLength(1, Long.MAX_VALUE));
    assertEquals(5 + 1 + 18, TokenFormat.headerLength(1, 999_999_999_999_999_999L));
  }

  @Test
  void copyAscii_firstNonAsciiCharacter_false() {
    byte[] out = new byte[4];
    assertTrue(TokenFormat.copyAscii("\u007f", out, 0));
    assertFalse(TokenFormat.copyAscii("\u0080", out, 0));
    assertFalse(TokenFormat.copyAscii("a\u0100", out, 0));
    byte[] two = new byte[4];
    assertTrue(TokenFormat.copyAscii("ab\u0080", 2, two, 1)); // only the first two characters count
    assertArrayEquals(new byte[] {0, 'a', 'b', 0}, two);
  }

  @Test
  void isPlain_firstCharacterPastAscii_notPlainAndSignedEncoded() {
    assertFalse(SignedTokens.isPlain("\u0080"));
    assertFalse(SignedTokens.isPlain("a\u00ff"));
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").clock(Fixtures.fixedClock()).build();
    String cookie = codec.sign("\u0080");
    assertEquals("s1.1.1795942800.*woA.", cookie.substring(0, cookie.length() - SignedTokens.TAG_CHARS));
    assertEquals("\u0080", codec.verify(cookie).value());
  }

  @Test
  void signedSealAndOpen_longEncodedValueOfEveryLengthModFour_onFreshThreads() throws Exception {
    // Issued at 10 (an 8-character header) under the name "sid": the payload starts at an odd offset. Payload
    // lengths of every residue mod 4 and well over the 256-byte starting buffers.
    for (int bytes = 3000; bytes < 3004; bytes++) {
      String value = "\u00e9".repeat(bytes / 2) + "z".repeat(bytes % 2);
      String token = onFreshThread(() -> new SignedTokens().seal(key, NAME, 10, value, TokenFormat.MAX_COOKIE_LENGTH));
      assertTrue(token.startsWith("s1.1.10.*"), token.substring(0, 12));
      assertEquals(value, onFreshThread(() -> new SignedTokens().open(ring.snapshot(), NAME, token, ANY_TIME))
          .value(), "bytes " + bytes);
    }
  }

  @Test
  void encryptedVerify_longestNameOnAFreshThread_valid() throws Exception {
    // A 1024-character name makes the associated data longer than a fresh thread's buffer.
    CookieCodec codec = CookieCodec.builder(ring).cookieName("n".repeat(1024)).encrypted().build();
    String cookie = onFreshThread(() -> codec.sign("v"));
    assertEquals("v", onFreshThread(() -> codec.verify(cookie)).value());
    CookieCodec signed = CookieCodec.builder(ring).cookieName("n".repeat(1024)).build();
    String s = onFreshThread(() -> signed.sign("v"));
    assertEquals("v", onFreshThread(() -> signed.verify(s)).value());
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
