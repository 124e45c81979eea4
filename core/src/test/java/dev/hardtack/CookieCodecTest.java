package dev.hardtack;

import static dev.hardtack.Verification.Status.BAD_SIGNATURE;
import static dev.hardtack.Verification.Status.EXPIRED;
import static dev.hardtack.Verification.Status.MALFORMED;
import static dev.hardtack.Verification.Status.NOT_YET_VALID;
import static dev.hardtack.Verification.Status.UNKNOWN_KEY;
import static dev.hardtack.Verification.Status.VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CookieCodecTest {
  private final Fixtures.MutableClock clock = new Fixtures.MutableClock(Fixtures.NOW);
  private final KeyRing ring = KeyRing.of(Fixtures.SECRET_1);

  private CookieCodec.Builder builder() {
    return CookieCodec.builder(ring).cookieName("sid").clock(clock);
  }

  @Test
  void verify_freshCookie_validWithValueVersionAndTime() {
    CookieCodec codec = builder().maxAge(Duration.ofHours(8)).build();
    Verification r = codec.verify(codec.sign("session-123"));
    assertEquals(VALID, r.status());
    assertTrue(r.isValid());
    assertEquals("session-123", r.value());
    assertEquals(1, r.keyVersion());
    assertEquals(Fixtures.NOW, r.issuedAt());
    assertFalse(r.needsResign());
  }

  @Test
  void verify_encryptedCookie_validAndValueHidden() {
    CookieCodec codec = builder().encrypted().build();
    String cookie = codec.sign("visits=3;user=zoë");
    assertFalse(cookie.contains("visits"));
    assertTrue(codec.isEncrypted());
    assertEquals("visits=3;user=zoë", codec.verify(cookie).value());
  }

  @Test
  void sign_encryptedTwice_differentNonces() {
    CookieCodec codec = builder().encrypted().build();
    assertFalse(codec.sign("x").equals(codec.sign("x")));
  }

  @Test
  void verify_signedTokenInEncryptedCodecAndReverse_malformed() {
    CookieCodec signed = builder().build();
    CookieCodec encrypted = builder().encrypted().build();
    assertEquals(MALFORMED, encrypted.verify(signed.sign("x")).status());
    assertEquals(MALFORMED, signed.verify(encrypted.sign("x")).status());
  }

  @Test
  void verify_otherCookieName_badSignature() {
    CookieCodec sid = builder().build();
    CookieCodec other = CookieCodec.builder(ring).cookieName("sid2").clock(clock).build();
    assertEquals(BAD_SIGNATURE, other.verify(sid.sign("x")).status());
    CookieCodec esid = builder().encrypted().build();
    CookieCodec eother = CookieCodec.builder(ring).cookieName("sid2").clock(clock).encrypted().build();
    assertEquals(BAD_SIGNATURE, eother.verify(esid.sign("x")).status());
  }

  @Test
  void verify_otherRing_badSignature() {
    CookieCodec mine = builder().build();
    CookieCodec theirs = CookieCodec.builder(KeyRing.of(Fixtures.SECRET_2)).cookieName("sid").clock(clock).build();
    assertEquals(BAD_SIGNATURE, theirs.verify(mine.sign("x")).status());
  }

  @Test
  void verify_atMaxAge_expired() {
    CookieCodec codec = builder().maxAge(Duration.ofSeconds(10)).build();
    String cookie = codec.sign("x");
    clock.advance(Duration.ofMillis(9_999));
    assertEquals(VALID, codec.verify(cookie).status());
    clock.advance(Duration.ofMillis(1));
    Verification r = codec.verify(cookie);
    assertEquals(EXPIRED, r.status());
    assertEquals(1, r.keyVersion());
    assertEquals(Fixtures.NOW, r.issuedAt());
    assertThrows(IllegalStateException.class, r::value);
  }

  @Test
  void verify_noMaxAge_validAfterYears() {
    CookieCodec codec = builder().build();
    String cookie = codec.sign("x");
    clock.advance(Duration.ofDays(3650));
    assertEquals(VALID, codec.verify(cookie).status());
  }

  @Test
  void verify_issuedWithinSkew_valid() {
    CookieCodec codec = builder().build();
    String cookie = codec.sign("x");
    clock.advance(CookieCodec.DEFAULT_CLOCK_SKEW.negated());
    assertEquals(VALID, codec.verify(cookie).status());
  }

  @Test
  void verify_issuedBeyondSkew_notYetValid() {
    CookieCodec codec = builder().clockSkew(Duration.ofSeconds(5)).build();
    String cookie = codec.sign("x");
    clock.advance(Duration.ofSeconds(-6));
    assertEquals(NOT_YET_VALID, codec.verify(cookie).status());
  }

  @Test
  void verify_unknownVersion_unknownKey() {
    CookieCodec codec = builder().build();
    int v2 = ring.add(Fixtures.SECRET_2);
    ring.promote(v2);
    String cookie = codec.sign("x");
    ring.promote(1);
    ring.revoke(v2);
    assertEquals(UNKNOWN_KEY, codec.verify(cookie).status());
  }

  @Test
  void verify_oldPrimary_validAndNeedsResign() {
    CookieCodec codec = builder().build();
    String old = codec.sign("x");
    ring.promote(ring.add(Fixtures.SECRET_2));
    Verification r = codec.verify(old);
    assertTrue(r.isValid());
    assertTrue(r.needsResign());
    Verification resigned = codec.verify(codec.sign(r.value()));
    assertEquals(2, resigned.keyVersion());
    assertFalse(resigned.needsResign());
  }

  @Test
  void verify_stagedKeyCookieFromAnotherNode_valid() {
    // Node B has staged version 2 and still signs with 1; node A has promoted 2 already.
    KeyRing a = KeyRing.of(Fixtures.SECRET_1);
    a.promote(a.add(Fixtures.SECRET_2));
    KeyRing b = KeyRing.of(Fixtures.SECRET_1);
    b.add(Fixtures.SECRET_2);
    CookieCodec ca = CookieCodec.builder(a).cookieName("sid").clock(clock).build();
    CookieCodec cb = CookieCodec.builder(b).cookieName("sid").clock(clock).build();
    assertEquals(VALID, cb.verify(ca.sign("x")).status());
    assertEquals(VALID, ca.verify(cb.sign("x")).status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", ".", "....", "s1", "s1.", "s1.1", "s1.1.", "s1.1.1.", "s1.1.1..", "e1.1.1.",
      "s2.1.1795942800.x.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "S1.1.1795942800.x.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.01.1795942800.x.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.0.1795942800.x.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.-1.1795942800.x.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.+1.1795942800.x.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.2147483648.1795942800.x.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.99999999999.1795942800.x.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.1.01795942800.x.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.1.999999999999.x.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.1.1e9.x.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.1.1795942800.x.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY=",
      "s1.1.1795942800.x.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyZ",
      "s1.1.1795942800.x.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquy+",
      "s1.1.1795942800.x y.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.1.1795942800.x.y.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.1.1795942800.*.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.1.1795942800.*QR.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.1.1795942800.*Q.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "\"s1.1.1795942800.abc-DEF_123.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY\"",
      " s1.1.1795942800.abc-DEF_123.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.1.1795942800.abc-DEF_123.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY ",
      "s1.1.1795942800.abc-DEF_123.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyYx",
      "s1.1.1795942800.abc-DEF_123.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquy",
      "s1%2E1.1795942800.abc-DEF_123.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.1.1795942800.abc\u00e9.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.1.1795942800.abc\uD800.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY",
      "s1.\uff11.1795942800.abc.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY"})
  void verify_malformedInput_malformed(String input) {
    assertEquals(MALFORMED, builder().build().verify(input).status());
  }

  @Test
  void verify_null_malformed() {
    assertEquals(MALFORMED, builder().build().verify(null).status());
    assertEquals(MALFORMED, builder().encrypted().build().verify(null).status());
  }

  @Test
  void verify_goldenTokenWithFlippedTagBit_badSignature() {
    CookieCodec codec = CookieCodec.builder(KeyRing.of(Fixtures.SECRET_1)).cookieName("sid")
        .clock(Fixtures.fixedClock()).build();
    String golden = GoldenTokensTest.S1_PLAIN;
    assertEquals(VALID, codec.verify(golden).status());
    String flipped = golden.substring(0, golden.length() - 2) + "A" + golden.charAt(golden.length() - 1);
    assertEquals(BAD_SIGNATURE, codec.verify(flipped).status());
  }

  @Test
  void verify_overLongInput_malformedWithoutWork() {
    CookieCodec codec = builder().build();
    assertEquals(MALFORMED, codec.verify("s1.1.1." + "a".repeat(5000) + ".x").status());
    assertEquals(MALFORMED, codec.verify("a".repeat(1 << 20)).status());
    assertEquals(MALFORMED, codec.verify(".".repeat(100_000)).status());
  }

  @Test
  void sign_valueTooLargeForACookie_throws() {
    CookieCodec codec = builder().build();
    String ok = "a".repeat(4096 - "sid=".length() - "s1.1.1795942800..".length() - 43);
    assertEquals(ok, codec.verify(codec.sign(ok)).value());
    assertEquals(4096, "sid=".length() + codec.sign(ok).length());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.sign(ok + "a"));
    assertFalse(e.getMessage().contains(ok));
    CookieCodec enc = builder().encrypted().build();
    assertThrows(IllegalArgumentException.class, () -> enc.sign("a".repeat(3100)));
  }

  @Test
  void sign_null_throwsNullPointerException() {
    assertThrows(NullPointerException.class, () -> builder().build().sign(null));
  }

  @Test
  void sign_clockBefore1970_throwsIllegalState() {
    CookieCodec codec = builder().clock(Clock.fixed(Instant.ofEpochSecond(-5), ZoneOffset.UTC)).build();
    assertThrows(IllegalStateException.class, () -> codec.sign("x"));
  }

  @Test
  void build_programmerMistakes_throwAtBuild() {
    assertThrows(NullPointerException.class, () -> CookieCodec.builder(null));
    assertThrows(NullPointerException.class, () -> CookieCodec.builder(ring).build());
    assertThrows(IllegalArgumentException.class, () -> CookieCodec.builder(ring).cookieName("").build());
    assertThrows(IllegalArgumentException.class, () -> CookieCodec.builder(ring).cookieName("a b").build());
    assertThrows(IllegalArgumentException.class, () -> CookieCodec.builder(ring).cookieName("a;b").build());
    assertThrows(IllegalArgumentException.class, () -> CookieCodec.builder(ring).cookieName("a=b").build());
    assertThrows(IllegalArgumentException.class, () -> CookieCodec.builder(ring).cookieName("é").build());
    assertThrows(IllegalArgumentException.class,
        () -> CookieCodec.builder(ring).cookieName("x".repeat(1025)).build());
    assertThrows(IllegalArgumentException.class, () -> builder().maxAge(Duration.ZERO).build());
    assertThrows(IllegalArgumentException.class, () -> builder().maxAge(Duration.ofMillis(999)).build());
    assertThrows(IllegalArgumentException.class, () -> builder().maxAge(Duration.ofDays(401)).build());
    assertThrows(IllegalArgumentException.class, () -> builder().clockSkew(Duration.ofSeconds(-1)).build());
    assertThrows(IllegalArgumentException.class, () -> builder().clockSkew(Duration.ofHours(2)).build());
    assertThrows(NullPointerException.class, () -> builder().clock(null));
    assertThrows(NullPointerException.class, () -> builder().maxAge(null));
  }

  @Test
  void verifyHeader_singleCookie_verifiesIt() {
    CookieCodec codec = builder().build();
    String c = codec.sign("me");
    assertEquals("me", codec.verifyHeader(CookieHeader.parse("a=1; sid=" + c + "; b=2")).value());
  }

  @Test
  void verifyHeader_noCookie_missing() {
    CookieCodec codec = builder().build();
    assertEquals(Verification.Status.MISSING, codec.verifyHeader(CookieHeader.parse("a=1")).status());
    assertEquals(Verification.Status.MISSING, codec.verifyHeader(null).status());
  }

  @Test
  void verifyHeader_tossedInvalidCookieFirst_realOneWins() {
    CookieCodec codec = builder().build();
    String real = codec.sign("me");
    Verification r = codec.verifyHeader(CookieHeader.parse("sid=attacker-junk; sid=" + real));
    assertEquals("me", r.value());
  }

  @Test
  void verifyHeader_twoValidCookiesDisagree_ambiguous() {
    CookieCodec codec = builder().build();
    String attackersOwnSession = codec.sign("attacker");
    String victims = codec.sign("victim");
    assertEquals(Verification.Status.AMBIGUOUS,
        codec.verifyHeader(CookieHeader.parse("sid=" + attackersOwnSession + "; sid=" + victims)).status());
  }

  @Test
  void verifyHeader_sameValidCookieTwice_valid() {
    CookieCodec codec = builder().build();
    String c = codec.sign("me");
    assertEquals("me", codec.verifyHeader(CookieHeader.parse(java.util.List.of("sid=" + c, "sid=" + c))).value());
  }

  @Test
  void verifyHeader_noValidCookie_firstRejection() {
    CookieCodec codec = builder().build();
    assertEquals(MALFORMED, codec.verifyHeader(CookieHeader.parse("sid=junk; sid=more-junk")).status());
  }

  @Test
  void verifyHeader_nineCookies_ambiguous() {
    CookieCodec codec = builder().build();
    String c = codec.sign("me");
    String header = ("sid=" + c + "; ").repeat(9);
    assertEquals(Verification.Status.AMBIGUOUS, codec.verifyHeader(CookieHeader.parse(header)).status());
  }

  @Test
  void builder_nameAsArgument_sameCodecAsTheSetter() {
    CookieCodec byArgument = CookieCodec.builder(ring, "sid").clock(clock).build();
    CookieCodec bySetter = builder().build();
    assertEquals("sid", byArgument.cookieName());
    assertEquals("me", bySetter.verify(byArgument.sign("me")).value());
    assertEquals("me", byArgument.verify(bySetter.sign("me")).value());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "sid;", "s\u00efd", "a=b"})
  void builder_badNameAsArgument_throwsBeforeBuild(String name) {
    CookieCodec.Builder unused = CookieCodec.builder(ring).cookieName(name); // the setter defers the check
    assertThrows(IllegalArgumentException.class, unused::build);
    assertThrows(IllegalArgumentException.class, () -> CookieCodec.builder(ring, name));
  }

  @Test
  void builder_nameAsArgumentOverLimitOrNull_throwsAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> CookieCodec.builder(ring, "a".repeat(1025)));
    assertEquals("a".repeat(1024), CookieCodec.builder(ring, "a".repeat(1024)).build().cookieName());
    assertThrows(NullPointerException.class, () -> CookieCodec.builder(ring, null));
    assertThrows(NullPointerException.class, () -> CookieCodec.builder(null, "sid"));
  }
}
