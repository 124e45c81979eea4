package dev.hardtack;

import static dev.hardtack.Fixtures.onFreshThread;
import static dev.hardtack.Verification.Status.BAD_SIGNATURE;
import static dev.hardtack.Verification.Status.EXPIRED;
import static dev.hardtack.Verification.Status.MALFORMED;
import static dev.hardtack.Verification.Status.NOT_YET_VALID;
import static dev.hardtack.Verification.Status.UNKNOWN_KEY;
import static dev.hardtack.Verification.Status.VALID;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

  /**
   * The edges of the codec's time and size checks and of its builder. Written to kill the mutants PIT found alive;
   * each test states the rule it pins.
   */
  @Nested
  class Boundaries {
    @Test
    void sign_clockAtTheEdgesOfTheIssuedAtRange_signsInsideAndThrowsOutside() {
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
    void accessorsAndToString_signedAndEncrypted_describeTheCodec() {
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
    void encryptedVerify_longestNameOnAFreshThread_valid() throws Exception {
      // A 1024-character name makes the associated data longer than a fresh thread's buffer.
      CookieCodec codec = CookieCodec.builder(ring).cookieName("n".repeat(1024)).encrypted().build();
      String cookie = onFreshThread(() -> codec.sign("v"));
      assertEquals("v", onFreshThread(() -> codec.verify(cookie)).value());
      CookieCodec signed = CookieCodec.builder(ring).cookieName("n".repeat(1024)).build();
      String s = onFreshThread(() -> signed.sign("v"));
      assertEquals("v", onFreshThread(() -> signed.verify(s)).value());
    }
  }

  /**
   * docs/FORMAT.md promises one payload per value. Tokens minted with the key (by {@link FormatSpecTest}'s
   * independent implementation) whose payload is a non-shortest encoding of a value must be MALFORMED, in both
   * formats: a CESU-8 surrogate pair (two three-byte sequences for U+1F600, which has a four-byte form), and the
   * overlong forms. Before the fix, the CESU-8 pair verified as VALID, so one value had two payloads.
   */
  @Nested
  class OnePayloadPerValue {
    private static final String NAME = "sid";
    private static final long IAT = Fixtures.NOW.getEpochSecond();

    private static CookieCodec.Builder codec() {
      return CookieCodec.builder(KeyRing.of(Fixtures.SECRET_1)).cookieName(NAME).clock(Fixtures.fixedClock())
          .maxAge(Duration.ofDays(365));
    }

    private static Verification verifySigned(byte[] payloadBytes) throws Exception {
      String payload = "*" + Base64.getUrlEncoder().withoutPadding().encodeToString(payloadBytes);
      return codec().build().verify(FormatSpecTest.specSign(Fixtures.SECRET_1, 1, NAME, IAT, payload));
    }

    private static Verification verifyEncrypted(byte[] plaintext) throws Exception {
      byte[] nonce = new byte[12];
      nonce[0] = 1;
      return codec().encrypted().build()
          .verify(FormatSpecTest.specSeal(Fixtures.SECRET_1, 1, NAME, IAT, nonce, plaintext));
    }

    @ParameterizedTest
    @CsvSource({
        "eda0bdedb880, CESU-8 pair for U+1F600",
        "41eda0bdedb88042, CESU-8 pair inside ASCII",
        "eda080edb080, CESU-8 pair for U+10000",
        "edafbfedbfbf, CESU-8 pair for U+10FFFF",
        "c1a1, overlong 'a'",
        "e081a1, overlong 'a' in three bytes",
        "f08f98a0, overlong U+F620 in four bytes"})
    void verify_nonShortestPayload_malformedInBothFormats(String hex, String what) throws Exception {
      byte[] bytes = HexFormat.of().parseHex(hex);
      assertEquals(Verification.Status.MALFORMED, verifySigned(bytes).status(), what);
      assertEquals(Verification.Status.MALFORMED, verifyEncrypted(bytes).status(), what);
    }

    /** A value that has a plain payload, minted in the {@code *} form too: a second payload for one value. */
    @ParameterizedTest
    @CsvSource({"616263, abc", "'', ''", "2d5f41397a, -_A9z"})
    void verify_encodedPayloadOfAPlainValue_malformed(String hex, String value) throws Exception {
      assertEquals(Verification.Status.MALFORMED, verifySigned(HexFormat.of().parseHex(hex)).status(), value);
      // The plain payload is the one: the codec writes it, and it verifies.
      String token = codec().build().sign(value);
      assertEquals(value, codec().build().verify(token).value());
    }

    @ParameterizedTest
    @CsvSource({
        "f09f9880, \ud83d\ude00",
        "eda0bd41, \ud83dA",
        "edb880eda0bd, \ude00\ud83d",
        "eda0bdf09f9880, \ud83d\ud83d\ude00"})
    void verify_shortestPayload_validWithItsOneValue(String hex, String value) throws Exception {
      byte[] bytes = HexFormat.of().parseHex(hex);
      assertEquals(value, verifySigned(bytes).value());
      assertEquals(value, verifyEncrypted(bytes).value());
      // ...and the codec itself writes exactly these bytes for this value.
      assertEquals(value, codec().build().verify(codec().build().sign(value)).value());
    }
  }

  /**
   * Cookie tossing through the parser's limits: an attacker who can set a cookie of the codec's name (a sibling
   * subdomain, a plain-HTTP page) puts their own genuine cookie first and pads the header until the limit drops
   * the victim's duplicate. Before the fix, verifyHeader saw one cookie and returned the attacker's session as VALID.
   */
  @Nested
  class VerifyHeaderTruncation {
    private static final CookieCodec CODEC =
        CookieCodec.builder(KeyRing.of(Fixtures.SECRET_1)).cookieName("sid").clock(Fixtures.fixedClock()).build();
    private static final String ATTACKER = CODEC.sign("attacker-session");
    private static final String VICTIM = CODEC.sign("victim-session");

    @Test
    void verifyHeader_victimPushedPastTheInputLimit_ambiguous() {
      String header = "sid=" + ATTACKER + "; pad=" + "p".repeat(CookieHeader.MAX_INPUT) + "; sid=" + VICTIM;
      assertEquals(Verification.Status.AMBIGUOUS, CODEC.verifyHeader(CookieHeader.parse(header)).status());
    }

    @Test
    void verifyHeader_victimInALaterHeaderPastTheInputLimit_ambiguous() {
      List<String> headers = List.of("sid=" + ATTACKER + "; pad=" + "p".repeat(CookieHeader.MAX_INPUT), "sid=" + VICTIM);
      assertEquals(Verification.Status.AMBIGUOUS, CODEC.verifyHeader(CookieHeader.parse(headers)).status());
    }

    @Test
    void verifyHeader_victimPushedPastThePairLimit_ambiguous() {
      String header = "sid=" + ATTACKER + "; " + "p=1; ".repeat(CookieHeader.MAX_PAIRS - 1) + "sid=" + VICTIM;
      assertEquals(Verification.Status.AMBIGUOUS, CODEC.verifyHeader(CookieHeader.parse(header)).status());
    }

    @Test
    void verifyHeader_victimFirstAndPaddingAfter_stillAmbiguous() {
      // What was cut off is unknown, so the order does not matter: a truncated header is never trusted.
      String header = "sid=" + VICTIM + "; pad=" + "p".repeat(CookieHeader.MAX_INPUT);
      assertEquals(Verification.Status.AMBIGUOUS, CODEC.verifyHeader(CookieHeader.parse(header)).status());
    }

    @Test
    void verifyHeader_truncatedWithoutTheName_missing() {
      String header = "a=1; pad=" + "p".repeat(CookieHeader.MAX_INPUT) + "; sid=" + VICTIM;
      assertEquals(Verification.Status.MISSING, CODEC.verifyHeader(CookieHeader.parse(header)).status());
    }

    @Test
    void verifyHeader_exactlyAtTheLimits_valid() {
      String header = "sid=" + VICTIM + "; " + "p=1; ".repeat(CookieHeader.MAX_PAIRS - 1);
      assertEquals("victim-session", CODEC.verifyHeader(CookieHeader.parse(header)).value());
      String full = "sid=" + VICTIM + "; p=";
      full += "p".repeat(CookieHeader.MAX_INPUT - full.length());
      assertEquals(CookieHeader.MAX_INPUT, full.length());
      assertEquals("victim-session", CODEC.verifyHeader(CookieHeader.parse(full)).value());
    }
  }

  /**
   * Issue 11, finding 2: a destroyed key went on computing HMAC under zeroed pads, {@code SHA256(0^64 ||
   * SHA256(0^64 || m))}, which anyone can compute. Each test replays one way that reached a caller: a verifier
   * holding the snapshot it read just before a reload or a revoke, and a signer holding a stale primary. A
   * "zero-pad tag" below is that keyless tag.
   */
  @Nested
  class DestroyedKey {
    private static final long NOW = Fixtures.NOW.getEpochSecond();
    private static final Clock CLOCK = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);

    /** {@code prefix} (a token up to and including the dot before its tag) with the tag of an all-zero-pad HMAC. */
    static String zeroPadToken(String cookieName, String prefix) throws Exception {
      byte[] binding = CookieCodec.nameBinding(cookieName);
      byte[] token = prefix.getBytes(StandardCharsets.US_ASCII);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(new byte[64]);
      sha.update(binding);
      sha.update(token);
      byte[] inner = sha.digest();
      sha.update(new byte[64]);
      byte[] tag = sha.digest(inner);
      return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
    }

    @Test
    void verify_zeroPadTagAfterTheWatchedFileGivesItsVersionANewSecret_notValid(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("keys.hardtack");
      KeyRing.of(Fixtures.SECRET_1).save(file);
      KeyRingWatcherTest.Events listener = new KeyRingWatcherTest.Events();
      BlockingQueue<Object> events = listener.queue;
      try (KeyRing ring = KeyRing.watch(file, null, listener, Duration.ofMillis(20))) {
        CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").clock(CLOCK).build();
        var stale = ring.snapshot(); // a verifying thread has read the snapshot, and will look version 1 up in it...
        KeyRing.of(Fixtures.SECRET_2).save(file); // ...when the file is regenerated: version 1, another secret
        Object event = events.poll(5, TimeUnit.SECONDS);
        assertTrue(event instanceof List, "no reload within 5 s: " + event);
        String forged = zeroPadToken("sid", "s1.1." + NOW + ".admin.");
        Verification v = codec.verifyWith(stale, forged);
        assertNotEquals(Verification.Status.VALID, v.status());
        assertEquals(Verification.Status.UNKNOWN_KEY, v.status());
        assertEquals(Verification.Status.BAD_SIGNATURE, codec.verify(forged).status());
        // A genuine cookie of the replaced secret is refused too: the live version 1 is another key.
        String genuine = CookieCodec.builder(KeyRing.of(Fixtures.SECRET_1)).cookieName("sid").clock(CLOCK).build()
            .sign("user");
        assertEquals(Verification.Status.UNKNOWN_KEY, codec.verifyWith(stale, genuine).status());
        assertEquals(Verification.Status.BAD_SIGNATURE, codec.verify(genuine).status());
      }
    }

    @Test
    void verify_zeroPadTagOfARevokedKeyWithAnOldOrFutureTime_unknownKeyNeverExpiredOrNotYetValid() throws Exception {
      KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
      int two = ring.add(Fixtures.SECRET_2);
      CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").maxAge(Duration.ofHours(1)).clock(CLOCK).build();
      var stale = ring.snapshot(); // read by a verifying thread just before the revoke
      ring.revoke(two);
      String expired = zeroPadToken("sid", "s1." + two + "." + (NOW - 7200) + ".admin.");
      String future = zeroPadToken("sid", "s1." + two + "." + (NOW + 7200) + ".admin.");
      String fresh = zeroPadToken("sid", "s1." + two + "." + NOW + ".admin.");
      assertEquals(Verification.Status.UNKNOWN_KEY, codec.verifyWith(stale, expired).status());
      assertEquals(Verification.Status.UNKNOWN_KEY, codec.verifyWith(stale, future).status());
      assertEquals(Verification.Status.UNKNOWN_KEY, codec.verifyWith(stale, fresh).status());
    }

    @Test
    void verify_genuineButExpiredCookieOfAKeyRevokedMeanwhile_unknownKey() {
      KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
      int two = ring.add(Fixtures.SECRET_2);
      ring.promote(two);
      Clock past = Clock.fixed(Fixtures.NOW.minus(Duration.ofHours(2)), ZoneOffset.UTC);
      String old = CookieCodec.builder(ring).cookieName("sid").clock(past).build().sign("user");
      ring.promote(1);
      CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").maxAge(Duration.ofHours(1)).clock(CLOCK).build();
      assertEquals(Verification.Status.EXPIRED, codec.verify(old).status());
      var stale = ring.snapshot();
      ring.revoke(two);
      assertEquals(Verification.Status.UNKNOWN_KEY, codec.verifyWith(stale, old).status());
      assertEquals(Verification.Status.UNKNOWN_KEY, codec.verify(old).status());
    }

    @Test
    void seal_signedWithAKeyRevokedAfterTheCallerReadIt_returnsNull() {
      KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
      KeyEntry stale = ring.snapshot().primary;
      ring.rotate();
      ring.revoke(1);
      assertNull(new SignedTokens().seal(stale, CookieCodec.nameBinding("sid"), NOW, "x", 4000));
    }

    @Test
    void sealWithPrimary_signedStaleSnapshotWhosePrimaryWasRevoked_sealsWithTheCurrentPrimaryNotAZeroPadTag()
        throws Exception {
      KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
      CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").clock(CLOCK).build();
      var stale = ring.snapshot(); // as a signing thread holds it while another rotates and revokes
      int two = ring.rotate();
      ring.revoke(1);
      String cookie = codec.sealWithPrimary(stale, "value", NOW);
      assertNotEquals(zeroPadToken("sid", "s1.1." + NOW + ".value."), cookie);
      Verification v = codec.verify(cookie);
      assertEquals(Verification.Status.VALID, v.status());
      assertEquals(two, v.keyVersion());
      assertEquals("value", v.value());
    }

    @Test
    void verify_zeroPadTagForAVersionNeverInTheRing_unknownKey() throws Exception {
      CookieCodec codec = CookieCodec.builder(KeyRing.of(Fixtures.SECRET_1)).cookieName("sid").clock(CLOCK).build();
      assertEquals(Verification.Status.UNKNOWN_KEY,
          codec.verify(zeroPadToken("sid", "s1.9." + NOW + ".admin.")).status());
      assertEquals(Verification.Status.BAD_SIGNATURE,
          codec.verify(zeroPadToken("sid", "s1.1." + NOW + ".admin.")).status());
    }

    @Test
    void verify_encryptedCookieOfAKeyRevokedAfterTheLookup_unknownKey() {
      KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
      int two = ring.add(Fixtures.SECRET_2);
      ring.promote(two);
      CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").encrypted().clock(CLOCK).build();
      String cookie = codec.sign("user");
      ring.promote(1);
      var stale = ring.snapshot();
      assertEquals(Verification.Status.VALID, codec.verifyWith(stale, cookie).status());
      ring.revoke(two);
      assertEquals(Verification.Status.UNKNOWN_KEY, codec.verifyWith(stale, cookie).status());
      assertEquals(Verification.Status.UNKNOWN_KEY, codec.verify(cookie).status());
    }

    @Test
    void sealWithPrimary_encryptedStaleSnapshotWhosePrimaryWasReloadedAway_sealsWithTheNewKey(@TempDir Path dir)
        throws Exception {
      Path file = dir.resolve("keys.hardtack");
      KeyRing.of(Fixtures.SECRET_1).save(file);
      BlockingQueue<Object> events = new LinkedBlockingQueue<>();
      KeyRing.Listener listener = new KeyRing.Listener() {
        @Override
        public void reloaded(Path f, List<KeyInfo> keys) {
          events.add(keys);
        }
      };
      try (KeyRing ring = KeyRing.watch(file, null, listener, Duration.ofMillis(20))) {
        for (CookieCodec codec : new CookieCodec[] {
            CookieCodec.builder(ring).cookieName("sid").clock(CLOCK).build(),
            CookieCodec.builder(ring).cookieName("sid").encrypted().clock(CLOCK).build()}) {
          var stale = ring.snapshot();
          KeyRing.of(Secrets.random()).save(file); // version 1 again, with a new secret
          assertTrue(events.poll(5, TimeUnit.SECONDS) instanceof List, "no reload within 5 s");
          String cookie = codec.sealWithPrimary(stale, "value", NOW);
          assertEquals(Verification.Status.VALID, codec.verify(cookie).status(), cookie);
        }
      }
    }
  }
}
