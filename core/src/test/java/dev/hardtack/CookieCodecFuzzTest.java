package dev.hardtack;

import static dev.hardtack.Verification.Status.BAD_SIGNATURE;
import static dev.hardtack.Verification.Status.EXPIRED;
import static dev.hardtack.Verification.Status.MALFORMED;
import static dev.hardtack.Verification.Status.NOT_YET_VALID;
import static dev.hardtack.Verification.Status.UNKNOWN_KEY;
import static dev.hardtack.Verification.Status.VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for {@link CookieCodec#verify(String)}, signed and encrypted. Seeds live in
 * {@code src/test/resources/dev/hardtack/CookieCodecFuzzTestInputs/<method>/}; {@code mvn verify} replays them,
 * and docs/TESTING.md gives the command that fuzzes one target for N minutes.
 *
 * <p>Input layout ({@link FuzzBytes}): byte 0 picks the mode and the signing time; in mode "raw" the rest is the
 * cookie; in mode "edit" the target signs the rest as a value, then applies the fuzzer's edits to the token.
 *
 * <p>Properties, checked on every input:
 *
 * <ul>
 *   <li>verify returns a documented status and never throws; the format's own {@code open} (which verify wraps
 *       in a catch-all) never throws either, and agrees with verify;
 *   <li>an edited token is never authentic (VALID, EXPIRED or NOT_YET_VALID): only an unedited one is, with the
 *       status its signing time calls for;
 *   <li>a raw input is authentic only if this process signed exactly that string (for {@code s1}, whose tokens
 *       are deterministic, signing the verified value again must give the input back byte for byte);
 *   <li>no input takes longer than the {@link Timeout} (a hang fails the run).
 * </ul>
 */
@Tag("slow")
class CookieCodecFuzzTest {
  static final String NAME = "sid";
  /** Offsets of the signing clock from the verifying clock, in seconds, and the status they call for. */
  private static final long[] OFFSETS = {0, 30, -3599, -7200, 120};
  private static final Verification.Status[] EXPECTED = {VALID, VALID, VALID, EXPIRED, NOT_YET_VALID};
  private static final Set<Verification.Status> REJECTIONS = EnumSet.of(MALFORMED, BAD_SIGNATURE, UNKNOWN_KEY);
  private static final Set<Verification.Status> VERIFY_RESULTS =
      EnumSet.of(VALID, MALFORMED, BAD_SIGNATURE, UNKNOWN_KEY, EXPIRED, NOT_YET_VALID);

  /** Version 1 primary, version 2 staged; version 3 and up unknown. */
  private static final KeyRing RING_1 = ring(false);
  /** The same secrets, version 2 primary. */
  private static final KeyRing RING_2 = ring(true);
  /** Every token this process signed, plus the golden ones: the only strings that may be authentic. */
  private static final Set<String> SIGNED = ConcurrentHashMap.newKeySet();

  static {
    SIGNED.add(GoldenTokensTest.S1_PLAIN);
    SIGNED.add(GoldenTokensTest.S1_ENCODED);
    SIGNED.add(GoldenTokensTest.S1_EMPTY);
    SIGNED.add(GoldenTokensTest.S1_V2);
    SIGNED.add(GoldenTokensTest.E1);
  }

  private static KeyRing ring(boolean promoteTwo) {
    KeyRing r = KeyRing.of(Fixtures.SECRET_1);
    int two = r.add(Fixtures.SECRET_2);
    if (promoteTwo) {
      r.promote(two);
    }
    return r;
  }

  private static CookieCodec codec(KeyRing ring, boolean encrypted, Clock clock) {
    CookieCodec.Builder b = CookieCodec.builder(ring).cookieName(NAME).clock(clock).maxAge(Duration.ofHours(1));
    return (encrypted ? b.encrypted() : b).build();
  }

