package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.express.ExpressCookies;
import dev.hardtack.internal.AesGcm;
import dev.hardtack.internal.HmacSha256;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret hygiene beyond toString (issue 6, item 5): no object holding key material is serializable or has a
 * value-based equals/hashCode, and a key's bytes are zeroed in every array the library owns when the key is
 * revoked or dropped. The checks read the objects' byte[] fields by reflection, so they hold whatever the
 * internals of HmacSha256 and AesGcm look like.
 */
class SecretLifetimeTest {
  /** Every class whose instances hold secrets, subkeys or objects that do. */
  private static final List<Class<?>> HOLDERS = List.of(KeyRing.class, KeySnapshot.class, KeySnapshot.Row.class,
      KeyEntry.class, CookieCodec.class, HmacSha256.class, AesGcm.class, ExpressCookies.class,
      KeyRingText.Parsed.class, KeyRingText.Key.class, Scratch.class);

  @Test
  void holders_noneSerializable() {
    for (Class<?> c : HOLDERS) {
      assertFalse(Serializable.class.isAssignableFrom(c), c + " is Serializable");
    }
  }

  @Test
  void holders_noValueBasedEqualsOrHashCode() {
    for (Class<?> c : HOLDERS) {
      assertThrows(NoSuchMethodException.class, () -> c.getDeclaredMethod("equals", Object.class), c.getName());
      assertThrows(NoSuchMethodException.class, () -> c.getDeclaredMethod("hashCode"), c.getName());
    }
  }

  @Test
  void revoke_zeroesSecretAndBothSubkeys() throws Exception {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    int two = ring.add(Fixtures.SECRET_2);
    KeyEntry entry = ring.snapshot().lookup(two);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").encrypted().build();
    codec.verify(codec.sign("x")); // the subkeys have been used on this thread
    assertFalse(allZero(entry), "the live entry should hold key material");
    ring.revoke(two);
    assertTrue(allZero(entry), "revoked key: some byte[] still holds key material");
  }

  @Test
  void retireWithPassedDeadline_dropsAndZeroesTheKey() throws Exception {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    int two = ring.add(Fixtures.SECRET_2);
    ring.promote(two);
    KeyEntry one = ring.snapshot().lookup(1);
    ring.retire(1, Instant.now().minus(Duration.ofSeconds(1)));
    ring.keys(); // dropping happens at the next admin call, save or keys()
    assertTrue(allZero(one), "a retired key past its deadline still holds key material");
    assertEquals(List.of(two), ring.keys().stream().map(KeyInfo::version).toList());
  }

  @Test
  void load_zeroesTheParsedCopiesOfTheSecrets(@TempDir Path dir) throws Exception {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    Path file = dir.resolve("keys.hardtack");
    ring.save(file);
    KeyRingText.Parsed parsed = KeyRingText.parse(Files.readAllBytes(file));
    KeyRing loaded = KeyRing.load(file);
    assertEquals(1, loaded.primaryVersion());
    parsed.destroy();
    for (KeyRingText.Key k : parsed.keys) {
      assertTrue(allZero(k.secret));
    }
  }

  @Test
  void hmacAndAesDestroy_zeroEveryByteArrayTheyOwn() throws Exception {
    HmacSha256 mac = new HmacSha256(Secrets.random());
    mac.compute(new byte[] {1, 2, 3});
    AesGcm aead = new AesGcm(Secrets.random());
    byte[] sealed = new byte[16 + 1];
    aead.seal(new byte[12], new byte[0], 0, new byte[] {7}, sealed, 0);
    assertFalse(allZero(aead));
    assertFalse(padStatesAreInitial(mac));
    mac.destroy();
    aead.destroy();
    assertTrue(padStatesAreInitial(mac), "destroy() leaves the pre-hashed pad states in the digests");
    assertTrue(allZero(aead));
  }

  /**
   * Whether both of the HMAC's pre-hashed digests are back at SHA-256's initial state (their state words are the
   * JDK's, out of reach of {@link #allZero}): a clone of each, finished at once, gives SHA-256 of nothing.
   */
  static boolean padStatesAreInitial(HmacSha256 mac) throws Exception {
    byte[] empty = MessageDigest.getInstance("SHA-256").digest();
    for (String name : new String[] {"inner", "outer"}) {
      Field f = HmacSha256.class.getDeclaredField(name);
      f.setAccessible(true);
      MessageDigest md = (MessageDigest) ((MessageDigest) f.get(mac)).clone();
      if (!java.util.Arrays.equals(empty, md.digest())) {
        return false;
      }
    }
    return true;
  }

  @Test
  void aesGcm_manyThreads_everyRoundTripCorrect() throws Exception {
    AesGcm aead = new AesGcm(Secrets.random());
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        final int thread = t;
        results.add(pool.submit(() -> {
          int ok = 0;
          for (int i = 0; i < 500; i++) {
            byte[] nonce = new byte[12];
            nonce[0] = (byte) thread;
            nonce[1] = (byte) i;
            nonce[2] = (byte) (i >> 8);
            byte[] plain = {(byte) thread, (byte) i};
            byte[] sealed = new byte[12 + 2 + 16];
            System.arraycopy(nonce, 0, sealed, 0, 12);
            aead.seal(nonce, new byte[] {9}, 1, plain, sealed, 12);
            byte[] out = new byte[2];
            if (aead.open(new byte[] {9}, 1, sealed, 0, sealed.length, out) == 2 && out[0] == plain[0]
                && out[1] == plain[1]) {
              ok++;
            }
          }
          return ok;
        }));
      }
      for (java.util.concurrent.Future<Integer> f : results) {
        assertEquals(500, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void scratch_afterVerifyingAnEncryptedCookie_holdsNoPlaintext() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").encrypted().build();
    String secretValue = "plaintext-canary-0123456789";
    String cookie = codec.sign(secretValue);
    Scratch s = new Scratch();
    Verification v = new EncryptedTokens().open(
        ring.snapshot(), CookieCodec.nameBinding("sid"), cookie, (key, issuedAt) -> null, s);
    assertEquals(secretValue, v.value());
    String plain = new String(s.plain, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertFalse(plain.contains("canary"), "the decrypted value stays in the call's scratch buffer");
  }

  /** Whether every byte[] reachable from {@code o} through fields of Hardtack's own classes is all zeros. */
  static boolean allZero(Object o) throws IllegalAccessException {
    if (o instanceof byte[] bytes) {
      for (byte b : bytes) {
        if (b != 0) {
          return false;
        }
      }
      return true;
    }
    for (Object v : fieldValues(o, Object.class)) {
      boolean own = v instanceof byte[] || v.getClass().getName().startsWith("dev.hardtack");
      if (own && !allZero(v)) {
        return false;
      }
    }
    return true;
  }

  /** The non-static, non-null field values of {@code o} that are instances of {@code type}. */
  static List<Object> fieldValues(Object o, Class<?> type) throws IllegalAccessException {
    List<Object> out = new ArrayList<>();
    for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
          continue;
        }
        f.setAccessible(true);
        Object v = f.get(o);
        if (v != null && type.isInstance(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }
}
