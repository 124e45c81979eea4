package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Golden tokens: made once with {@link Fixtures#SECRET_1} (and {@link Fixtures#SECRET_2} as version 2), the
 * fixed clock 2026-11-29T09:00:00Z, and for {@code e1} a fixed nonce ({@code 00..00 07}), then committed. They
 * must verify forever, and signing must keep producing exactly these bytes: a change here is a wire-format change
 * and needs a new format marker, not an edit of these strings.
 */
class GoldenTokensTest {
  static final String S1_PLAIN = "s1.1.1795942800.abc-DEF_123.TUgsDH3Q2yXVNfqpcVi1cjIm2jgoEQgNGyzSqlJquyY";
  static final String S1_ENCODED = "s1.1.1795942800.*eyJ1c2VyIjoiem_DqyJ9IOKckw.SgPEcVKNk158aclOUiR7isDQ_duwnL-tCgPT_uV0Tkw";
  static final String S1_EMPTY = "s1.1.1795942800..5SaUnLzsTw_q7lnw9MpsyCOuI7RpqMAqudZUL2284Hw";
  static final String S1_V2 = "s1.2.1795942800.x.8FHO2M9IBQPd7FcT98Uc7x7CkIpKwX0KYZ498EDCkXY";
  static final String E1 = "e1.1.1795942800.AAAAAAAAAAAAAAAHCgQuO2d_2WW7FgupbBWde1Qdi25eJgciJPk";
  static final String ENCODED_VALUE = "{\"user\":\"zoë\"} ✓";

  private static CookieCodec.Builder builder() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    ring.add(Fixtures.SECRET_2);
    return CookieCodec.builder(ring).cookieName("sid").clock(Fixtures.fixedClock()).maxAge(Duration.ofHours(1));
  }

  @Test
  void sign_goldenInputs_reproduceTheCommittedTokens() {
    CookieCodec codec = builder().build();
    assertEquals(S1_PLAIN, codec.sign("abc-DEF_123"));
    assertEquals(S1_ENCODED, codec.sign(ENCODED_VALUE));
    assertEquals(S1_EMPTY, codec.sign(""));
  }

  @Test
  void verify_goldenSignedTokens_areValidForever() {
    CookieCodec codec = builder().build();
    assertEquals("abc-DEF_123", codec.verify(S1_PLAIN).value());
    assertEquals(ENCODED_VALUE, codec.verify(S1_ENCODED).value());
    assertEquals("", codec.verify(S1_EMPTY).value());
    Verification v2 = codec.verify(S1_V2);
    assertEquals("x", v2.value());
    assertEquals(2, v2.keyVersion());
    assertEquals(true, v2.needsResign());
  }

  @Test
  void verify_goldenEncryptedToken_isValidForever() {
    Verification r = builder().encrypted().build().verify(E1);
    assertEquals(Verification.Status.VALID, r.status());
    assertEquals("golden ✓", r.value());
  }
}
