package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link KeyInfo}'s equality, field by field, and its toString. */
class KeyInfoTest {
  private static final Instant T = Instant.parse("2026-11-29T09:00:00Z");

  @Test
  void equalsAndToString_fieldByField_equalOnlyWhenEveryFieldIs() {
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
}
