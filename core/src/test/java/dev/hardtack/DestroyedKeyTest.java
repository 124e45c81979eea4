package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding 2: a destroyed key went on computing HMAC under zeroed pads, {@code SHA256(0^64 ||
 * SHA256(0^64 || m))}, which anyone can compute. Each test replays one way that reached a caller: a verifier
 * holding the snapshot it read just before a reload or a revoke, and a signer holding a stale primary. A
 * "zero-pad tag" below is that keyless tag.
 */
class DestroyedKeyTest {
  private static final long NOW = Fixtures.NOW.getEpochSecond();
  private static final Clock CLOCK = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);

  /** {@code prefix} (a token up to and including the dot before its tag) with the tag of an all-zero-pad HMAC. */
  static String zeroPadToken(String cookieName, String prefix) throws Exception {
    byte[] binding = CookieCodec.nameBinding(cookieName);
    byte[] token = prefix.getBytes(StandardCharsets.US_ASCII);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(new byte[64]);
    sha.update(binding);
    sha.update(token);
    byte[] inner = sha.digest();
    sha.update(new byte[64]);
    byte[] tag = sha.digest(inner);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
  }

  @Test
  void verify_zeroPadTagAfterTheWatchedFileGivesItsVersionANewSecret_notValid(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys.hardtack");
    KeyRing.of(Fixtures.SECRET_1).save(file);
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    KeyRing.Listener listener = new KeyRing.Listener() {
      @Override
      public void reloaded(Path f, List<KeyInfo> keys) {
        events.add(keys);
      }

      @Override
      public void rejected(Path f, IOException problem) {
        events.add(problem);
      }
    };
    try (KeyRing ring = KeyRing.watch(file, null, listener, Duration.ofMillis(20))) {
      CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").clock(CLOCK).build();
      var stale = ring.snapshot(); // a verifying thread has read the snapshot, and will look version 1 up in it...
      KeyRing.of(Fixtures.SECRET_2).save(file); // ...when the file is regenerated: version 1, another secret
      Object event = events.poll(5, TimeUnit.SECONDS);
      assertTrue(event instanceof List, "no reload within 5 s: " + event);
      String forged = zeroPadToken("sid", "s1.1." + NOW + ".admin.");
      Verification v = codec.verifyWith(stale, forged);
      assertNotEquals(Verification.Status.VALID, v.status());
      assertEquals(Verification.Status.UNKNOWN_KEY, v.status());
      assertEquals(Verification.Status.BAD_SIGNATURE, codec.verify(forged).status());
      // A genuine cookie of the replaced secret is refused too: the live version 1 is another key.
      String genuine = CookieCodec.builder(KeyRing.of(Fixtures.SECRET_1)).cookieName("sid").clock(CLOCK).build()
          .sign("user");
      assertEquals(Verification.Status.UNKNOWN_KEY, codec.verifyWith(stale, genuine).status());
      assertEquals(Verification.Status.BAD_SIGNATURE, codec.verify(genuine).status());
    }
  }

  @Test
  void verify_zeroPadTagOfARevokedKeyWithAnOldOrFutureTime_unknownKeyNeverExpiredOrNotYetValid() throws Exception {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    int two = ring.add(Fixtures.SECRET_2);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").maxAge(Duration.ofHours(1)).clock(CLOCK).build();
    var stale = ring.snapshot(); // read by a verifying thread just before the revoke
    ring.revoke(two);
    String expired = zeroPadToken("sid", "s1." + two + "." + (NOW - 7200) + ".admin.");
    String future = zeroPadToken("sid", "s1." + two + "." + (NOW + 7200) + ".admin.");
    String fresh = zeroPadToken("sid", "s1." + two + "." + NOW + ".admin.");
    assertEquals(Verification.Status.UNKNOWN_KEY, codec.verifyWith(stale, expired).status());
    assertEquals(Verification.Status.UNKNOWN_KEY, codec.verifyWith(stale, future).status());
    assertEquals(Verification.Status.UNKNOWN_KEY, codec.verifyWith(stale, fresh).status());
  }

  @Test
  void verify_genuineButExpiredCookieOfAKeyRevokedMeanwhile_unknownKey() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    int two = ring.add(Fixtures.SECRET_2);
    ring.promote(two);
    Clock past = Clock.fixed(Fixtures.NOW.minus(Duration.ofHours(2)), ZoneOffset.UTC);
    String old = CookieCodec.builder(ring).cookieName("sid").clock(past).build().sign("user");
    ring.promote(1);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").maxAge(Duration.ofHours(1)).clock(CLOCK).build();
    assertEquals(Verification.Status.EXPIRED, codec.verify(old).status());
    var stale = ring.snapshot();
    ring.revoke(two);
    assertEquals(Verification.Status.UNKNOWN_KEY, codec.verifyWith(stale, old).status());
    assertEquals(Verification.Status.UNKNOWN_KEY, codec.verify(old).status());
  }

  @Test
  void seal_signedWithAKeyRevokedAfterTheCallerReadIt_returnsNull() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    KeyEntry stale = ring.snapshot().primary;
    ring.rotate();
    ring.revoke(1);
    assertNull(new SignedTokens().seal(stale, CookieCodec.nameBinding("sid"), NOW, "x", 4000));
  }

  @Test
  void sealWithPrimary_signedStaleSnapshotWhosePrimaryWasRevoked_sealsWithTheCurrentPrimaryNotAZeroPadTag()
      throws Exception {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").clock(CLOCK).build();
    var stale = ring.snapshot(); // as a signing thread holds it while another rotates and revokes
    int two = ring.rotate();
    ring.revoke(1);
    String cookie = codec.sealWithPrimary(stale, "value", NOW);
    assertNotEquals(zeroPadToken("sid", "s1.1." + NOW + ".value."), cookie);
    Verification v = codec.verify(cookie);
    assertEquals(Verification.Status.VALID, v.status());
    assertEquals(two, v.keyVersion());
    assertEquals("value", v.value());
  }

  @Test
  void verify_zeroPadTagForAVersionNeverInTheRing_unknownKey() throws Exception {
    CookieCodec codec = CookieCodec.builder(KeyRing.of(Fixtures.SECRET_1)).cookieName("sid").clock(CLOCK).build();
    assertEquals(Verification.Status.UNKNOWN_KEY,
        codec.verify(zeroPadToken("sid", "s1.9." + NOW + ".admin.")).status());
    assertEquals(Verification.Status.BAD_SIGNATURE,
        codec.verify(zeroPadToken("sid", "s1.1." + NOW + ".admin.")).status());
  }

  @Test
  void verify_encryptedCookieOfAKeyRevokedAfterTheLookup_unknownKey() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    int two = ring.add(Fixtures.SECRET_2);
    ring.promote(two);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").encrypted().clock(CLOCK).build();
    String cookie = codec.sign("user");
    ring.promote(1);
    var stale = ring.snapshot();
    assertEquals(Verification.Status.VALID, codec.verifyWith(stale, cookie).status());
    ring.revoke(two);
    assertEquals(Verification.Status.UNKNOWN_KEY, codec.verifyWith(stale, cookie).status());
    assertEquals(Verification.Status.UNKNOWN_KEY, codec.verify(cookie).status());
  }

  @Test
  void sealWithPrimary_encryptedStaleSnapshotWhosePrimaryWasReloadedAway_sealsWithTheNewKey(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("keys.hardtack");
    KeyRing.of(Fixtures.SECRET_1).save(file);
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    KeyRing.Listener listener = new KeyRing.Listener() {
      @Override
      public void reloaded(Path f, List<KeyInfo> keys) {
        events.add(keys);
      }
    };
    try (KeyRing ring = KeyRing.watch(file, null, listener, Duration.ofMillis(20))) {
      for (CookieCodec codec : new CookieCodec[] {
          CookieCodec.builder(ring).cookieName("sid").clock(CLOCK).build(),
          CookieCodec.builder(ring).cookieName("sid").encrypted().clock(CLOCK).build()}) {
        var stale = ring.snapshot();
        KeyRing.of(Secrets.random()).save(file); // version 1 again, with a new secret
        assertTrue(events.poll(5, TimeUnit.SECONDS) instanceof List, "no reload within 5 s");
        String cookie = codec.sealWithPrimary(stale, "value", NOW);
        assertEquals(Verification.Status.VALID, codec.verify(cookie).status(), cookie);
      }
    }
  }
}
