package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRingTest {
  @Test
  void of_strongSecret_versionOnePrimary() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    assertEquals(1, ring.primaryVersion());
    assertEquals(1, ring.keys().size());
    KeyInfo k = ring.keys().get(0);
    assertEquals(1, k.version());
    assertTrue(k.primary());
    assertTrue(k.createdAt() != null);
  }

  @Test
  void generate_twice_differentKeys() {
    CookieCodec a = CookieCodec.builder(KeyRing.generate()).cookieName("sid").build();
    CookieCodec b = CookieCodec.builder(KeyRing.generate()).cookieName("sid").build();
    assertEquals(Verification.Status.BAD_SIGNATURE, b.verify(a.sign("x")).status());
  }

  @Test
  void add_stagedKey_verifiesButDoesNotSign() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    assertEquals(2, ring.add(Fixtures.SECRET_2));
    assertEquals(1, ring.primaryVersion());
    assertFalse(ring.keys().get(1).primary());
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
    assertEquals(1, codec.verify(codec.sign("x")).keyVersion());
  }

  @Test
  void rotate_newPrimaryOldStillVerifies() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
    String old = codec.sign("x");
    assertEquals(2, ring.rotate());
    assertEquals(2, ring.primaryVersion());
    assertTrue(codec.verify(old).isValid());
    assertTrue(codec.verify(old).needsResign());
  }

  @Test
  void promote_unknownVersion_noSuchElement() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    assertThrows(NoSuchElementException.class, () -> ring.promote(2));
    assertThrows(NoSuchElementException.class, () -> ring.promote(0));
    assertThrows(NoSuchElementException.class, () -> ring.promote(-1));
  }

  @Test
  void revoke_primary_illegalState() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    assertThrows(IllegalStateException.class, () -> ring.revoke(1));
    assertEquals(1, ring.keys().size());
  }

  @Test
  void revoke_unknownOrAlreadyRevoked_noSuchElement() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    ring.add(Fixtures.SECRET_2);
    ring.revoke(2);
    assertThrows(NoSuchElementException.class, () -> ring.revoke(2));
    assertThrows(NoSuchElementException.class, () -> ring.revoke(7));
  }

  @Test
  void add_afterRevoke_versionsNeverReused() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    ring.add(Fixtures.SECRET_2);
    ring.revoke(2);
    assertEquals(3, ring.add(Fixtures.SECRET_3));
    ring.promote(3);
    ring.revoke(1);
    assertEquals(List.of(3), ring.keys().stream().map(KeyInfo::version).toList());
    assertEquals(4, ring.rotate());
  }

  @Test
  void fleet_sameSecretsSameCalls_verifyEachOther() {
    KeyRing a = KeyRing.of(Fixtures.SECRET_1);
    KeyRing b = KeyRing.of(Fixtures.SECRET_1);
    a.add(Fixtures.SECRET_2);
    b.add(Fixtures.SECRET_2);
    a.promote(2);
    b.promote(2);
    CookieCodec ca = CookieCodec.builder(a).cookieName("sid").build();
    CookieCodec cb = CookieCodec.builder(b).cookieName("sid").build();
    assertTrue(cb.verify(ca.sign("x")).isValid());
    assertTrue(ca.verify(cb.sign("x")).isValid());
  }

  @Test
  void fleet_sameSecretUnderAnotherVersion_doesNotVerify() {
    // Subkeys depend on the version, so a ring that numbered its keys differently rejects, loudly.
    KeyRing a = KeyRing.of(Fixtures.SECRET_2);
    KeyRing b = KeyRing.of(Fixtures.SECRET_1);
    b.promote(b.add(Fixtures.SECRET_2));
    CookieCodec ca = CookieCodec.builder(a).cookieName("sid").build();
    CookieCodec cb = CookieCodec.builder(b).cookieName("sid").build();
    assertNotEquals(Verification.Status.VALID, cb.verify(ca.sign("x")).status());
  }

  @Test
  void add_duplicateSecret_refused() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ring.add(Fixtures.SECRET_1.clone()));
    assertTrue(e.getMessage().contains("version 1"));
  }

  @Test
  void of_callerZeroesItsArray_ringUnaffected() {
    byte[] secret = Fixtures.SECRET_1.clone();
    KeyRing ring = KeyRing.of(secret);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
    String before = codec.sign("x");
    Arrays.fill(secret, (byte) 0);
    assertTrue(codec.verify(before).isValid());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 16, 31})
  void of_shortSecret_illegalArgument(int length) {
    byte[] secret = Arrays.copyOf(Fixtures.SECRET_1, length);
    assertThrows(IllegalArgumentException.class, () -> KeyRing.of(secret));
    KeyRing ring = KeyRing.generate();
    assertThrows(IllegalArgumentException.class, () -> ring.add(secret));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "CHANGEMECHANGEMECHANGEMECHANGEME",
      "temporary_key_temporary_key_temporary_key",
      "00000000000000000000000000000000",
      "passwordpasswordpasswordpassword",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      "abababababababababababababababababab",
      "the secret is the secret is the secret"})
  void of_lowEntropySecret_illegalArgument(String weak) {
    byte[] secret = weak.getBytes(StandardCharsets.US_ASCII);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyRing.of(secret));
    assertFalse(e.getMessage().contains(weak));
  }

  @Test
  void of_allZeroBytes_illegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> KeyRing.of(new byte[64]));
  }

  @Test
  void of_hexEncodedRandomSecret_accepted() {
    byte[] hex = HexFormat.of().formatHex(Fixtures.SECRET_1).getBytes(StandardCharsets.US_ASCII);
    assertEquals(1, KeyRing.of(hex).primaryVersion());
  }

  @Test
  void of_null_nullPointer() {
    assertThrows(NullPointerException.class, () -> KeyRing.of(null));
    assertThrows(NullPointerException.class, () -> KeyRing.generate().add(null));
  }

  @Test
  void keys_returnedList_unmodifiable() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    assertThrows(UnsupportedOperationException.class, () -> ring.keys().clear());
  }

  @Test
  void toString_containsNoKeyMaterial() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    ring.add(Fixtures.SECRET_2);
    SecretHygieneTest.assertNoKeyMaterial(ring.toString(), Fixtures.SECRET_1, Fixtures.SECRET_2);
    assertEquals("KeyRing[primary=1, versions=[1, 2]]", ring.toString());
  }

  @Nested
  class Lifecycle {
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

  /**
   * A ring that follows a file refuses every change made in memory (the file is the one source of truth), and
   * leaves its keys as they were. Not timing-based: it never waits for the watcher.
   */
  @Nested
  class WatchedGuard {
    @TempDir Path dir;

    @Test
    void watchedRing_everyInMemoryChange_refusedKeysUnchanged() throws Exception {
      KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
      ring.rotate(); // 1 retired (former primary), 2 primary
      Path f = dir.resolve("keys");
      ring.save(f);
      KeyRing watched = KeyRing.watch(f);
      try {
        List<KeyInfo> before = watched.keys();
        assertEquals(2, watched.primaryVersion());
        IllegalStateException e = assertThrows(IllegalStateException.class, watched::rotate);
        assertTrue(e.getMessage().startsWith("this ring follows the file " + f), e.getMessage());
        assertThrows(IllegalStateException.class, () -> watched.add(Fixtures.SECRET_2));
        assertThrows(IllegalStateException.class, () -> watched.promote(1));
        assertThrows(IllegalStateException.class, () -> watched.retire(1, Instant.parse("2999-01-01T00:00:00Z")));
        assertThrows(IllegalStateException.class, () -> watched.revoke(1));
        assertEquals(before, watched.keys());
        assertEquals(2, watched.primaryVersion());
      } finally {
        watched.close();
      }
      // A ring that follows no file can be closed too: nothing to stop.
      ring.close();
      assertEquals(3, ring.rotate());
    }
  }
}
