package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link KeySnapshot}: one table of key objects, looked up by version, live only as the very object. */
class KeySnapshotTest {
  private static final Instant T = Fixtures.NOW;
  private static final long NOW = T.toEpochMilli();

  private static KeySnapshot.Row row(KeyEntry k, KeyState state) {
    return new KeySnapshot.Row(k, state, null);
  }

  @Test
  void lookup_versionsWithGaps_findsEachPresentVersionAndNoOther() {
    KeyEntry two = new KeyEntry(2, Secrets.random(), T);
    KeyEntry five = new KeyEntry(5, Secrets.random(), T);
    KeyEntry six = new KeyEntry(6, Secrets.random(), T);
    KeyEntry nine = new KeyEntry(9, Secrets.random(), T);
    KeySnapshot s = KeySnapshot.of(List.of(row(two, KeyState.RETIRED), row(five, KeyState.STAGED),
        row(six, KeyState.PRIMARY), row(nine, KeyState.STAGED)));
    assertSame(two, s.lookup(2));
    assertSame(five, s.lookup(5));
    assertSame(six, s.lookup(6));
    assertSame(nine, s.lookup(9));
    assertSame(six, s.primary);
    for (int v : new int[] {1, 3, 4, 7, 8, 10, Integer.MAX_VALUE, 0, -1, Integer.MIN_VALUE}) {
      assertNull(s.lookup(v), "version " + v);
    }
    assertEquals(List.of(2, 5, 6, 9), s.info().stream().map(KeyInfo::version).toList());
  }

  @Test
  void isLive_anotherObjectOfTheSameVersion_false() {
    KeyEntry one = new KeyEntry(1, Fixtures.SECRET_1, T);
    KeyEntry sameVersionOtherSecret = new KeyEntry(1, Fixtures.SECRET_2, T);
    KeyEntry sameVersionSameSecret = new KeyEntry(1, Fixtures.SECRET_1, T);
    KeySnapshot s = KeySnapshot.of(List.of(row(one, KeyState.PRIMARY)));
    assertTrue(s.isLive(one, NOW));
    assertFalse(s.isLive(sameVersionOtherSecret, NOW));
    assertFalse(s.isLive(sameVersionSameSecret, NOW));
    assertFalse(s.isLive(new KeyEntry(2, Fixtures.SECRET_3, T), NOW));
  }

  @Test
  void isLive_retiredKeyAtItsDeadline_false() {
    KeyEntry one = new KeyEntry(1, Fixtures.SECRET_1, T);
    KeyEntry two = new KeyEntry(2, Fixtures.SECRET_2, T);
    KeySnapshot s = KeySnapshot.of(List.of(new KeySnapshot.Row(one, KeyState.RETIRED, T), row(two, KeyState.PRIMARY)));
    assertTrue(s.isLive(one, NOW - 1));
    assertFalse(s.isLive(one, NOW));
    assertTrue(s.hasExpired(NOW));
    assertFalse(s.hasExpired(NOW - 1));
  }

  @Test
  void row_deadlineBeyondTheRangeOfEpochMillis_clamped() {
    KeyEntry one = new KeyEntry(1, Fixtures.SECRET_1, T);
    assertEquals(Long.MAX_VALUE, new KeySnapshot.Row(one, KeyState.RETIRED, Instant.MAX).untilMillis);
    assertEquals(Long.MIN_VALUE, new KeySnapshot.Row(one, KeyState.RETIRED, Instant.MIN).untilMillis);
    assertEquals(NOW, new KeySnapshot.Row(one, KeyState.RETIRED, T).untilMillis);
    assertEquals(Long.MAX_VALUE, new KeySnapshot.Row(one, KeyState.STAGED, T).untilMillis, "only retired keys");
  }

  @Test
  void of_destroyedKey_refused() {
    KeyEntry one = new KeyEntry(1, Fixtures.SECRET_1, T);
    one.destroy();
    assertThrows(IllegalStateException.class, () -> KeySnapshot.of(List.of(row(one, KeyState.PRIMARY))));
  }

  @Test
  void of_inconsistentTables_refused() {
    KeyEntry one = new KeyEntry(1, Fixtures.SECRET_1, T);
    KeyEntry two = new KeyEntry(2, Fixtures.SECRET_2, T);
    assertThrows(IllegalStateException.class, () -> KeySnapshot.of(List.of()));
    assertThrows(IllegalStateException.class, () -> KeySnapshot.of(List.of(row(one, KeyState.STAGED))));
    assertThrows(IllegalStateException.class,
        () -> KeySnapshot.of(List.of(row(one, KeyState.PRIMARY), row(two, KeyState.PRIMARY))));
    assertThrows(IllegalStateException.class,
        () -> KeySnapshot.of(List.of(row(two, KeyState.PRIMARY), row(one, KeyState.STAGED))));
    assertThrows(IllegalStateException.class,
        () -> KeySnapshot.of(List.of(row(one, KeyState.PRIMARY), row(one, KeyState.STAGED))));
  }

  @Test
  void keysNotIn_replacedAndRemovedObjects_listedKeptOnesNot() {
    KeyEntry one = new KeyEntry(1, Fixtures.SECRET_1, T);
    KeyEntry two = new KeyEntry(2, Fixtures.SECRET_2, T);
    KeyEntry three = new KeyEntry(3, Fixtures.SECRET_3, T);
    KeyEntry twoAgain = new KeyEntry(2, Secrets.random(), T);
    KeySnapshot old = KeySnapshot.of(List.of(row(one, KeyState.PRIMARY), row(two, KeyState.STAGED),
        row(three, KeyState.STAGED)));
    KeySnapshot next = KeySnapshot.of(List.of(row(one, KeyState.PRIMARY), row(twoAgain, KeyState.STAGED)));
    assertEquals(List.of(two, three), old.keysNotIn(next));
  }

  @Test
  void ring_everyKeyThatLeavesTheSnapshot_isDestroyedAndNoLiveOneIs() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    int two = ring.add(Fixtures.SECRET_2);
    int three = ring.rotate();
    KeyEntry k1 = ring.snapshot().lookup(1);
    KeyEntry k2 = ring.snapshot().lookup(two);
    ring.revoke(two);
    ring.retire(1, Instant.now().minusSeconds(1));
    ring.keys();
    assertTrue(k1.isDestroyed());
    assertTrue(k2.isDestroyed());
    assertFalse(ring.snapshot().lookup(three).isDestroyed());
    assertEquals(List.of(three), ring.keys().stream().map(KeyInfo::version).toList());
  }

  @Test
  void sign_ringWhoseCurrentPrimaryWasDestroyed_throwsRatherThanSpin() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    CookieCodec signed = CookieCodec.builder(ring).cookieName("sid").build();
    CookieCodec encrypted = CookieCodec.builder(ring).cookieName("sid").encrypted().build();
    ring.snapshot().primary.destroy(); // breaks the ring's invariant on purpose
    assertThrows(IllegalStateException.class, () -> signed.sign("x"));
    assertThrows(IllegalStateException.class, () -> encrypted.sign("x"));
    assertEquals(Verification.Status.UNKNOWN_KEY, signed.verify(
        CookieCodec.builder(KeyRing.of(Fixtures.SECRET_1)).cookieName("sid").build().sign("x")).status());
  }
}
