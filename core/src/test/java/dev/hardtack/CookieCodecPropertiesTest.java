package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of {@link CookieCodec} over generated values and tokens. */
class CookieCodecPropertiesTest {
  private static final KeyRing RING = ring();
  private static final CookieCodec SIGNED = codec(false);
  private static final CookieCodec ENCRYPTED = codec(true);

  private static KeyRing ring() {
    KeyRing r = KeyRing.of(Fixtures.SECRET_1);
    r.add(Fixtures.SECRET_2);
    return r;
  }

  private static CookieCodec codec(boolean encrypted) {
    CookieCodec.Builder b = CookieCodec.builder(RING).cookieName("sid").clock(Fixtures.fixedClock())
        .maxAge(Duration.ofHours(1));
    return (encrypted ? b.encrypted() : b).build();
  }

  /** Any UTF-16 sequence, unpaired surrogates included, of up to 600 characters. */
  @Provide
  Arbitrary<String> anyJavaString() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(600),
        Arbitraries.strings().withChars("abcXYZ019-_").ofMaxLength(80),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200));
  }

  @Provide
  Arbitrary<String> anyInput() {
    return Arbitraries.oneOf(
        anyJavaString(),
        Arbitraries.strings().withChars("se1.0123456789*-_abcAZ=+/").ofMaxLength(160),
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(40).ofMaxLength(200).map(s -> "s1.1.1." + s),
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(40).ofMaxLength(200).map(s -> "e1.1.1." + s));
  }

  /** Mostly characters that can appear in tokens, so that a change often stays well formed. */
  @Provide
  Arbitrary<Character> tokenChar() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(9, Arbitraries.chars().with(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.*".toCharArray())),
        net.jqwik.api.Tuple.of(1, Arbitraries.chars()));
  }

  @Property(tries = 400)
  void signThenVerify_anyString_roundTrips(@ForAll("anyJavaString") String value) {
    assertEquals(value, SIGNED.verify(SIGNED.sign(value)).value());
    assertEquals(value, ENCRYPTED.verify(ENCRYPTED.sign(value)).value());
  }

  @Property(tries = 400)
  void sign_anyString_usesCookieOctetsOnly(@ForAll("anyJavaString") String value) {
    for (String token : new String[] {SIGNED.sign(value), ENCRYPTED.sign(value)}) {
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        assertTrue(SetCookie.isCookieOctet(c), "not a cookie-octet: " + (int) c);
      }
    }
  }

  @Property(tries = 600)
  void verify_anySingleCharacterChanged_rejected(
      @ForAll("anyJavaString") String value,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll("tokenChar") char replacement,
      @ForAll boolean encrypted) {
    CookieCodec codec = encrypted ? ENCRYPTED : SIGNED;
    String token = codec.sign(value);
    int i = position % token.length();
    if (token.charAt(i) == replacement) {
      return;
    }
    String changed = token.substring(0, i) + replacement + token.substring(i + 1);
    assertNotEquals(Verification.Status.VALID, codec.verify(changed).status());
  }

  @Property(tries = 400)
  void verify_truncatedOrExtended_rejected(
      @ForAll("anyJavaString") String value,
      @ForAll @IntRange(min = 1, max = 10_000) int cut,
      @ForAll("anyJavaString") String suffix,
      @ForAll boolean encrypted) {
    CookieCodec codec = encrypted ? ENCRYPTED : SIGNED;
    String token = codec.sign(value);
    String truncated = token.substring(0, token.length() - 1 - (cut % token.length()));
    assertNotEquals(Verification.Status.VALID, codec.verify(truncated).status());
    if (!suffix.isEmpty()) {
      assertNotEquals(Verification.Status.VALID, codec.verify(token + suffix).status());
    }
  }

  @Property(tries = 2000)
  void verify_arbitraryInput_neverThrowsAndNeverValid(@ForAll("anyInput") String input) {
    for (CookieCodec codec : new CookieCodec[] {SIGNED, ENCRYPTED}) {
      Verification r = codec.verify(input);
      assertNotNull(r);
      assertNotEquals(Verification.Status.VALID, r.status());
    }
  }

  @Property(tries = 300)
  void verify_payloadsSwappedBetweenCookies_rejected(
      @ForAll("anyJavaString") String a, @ForAll("anyJavaString") String b) {
    if (a.equals(b)) {
      return;
    }
    String ta = SIGNED.sign(a);
    String tb = SIGNED.sign(b);
    String mixed = tb.substring(0, tb.lastIndexOf('.')) + ta.substring(ta.lastIndexOf('.'));
    assertNotEquals(Verification.Status.VALID, SIGNED.verify(mixed).status());
  }
}
