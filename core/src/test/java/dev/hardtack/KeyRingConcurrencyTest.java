package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Verifiers and signers race an admin thread that rotates, stages, promotes and revokes. A cookie whose key was
 * in the ring for the whole check must verify: zero false rejects. Each thread has its own thread-local MAC and
 * scratch state, so this also checks that they never bleed between threads (hostile-inputs D14, D15).
 */
class KeyRingConcurrencyTest {

  @Test
  void verify_whileAnotherThreadRotates_zeroFalseRejects() throws Exception {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    CookieCodec signed = CookieCodec.builder(ring).cookieName("sid").build();
    CookieCodec encrypted = CookieCodec.builder(ring).cookieName("sid").encrypted().build();
    // Cookies from version 1, which is never revoked, must verify throughout.
    String stableSigned = signed.sign("stable");
    String stableEncrypted = encrypted.sign("stable");

    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong checks = new AtomicLong();
    AtomicLong falseRejects = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    int threads = 4;
    CountDownLatch started = new CountDownLatch(threads);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int id = t;
      Thread w = new Thread(() -> {
        started.countDown();
        try {
          long n = 0;
          while (!stop.get()) {
            String value = "t" + id + "-" + n++;
            // A fresh cookie, signed by whatever the primary is now, verified at once. A thread descheduled
            // long enough may see its key revoked meanwhile: check() counts only keys still in the ring.
            String s1 = signed.sign(value);
            String e1 = encrypted.sign(value);
            check(signed, s1, value, ring, falseRejects);
            check(encrypted, e1, value, ring, falseRejects);
            check(signed, stableSigned, "stable", ring, falseRejects);
            check(encrypted, stableEncrypted, "stable", ring, falseRejects);
            checks.incrementAndGet();
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      workers.add(w);
      w.start();
    }
    started.await();
    // The admin thread: rotate, then revoke the key from two rotations ago (never 1, never the recent ones).
    List<Integer> history = new ArrayList<>();
    long deadline = System.nanoTime() + 2_000_000_000L;
    int rotations = 0;
    while (System.nanoTime() < deadline) {
      history.add(ring.rotate());
      rotations++;
      if (history.size() > 3) {
        ring.revoke(history.remove(0));
      }
      Thread.sleep(2);
    }
    stop.set(true);
    for (Thread w : workers) {
      w.join();
    }
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    assertTrue(rotations > 50, "too few rotations: " + rotations);
    assertTrue(checks.get() > 1000, "too few checks: " + checks.get());
    assertEquals(0, falseRejects.get(), "false rejects out of " + checks.get() + " checks");
  }

  /**
   * Counts a rejection as false only if the cookie's key is still in the ring after the check: keys never come
   * back once revoked, so such a key was in the ring for the whole check.
   */
  private static void check(CookieCodec codec, String cookie, String value, KeyRing ring, AtomicLong falseRejects) {
    Verification r = codec.verify(cookie);
    if (r.isValid() && r.value().equals(value)) {
      return;
    }
    int version = Integer.parseInt(cookie.split("\\.", -1)[1]);
    if (r.isValid() || ring.keys().stream().anyMatch(k -> k.version() == version)) {
      falseRejects.incrementAndGet();
    }
  }

  @Test
  void verify_revokedKeyUnderLoad_rejectedOnceRevokeReturns() throws Exception {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
    int v2 = ring.add(Fixtures.SECRET_2);
    ring.promote(v2);
    String fromTwo = codec.sign("x");
    ring.promote(1);
    Thread spinner = new Thread(() -> {
      for (int i = 0; i < 20_000; i++) {
        codec.verify(fromTwo);
      }
    });
    spinner.start();
    ring.revoke(v2);
    assertEquals(Verification.Status.UNKNOWN_KEY, codec.verify(fromTwo).status());
    spinner.join();
  }
}
