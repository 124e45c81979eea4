package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class KeyRingLifecycleTest {
  private static final Instant T0 = Fixtures.NOW;

  private static CookieCodec codec(KeyRing ring, Clock clock) {
    return CookieCodec.builder(ring).cookieName("sid").clock(clock).build();
  }

  @Test
  void keys_newRing_oneUnretiredPrimary() {
    KeyRing ring = KeyRing.generate();
    KeyInfo k = ring.keys().get(0);
    assertEquals(KeyState.PRIMARY, k.state());
    assertTrue(k.primary());
    assertTrue(k.verifyUntil().isEmpty());
    assertTrue(k.lastUsed().isEmpty());
  }

  @Test
  void addPromote_stagedThenPrimary_formerPrimaryRetiredWithoutDeadline() {
    KeyRing ring = KeyRing.generate();
    int v2 = ring.add(Secrets.random());
    assertEquals(KeyState.STAGED, ring.keys().get(1).state());
    ring.promote(v2);
    List<KeyInfo> keys = ring.keys();
    assertEquals(KeyState.RETIRED, keys.get(0).state());
    assertTrue(keys.get(0).verifyUntil().isEmpty());
    assertEquals(KeyState.PRIMARY, keys.get(1).state());
  }

  @Test
  void rotate_formerPrimary_retired() {
    KeyRing ring = KeyRing.generate();
    ring.rotate();
    assertEquals(KeyState.RETIRED, ring.keys().get(0).state());
    assertEquals(2, ring.primaryVersion());
  }

  @Test
  void retire_primary_throwsIllegalState() {
    KeyRing ring = KeyRing.generate();
    assertThrows(IllegalStateException.class, () -> ring.retire(1, T0));
  }

  @Test
  void retire_unknownVersion_throwsNoSuchElement() {
    KeyRing ring = KeyRing.generate();
    assertThrows(NoSuchElementException.class, () -> ring.retire(7, T0));
    assertThrows(NullPointerException.class, () -> ring.retire(1, null));
  }

  @Test
  void retire_beforeDeadline_verifiesAndShowsDeadline() {
    Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    KeyRing ring = KeyRing.generate(clock);
    String old = codec(ring, clock).sign("abc");
    ring.rotate();
    ring.retire(1, T0.plus(Duration.ofHours(1)));
    assertEquals(T0.plus(Duration.ofHours(1)), ring.keys().get(0).verifyUntil().orElseThrow());
    clock.advance(Duration.ofMinutes(59));
    Verification r = codec(ring, clock).verify(old);
    assertTrue(r.isValid());
    assertTrue(r.needsResign());
  }

  @Test
  void retire_pastDeadline_unknownKeyAndDropped() {
    Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    KeyRing ring = KeyRing.generate(clock);
    String old = codec(ring, clock).sign("abc");
    ring.rotate();
    ring.retire(1, T0.plus(Duration.ofHours(1)));
    clock.advance(Duration.ofHours(1));
    assertEquals(Verification.Status.UNKNOWN_KEY, codec(ring, clock).verify(old).status());
    assertEquals(List.of(2), ring.keys().stream().map(KeyInfo::version).toList());
    assertEquals(Verification.Status.UNKNOWN_KEY, codec(ring, clock).verify(old).status());
  }

  @Test
  void retire_stagedKey_retiredWithDeadline() {
    KeyRing ring = KeyRing.generate();
    int v = ring.add(Secrets.random());
    ring.retire(v, Instant.now().plusSeconds(60));
    assertEquals(KeyState.RETIRED, ring.keys().get(1).state());
  }

  @Test
  void promote_retiredKey_clearsDeadline() {
    KeyRing ring = KeyRing.generate();
    ring.rotate();
    ring.retire(1, Instant.now().plusSeconds(60));
    ring.promote(1);
    KeyInfo k = ring.keys().get(0);
    assertEquals(KeyState.PRIMARY, k.state());
    assertTrue(k.verifyUntil().isEmpty());
    assertEquals(KeyState.RETIRED, ring.keys().get(1).state());
  }

  @Test
  void revoke_stillImmediate() {
    KeyRing ring = KeyRing.generate();
    CookieCodec c = CookieCodec.builder(ring).cookieName("sid").build();
    String old = c.sign("x");
    ring.rotate();
    ring.retire(1, Instant.now().plusSeconds(3600));
    ring.revoke(1);
    assertEquals(Verification.Status.UNKNOWN_KEY, c.verify(old).status());
  }

  @Test
  void lastUsed_validCookie_recordedByCodecClock() {
    Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    KeyRing ring = KeyRing.generate(clock);
    CookieCodec c = codec(ring, clock);
    String cookie = c.sign("v");
    assertTrue(ring.keys().get(0).lastUsed().isEmpty());
    clock.advance(Duration.ofSeconds(5));
    assertTrue(c.verify(cookie).isValid());
    assertEquals(T0.plusSeconds(5), ring.keys().get(0).lastUsed().orElseThrow());
    clock.advance(Duration.ofMillis(500));
    c.verify(cookie);
    assertEquals(T0.plusSeconds(5), ring.keys().get(0).lastUsed().orElseThrow(), "at most one write a second");
    clock.advance(Duration.ofMillis(1500));
    c.verify(cookie);
    assertEquals(T0.plusSeconds(7), ring.keys().get(0).lastUsed().orElseThrow());
  }

  @Test
  void lastUsed_badSignature_notRecorded() {
    KeyRing ring = KeyRing.generate();
    CookieCodec c = CookieCodec.builder(ring).cookieName("sid").build();
    String cookie = c.sign("v");
    String forged = cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("AA") ? "BA" : "AA");
    assertFalse(c.verify(forged).isValid());
    assertTrue(ring.keys().get(0).lastUsed().isEmpty());
  }

  @Test
  void verify_futureIssuedAtBeyondSkew_notYetValid() {
    Fixtures.MutableClock clock = new Fixtures.MutableClock(T0.plusSeconds(61));
    KeyRing ring = KeyRing.generate(clock);
    String cookie = codec(ring, clock).sign("v");
    clock.advance(Duration.ofSeconds(-61));
    assertEquals(Verification.Status.NOT_YET_VALID, codec(ring, clock).verify(cookie).status());
    clock.advance(Duration.ofSeconds(1));
    assertTrue(codec(ring, clock).verify(cookie).isValid());
  }

  @Test
  void toString_keyInfo_showsStateNoSecret() {
    KeyRing ring = KeyRing.generate();
    ring.rotate();
    ring.retire(1, T0);
    String s = ring.toString() + ring.keys();
    assertTrue(s.contains("state=PRIMARY"), s);
  }
}
