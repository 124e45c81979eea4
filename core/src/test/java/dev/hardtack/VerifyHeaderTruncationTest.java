package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cookie tossing through the parser's limits: an attacker who can set a cookie of the codec's name (a sibling
 * subdomain, a plain-HTTP page) puts their own genuine cookie first and pads the header until the limit drops
 * the victim's duplicate. Before the fix, verifyHeader saw one cookie and returned the attacker's session as VALID.
 */
class VerifyHeaderTruncationTest {
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
