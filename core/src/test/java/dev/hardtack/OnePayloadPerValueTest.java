package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/FORMAT.md promises one payload per value. Tokens minted with the key (by {@link FormatSpecTest}'s
 * independent implementation) whose payload is a non-shortest encoding of a value must be MALFORMED, in both
 * formats: a CESU-8 surrogate pair (two three-byte sequences for U+1F600, which has a four-byte form), and the
 * overlong forms. Before the fix, the CESU-8 pair verified as VALID, so one value had two payloads.
 */
class OnePayloadPerValueTest {
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
