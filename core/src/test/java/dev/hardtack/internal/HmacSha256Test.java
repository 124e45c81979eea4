package dev.hardtack.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

  @Test
  void compute_anyKeyAndMessageLength_matchesJdkMac() throws Exception {
    SplittableRandom r = new SplittableRandom(42);
    for (int keyLen = 1; keyLen <= 140; keyLen += 3) {
      for (int msgLen : new int[] {0, 1, 55, 56, 63, 64, 65, 119, 120, 1000}) {
        byte[] key = new byte[keyLen];
        byte[] prefix = new byte[r.nextInt(5)];
        byte[] msg = new byte[msgLen + 7];
        r.nextBytes(key);
        r.nextBytes(prefix);
        r.nextBytes(msg);
        Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(key, "HmacSHA256"));
        jdk.update(prefix);
        jdk.update(msg, 3, msgLen);
        byte[] expected = jdk.doFinal();
        byte[] out = new byte[40];
        new HmacSha256(key).compute(prefix, msg, 3, msgLen, out, 5);
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 5, 37), "key " + keyLen + ", msg " + msgLen);
      }
    }
  }

  @Test
  void compute_afterAFailedCall_stillCorrect() throws Exception {
    byte[] key = new byte[32];
    key[0] = 1;
    HmacSha256 mac = new HmacSha256(key);
    byte[] msg = new byte[10];
    assertThrows(RuntimeException.class, () -> mac.compute(null, msg, 5, 50, new byte[32], 0));
    Mac jdk = Mac.getInstance("HmacSHA256");
    jdk.init(new SecretKeySpec(key, "HmacSHA256"));
    assertArrayEquals(jdk.doFinal(msg), mac.compute(msg));
  }

  @Test
  void compute_shortOutput_throwsIllegalArgument() {
    HmacSha256 mac = new HmacSha256(new byte[] {1});
    assertThrows(IllegalArgumentException.class, () -> mac.compute(null, new byte[1], 0, 1, new byte[40], 10));
  }

  @Test
  void constructor_emptyKey_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> new HmacSha256(new byte[0]));
  }

  @Test
  void compute_afterDestroy_refusesAndLeavesZerosWhereTheTagGoes() {
    HmacSha256 mac = new HmacSha256(new byte[] {1, 2, 3});
    assertFalse(mac.isDestroyed());
    mac.destroy();
    mac.destroy(); // idempotent
    assertTrue(mac.isDestroyed());
    byte[] out = new byte[40];
    Arrays.fill(out, (byte) 0x5a);
    assertFalse(mac.compute(null, new byte[] {7}, 0, 1, out, 4));
    byte[] expected = new byte[40];
    Arrays.fill(expected, (byte) 0x5a);
    Arrays.fill(expected, 4, 36, (byte) 0);
    assertArrayEquals(expected, out);
    assertThrows(IllegalStateException.class, () -> mac.compute(new byte[] {7}));
  }

  /**
   * Issue 11, finding 2: destroy() zeroes the shared pads in place while other threads compute. A computation
   * that overlaps it must refuse, never return {@code SHA256(0^64 || SHA256(0^64 || m))} or a mix of pads.
   */
  @Test
  void compute_racingDestroy_everyTagReturnedIsTheKeyedTag() throws Exception {
    byte[] key = new byte[32];
    new SplittableRandom(7).nextBytes(key);
    byte[] msg = new byte[200];
    Mac jdk = Mac.getInstance("HmacSHA256");
    jdk.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] keyed = jdk.doFinal(msg);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(new byte[64]);
    byte[] inner = sha.digest(msg);
    sha.update(new byte[64]);
    byte[] keyless = sha.digest(inner);
    AtomicLong refused = new AtomicLong();
    AtomicReference<String> wrong = new AtomicReference<>();
    for (int round = 0; round < 200 && wrong.get() == null; round++) {
      HmacSha256 mac = new HmacSha256(key);
      CountDownLatch running = new CountDownLatch(2);
      Thread[] threads = new Thread[2];
      for (int t = 0; t < threads.length; t++) {
        threads[t] = new Thread(() -> {
          byte[] out = new byte[32];
          running.countDown();
          try {
            for (int i = 0; i < 100_000; i++) {
              if (!mac.compute(null, msg, 0, msg.length, out, 0)) {
                if (!Arrays.equals(out, new byte[32])) {
                  wrong.set("a refused computation left a tag behind");
                }
                refused.incrementAndGet();
                return;
              }
              if (!Arrays.equals(out, keyed)) {
                wrong.set(Arrays.equals(out, keyless) ? "the keyless zero-pad tag" : "a tag over half-zeroed pads");
                return;
              }
            }
          } catch (RuntimeException e) {
            wrong.set("threw " + e);
          }
        });
        threads[t].start();
      }
      running.await();
      mac.destroy();
      for (Thread t : threads) {
        t.join();
      }
    }
    assertEquals(null, wrong.get());
    assertTrue(refused.get() > 0, "destroy() never overlapped a computation");
  }

  @Test
  void compute_outputRoomExactlyOrOneShort_writesOrRefuses() {
    HmacSha256 h = new HmacSha256(edgeBytes(32, 4));
    byte[] msg = edgeBytes(50, 5);
    byte[] tag = h.compute(msg);
    byte[] out = new byte[40];
    h.compute(null, msg, 0, msg.length, out, 8);
    assertArrayEquals(tag, Arrays.copyOfRange(out, 8, 40));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> h.compute(null, msg, 0, msg.length, new byte[40], 9));
    assertEquals("the output needs 32 bytes", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> h.compute(null, msg, 0, msg.length, new byte[40], -1));
    assertEquals("the output needs 32 bytes", e.getMessage());
    // A prefix is hashed just before the message.
    byte[] joined = new byte[5 + 50];
    System.arraycopy(msg, 0, joined, 5, 50);
    joined[0] = 9;
    byte[] withPrefix = new byte[32];
    h.compute(new byte[] {9, 0, 0, 0, 0}, msg, 0, msg.length, withPrefix, 0);
    assertArrayEquals(h.compute(joined), withPrefix);
    assertEquals("HmacSha256[key=<redacted>]", h.toString());
  }

  private static byte[] edgeBytes(int n, long seed) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }
}