  private static Clock clockAt(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  @FuzzTest
  @Timeout(10)
  @DictionaryEntries({"s1.", "e1.", "s1.1.1795942800.", "s1.2.", ".", "*", "=", "_", "-"})
  void verifySigned_anyInput_documentedStatusAndNoForgery(byte[] input) {
    check(input, false);
  }

  @FuzzTest
  @Timeout(10)
  @DictionaryEntries({"e1.", "s1.", "e1.1.1795942800.", "e1.2.", ".", "=", "_", "-"})
  void verifyEncrypted_anyInput_documentedStatusAndNoForgery(byte[] input) {
    check(input, true);
  }

  private static void check(byte[] bytes, boolean encrypted) {
    FuzzBytes in = new FuzzBytes(bytes);
    int mode = in.nextByte();
    CookieCodec verifier = codec(RING_1, encrypted, Fixtures.fixedClock());
    if ((mode & 1) == 0) {
      String raw = in.rest();
      Verification r = verifyBothWays(verifier, raw, encrypted);
      if (!REJECTIONS.contains(r.status())) {
        assertAuthenticOnlyIfSigned(raw, r, encrypted);
      }
      return;
    }
    int slot = (mode >>> 1) % OFFSETS.length;
    KeyRing signingRing = (mode & 0x80) == 0 ? RING_1 : RING_2;
    CookieCodec signer = codec(signingRing, encrypted, clockAt(Fixtures.NOW.getEpochSecond() + OFFSETS[slot]));
    // The value comes after the edits, so read the edits from a copy first.
    FuzzBytes edits = new FuzzBytes(java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
    skipEdits(in);
    String value = in.rest();
    String token;
    try {
      token = signer.sign(value);
    } catch (IllegalArgumentException tooLong) {
      return; // documented: a value too large for a cookie
    }
    SIGNED.add(token);
    String edited = edits.applyEdits(token);
    Verification r = verifyBothWays(verifier, edited, encrypted);
    if (edited.equals(token)) {
      assertEquals(EXPECTED[slot], r.status(), "unedited token, signing offset " + OFFSETS[slot]);
      assertEquals(signingRing.primaryVersion(), r.keyVersion());
      if (r.isValid()) {
        assertEquals(value, r.value());
        assertEquals(signingRing != RING_1, r.needsResign());
      }
    } else {
      assertTrue(REJECTIONS.contains(r.status()), "edited token accepted as " + r.status() + ": " + edited);
    }
  }

  private static void skipEdits(FuzzBytes in) {
    int count = in.nextByte() & 7;
    for (int i = 0; i < count; i++) {
      in.nextByte();
      in.nextByte();
      in.nextChar();
    }
  }

  /**
   * The public verify, and the format's open without verify's catch-all: both must agree, neither may throw.
   * (Jazzer's first finding, crash-66dc9048...: a token between 4093 and 4096 characters, which verify now
   * refuses up front while open still checks it; the oracle, not the library, was out of date.)
   */
  private static Verification verifyBothWays(CookieCodec codec, String token, boolean encrypted) {
    Verification r = codec.verify(token);
    assertNotNull(r);
    assertTrue(VERIFY_RESULTS.contains(r.status()), "undocumented status " + r.status());
    if (token != null && NAME.length() + 1 + token.length() > TokenFormat.MAX_COOKIE_LENGTH) {
      // Longer than sign() makes for this name: verify refuses it before the format sees it.
      assertEquals(MALFORMED, r.status(), "an over-long token was not refused up front");
      return r;
    }
    TokenFormat format = encrypted ? new EncryptedTokens() : new SignedTokens();
    Verification raw = format.open(RING_1.snapshot(), CookieCodec.nameBinding(NAME), token, (v, iat) -> null);
    if (REJECTIONS.contains(r.status())) {
      assertEquals(r.status(), raw.status(), "verify and open disagree");
    } else {
      assertEquals(VALID, raw.status(), "verify and open disagree");
      assertEquals(r.keyVersion(), raw.keyVersion());
      assertEquals(r.issuedAt(), raw.issuedAt());
    }
    return r;
  }

  private static void assertAuthenticOnlyIfSigned(String raw, Verification r, boolean encrypted) {
    if (SIGNED.contains(raw)) {
      return;
    }
    assertTrue(!encrypted, "an e1 token this process never signed is authentic: " + raw);
    // s1 is deterministic: re-signing the value under the same key and second must give the input back.
    KeyRing ring = r.keyVersion() == 1 ? RING_1 : RING_2;
    assertEquals(r.keyVersion(), ring.primaryVersion(), "authentic under a key that cannot sign here: " + raw);
    CookieCodec lenient = CookieCodec.builder(ring).cookieName(NAME).clock(clockAt(r.issuedAt().getEpochSecond()))
        .build();
    Verification open = lenient.verify(raw);
    assertEquals(VALID, open.status());
    assertEquals(raw, lenient.sign(open.value()), "a second encoding of one token verifies");
  }
}
