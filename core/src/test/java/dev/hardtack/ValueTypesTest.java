package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The small value types' contracts: what a rejection refuses to tell, what toString shows (and only that), and
 * KeyInfo's equality field by field.
 */
class ValueTypesTest {
  private static final Instant T = Instant.parse("2026-11-29T09:00:00Z");

  @Test
  void verification_rejectedWithoutAuthenticity_refusesVersionAndTime() {
    Verification r = Verification.MALFORMED;
    assertThrows(IllegalStateException.class, r::keyVersion);
    assertThrows(IllegalStateException.class, r::issuedAt);
    assertThrows(IllegalStateException.class, r::value);
    assertEquals("Verification[MALFORMED]", r.toString());
  }

  @Test
  void verification_toString_statusVersionTimeAndResignFlagButNoValue() {
    Verification v = Verification.valid("secret-session", 3, T.getEpochSecond(), false);
    assertEquals("Verification[VALID, keyVersion=3, issuedAt=2026-11-29T09:00:00Z]", v.toString());
    Verification old = Verification.valid("secret-session", 2, T.getEpochSecond(), true);
    assertEquals("Verification[VALID, keyVersion=2, issuedAt=2026-11-29T09:00:00Z, needsResign]", old.toString());
    Verification expired = Verification.authenticButRejected(Verification.Status.EXPIRED, 4, T.getEpochSecond());
    assertEquals(4, expired.keyVersion());
    assertEquals(T, expired.issuedAt());
    assertEquals("Verification[EXPIRED, keyVersion=4, issuedAt=2026-11-29T09:00:00Z]", expired.toString());
  }

  @Test
  void keyInfo_equalsFieldByField() {
    KeyInfo a = new KeyInfo(1, KeyState.RETIRED, T, T.plusSeconds(60), T.plusSeconds(5));
    KeyInfo same = new KeyInfo(1, KeyState.RETIRED, T, T.plusSeconds(60), T.plusSeconds(5));
    assertEquals(a, same);
    assertEquals(a.hashCode(), same.hashCode());
    assertNotEquals(a, new KeyInfo(2, KeyState.RETIRED, T, T.plusSeconds(60), T.plusSeconds(5)));
    assertNotEquals(a, new KeyInfo(1, KeyState.STAGED, T, T.plusSeconds(60), T.plusSeconds(5)));
    assertNotEquals(a, new KeyInfo(1, KeyState.RETIRED, T.plusSeconds(1), T.plusSeconds(60), T.plusSeconds(5)));
    assertNotEquals(a, new KeyInfo(1, KeyState.RETIRED, T, null, T.plusSeconds(5)));
    assertNotEquals(a, new KeyInfo(1, KeyState.RETIRED, T, T.plusSeconds(60), null));
    assertNotEquals(a, (Object) "KeyInfo");
    assertEquals("KeyInfo[version=1, state=RETIRED, createdAt=2026-11-29T09:00:00Z, verifyUntil=2026-11-29T09:01:00Z,"
        + " lastUsed=2026-11-29T09:00:05Z]", a.toString());
  }

  @Test
  void cookieHeader_toString_namesOnly() {
    CookieHeader h = CookieHeader.parse("a=secret1; b=secret2");
    assertEquals("CookieHeader[a, b]", h.toString());
  }
}
