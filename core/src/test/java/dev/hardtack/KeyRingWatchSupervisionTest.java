package dev.hardtack;

import static dev.hardtack.KeyRingFileHardeningTest.PASSPHRASE;
import static dev.hardtack.KeyRingFileHardeningTest.b64;
import static dev.hardtack.KeyRingFileHardeningTest.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding 3: the watcher is supervised. Nothing a file (or a listener) does ends the watch, no poll
 * blocks, and a later good file, revocations included, is still applied.
 */
class KeyRingWatchSupervisionTest {
  @TempDir Path dir;

  /** Records every event; throws an {@link Error} from the first rejection, as a buggy listener would. */
  static final class HostileListener implements KeyRing.Listener {
    final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    final AtomicBoolean thrown = new AtomicBoolean();

    @Override
    public void reloaded(Path file, List<KeyInfo> keys) {
      queue.add(keys);
    }

    @Override
    public void rejected(Path file, IOException problem) {
      boolean first = thrown.compareAndSet(false, true);
      queue.add(problem);
      if (first) {
        throw new Error("a listener bug");
      }
    }

    IOException nextRejection() throws InterruptedException {
      Object o = queue.poll(5, TimeUnit.SECONDS);
      if (o instanceof IOException problem) {
        return problem;
      }
      throw new AssertionError("expected a rejection within 5 s, got " + o);
    }
  }

  /** An encrypted file with cheap Argon2id parameters, so that the test measures the watcher, not the KDF. */
  static byte[] encrypted(byte[] plain) {
    return KeyRingEnvelope.encrypt(plain, PASSPHRASE, 8, 1, 1);
  }

  private void replace(Path f, byte[] content) throws IOException {
    Path tmp = dir.resolve("next");
    Files.write(tmp, content);
    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void watch_fifoSparseVersionsHostileArgon2AndListenerError_laterRevocationAppliedWithin2s() throws Exception {
    Path f = dir.resolve("keys");
    KeyRing admin = KeyRing.of(Fixtures.SECRET_1);
    String cookie1 = CookieCodec.builder(admin).cookieName("sid").build().sign("from key 1");
    admin.promote(admin.add(Fixtures.SECRET_2));
    Files.write(f, encrypted(KeyRingFileHardeningTest.plain(3,
        key(1, "retired", b64(Fixtures.SECRET_1)), key(2, "primary", b64(Fixtures.SECRET_2)))));
    HostileListener events = new HostileListener();
    try (KeyRing ring = KeyRing.watch(f, PASSPHRASE, events, Duration.ofMillis(50))) {
      CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
      assertTrue(codec.verify(cookie1).isValid());

      // A named pipe where the file was: no writer will ever come. The listener throws an Error on hearing it.
      Path fifo = KeyRingFileHardeningTest.mkfifo(dir.resolve("fifo"));
      Files.move(fifo, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      assertTrue(events.nextRejection().getMessage().contains("not a regular file"));
      assertTrue(events.thrown.get());

      replace(f, encrypted(KeyRingFileHardeningTest.plain(2147483647,
          key(1, "retired", b64(Fixtures.SECRET_1)), key(2147483646, "primary", b64(Fixtures.SECRET_2)))));
      assertTrue(events.nextRejection().getMessage().contains("span"));

      replace(f, KeyRingFileHardeningTest.encryptedHeader("m=1048576 t=16 p=16"));
      assertTrue(events.nextRejection().getMessage().contains("outside"));
      assertTrue(ring.lastReloadError().isPresent(), "the ring shows that its file is not in use");

      // Key 1 leaked: revoke it. The watch is still alive and applies the change quickly.
      long t0 = System.nanoTime();
      replace(f, encrypted(KeyRingFileHardeningTest.plain(3, key(2, "primary", b64(Fixtures.SECRET_2)))));
      while (codec.verify(cookie1).isValid()) {
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "the revocation was not applied in 2 s");
        Thread.sleep(5);
      }
      assertEquals(Verification.Status.UNKNOWN_KEY, codec.verify(cookie1).status());
      assertEquals(List.of(2), ring.keys().stream().map(KeyInfo::version).toList());
      assertTrue(ring.lastReloadError().isEmpty());
      assertTrue(ring.lastReload().orElseThrow().isAfter(java.time.Instant.now().minusSeconds(3)));
    }
  }

  /**
   * Failures no file can cause, through the watcher's reader: an {@link Error} thrown by a poll, then a read that
   * never returns (a hung network mount). Each is reported, shows in {@link KeyRing#lastReloadError()}, and the
   * watch goes on to apply the next good file.
   */
  @Test
  void watch_pollThrowsErrorThenReadHangs_eachReportedAndWatchGoesOn() throws Exception {
    Path f = dir.resolve("keys");
    KeyRing admin = KeyRing.of(Fixtures.SECRET_1);
    admin.save(f);
    java.util.concurrent.atomic.AtomicInteger mode = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    KeyRingWatcher.Reader reader = file -> {
      switch (mode.get()) {
        case 1: throw new OutOfMemoryError("simulated");
        case 2:
          // Hangs until the test ends, ignoring interrupts as a stuck open() does.
          while (true) {
            try {
              release.await();
              throw new IOException("released");
            } catch (InterruptedException e) {
              // keep hanging
            }
          }
        default: return KeyRingFile.read(file);
      }
    };
    HostileListener events = new HostileListener();
    events.thrown.set(true); // no listener bug in this test
    KeyRingWatcher w = new KeyRingWatcher(f, null, events, Duration.ofMillis(50), reader);
    try (KeyRing ring = KeyRing.watch(w)) {
      mode.set(1);
      IOException oom = events.nextRejection();
      assertTrue(oom.getMessage().contains("unexpected OutOfMemoryError"), oom.getMessage());
      assertEquals(oom, ring.lastReloadError().orElseThrow());

      mode.set(2);
      IOException hung = events.nextRejection();
      assertTrue(hung.getMessage().contains("took over 2 s"), hung.getMessage());
      assertEquals(hung, ring.lastReloadError().orElseThrow());

      admin.rotate();
      admin.save(f);
      mode.set(0);
      Object reloaded;
      do { // more reports of hung reads may come first
        reloaded = events.queue.poll(5, TimeUnit.SECONDS);
      } while (reloaded instanceof IOException);
      assertTrue(reloaded instanceof List, String.valueOf(reloaded));
      assertEquals(2, ring.primaryVersion());
      assertTrue(ring.lastReloadError().isEmpty());
    } finally {
      release.countDown();
    }
  }
}
