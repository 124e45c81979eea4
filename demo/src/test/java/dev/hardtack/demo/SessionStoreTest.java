package dev.hardtack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionStoreTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-11-29T09:00:00Z"));
  private final SessionStore store = new SessionStore(clock, Duration.ofMinutes(15), Duration.ofHours(8), 3);

  @Test
  void find_liveSession_isFound_andUnknownIdIsNot() {
    SessionStore.Session s = store.create();
    assertSame(s, store.find(s.id()).session());
    assertEquals(SessionStore.Status.UNKNOWN_SESSION, store.find("nope").status());
  }

  @Test
  void find_afterIdleTimeout_reportsIdleAndForgets() {
    SessionStore.Session s = store.create();
    clock.advance(Duration.ofMinutes(15));
    assertEquals(SessionStore.Status.IDLE_TIMEOUT, store.find(s.id()).status());
    assertEquals(SessionStore.Status.UNKNOWN_SESSION, store.find(s.id()).status());
  }

  @Test
  void find_afterAbsoluteTimeout_reportsAbsoluteEvenWhenBusy() {
    SessionStore.Session s = store.create();
    for (int i = 0; i < 47; i++) {
      clock.advance(Duration.ofMinutes(10));
      assertEquals(SessionStore.Status.FOUND, store.find(s.id()).status());
    }
    clock.advance(Duration.ofMinutes(10));
    assertEquals(SessionStore.Status.ABSOLUTE_TIMEOUT, store.find(s.id()).status());
  }

  @Test
  void create_flood_keepsSessionsThatCameBack_andStaysWithinCapacity() {
    SessionStore big = new SessionStore(clock, Duration.ofMinutes(15), Duration.ofHours(8), 100);
    List<SessionStore.Session> returning = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      SessionStore.Session s = big.create();
      big.find(s.id()); // came back once
      returning.add(s);
    }
    for (int i = 1; i <= 20_000; i++) {
      big.create(); // one-hit wonders
      if (i % 1000 == 0) {
        for (SessionStore.Session s : returning) {
          assertEquals(SessionStore.Status.FOUND, big.find(s.id()).status(), "after " + i + " new sessions");
        }
      }
    }
    assertTrue(big.size() <= 200, "two tiers of 100 at most: " + big.size());
    assertTrue(big.evicted() >= 20_000 - 2 * 100, "the one-hit wonders made way: " + big.evicted());
  }

  @Test
  void size_endedSessionsAreDroppedOneIdleTimeoutAfterTheyEnd_withoutCountingEvictions() {
    store.create();
    store.create();
    store.create();
    clock.advance(Duration.ofMinutes(16));
    assertEquals(3, store.size(), "ended, but kept a while so that find can say why");
    clock.advance(Duration.ofMinutes(15));
    assertEquals(0, store.size());
    assertEquals(0, store.evicted());
  }

  @Test
  void renew_givesNewIdKeepsVisits_andOldIdEnds() {
    SessionStore.Session old = store.create();
    store.visit(old);
    store.visit(old);
    SessionStore.Session fresh = store.renew(old, "ada");
    assertNotEquals(old.id(), fresh.id());
    assertEquals(SessionStore.Status.UNKNOWN_SESSION, store.find(old.id()).status());
    SessionStore.View v = store.visit(fresh);
    assertEquals(3, v.visits());
    assertEquals("ada", v.user());
  }

  @Test
  void toString_neverShowsTheId() {
    SessionStore.Session s = store.create();
    assertFalse(s.toString().contains(s.id()));
  }

  @Test
  void constructor_badSettings_areRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new SessionStore(clock, Duration.ZERO, Duration.ofHours(1), 1));
    assertThrows(IllegalArgumentException.class,
        () -> new SessionStore(clock, Duration.ofMinutes(1), Duration.ofHours(1), 0));
  }
}
