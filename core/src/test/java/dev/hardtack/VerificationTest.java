package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link Verification}'s contract: what a rejection refuses to tell, and what toString shows (and only that). */
class VerificationTest {
  private static final Instant T = Instant.parse("2026-11-29T09:00:00Z");

  @Test
  void accessors_rejectedWithoutAuthenticity_refuseVersionAndTime() {
    Verification r = Verification.MALFORMED;
    assertThrows(IllegalStateException.class, r::keyVersion);
    assertThrows(IllegalStateException.class, r::issuedAt);
    assertThrows(IllegalStateException.class, r::value);
    assertEquals("Verification[MALFORMED]", r.toString());
  }

  @Test
  void toString_validAndRejected_statusVersionTimeAndResignFlagButNoValue() {
    Verification v = Verification.valid("secret-session", 3, T.getEpochSecond(), false);
    assertEquals("Verification[VALID, keyVersion=3, issuedAt=2026-11-29T09:00:00Z]", v.toString());
    Verification old = Verification.valid("secret-session", 2, T.getEpochSecond(), true);
    assertEquals("Verification[VALID, keyVersion=2, issuedAt=2026-11-29T09:00:00Z, needsResign]", old.toString());
    Verification expired = Verification.authenticButRejected(Verification.Status.EXPIRED, 4, T.getEpochSecond());
    assertEquals(4, expired.keyVersion());
    assertEquals(T, expired.issuedAt());
    assertEquals("Verification[EXPIRED, keyVersion=4, issuedAt=2026-11-29T09:00:00Z]", expired.toString());
  }
}
