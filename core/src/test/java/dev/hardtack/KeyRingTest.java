package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
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
}
