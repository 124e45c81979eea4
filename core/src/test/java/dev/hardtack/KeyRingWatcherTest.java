package dev.hardtack;

import static dev.hardtack.KeyRingFileTest.PASSPHRASE;
import static dev.hardtack.KeyRingFileTest.b64;
import static dev.hardtack.KeyRingFileTest.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingWatcherTest {
  private static final Duration FAST = Duration.ofMillis(50);

  @TempDir Path dir;

  /** Records what the watcher says. */
  static final class Events implements KeyRing.Listener {
    final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    @Override
    public void reloaded(Path file, List<KeyInfo> keys) {
      queue.add(keys);
    }

    @Override
    public void rejected(Path file, IOException problem) {
      queue.add(problem);
    }

    Object next() throws InterruptedException {
      Object o = queue.poll(5, TimeUnit.SECONDS);
      if (o == null) {
        throw new AssertionError("the watcher said nothing within 5 s");
      }
      return o;
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 5 s");
      }
      Thread.sleep(10);
    }
  }

  @Test
  void watch_atomicRename_pickedUpWithinASecond() throws Exception {
    Path f = dir.resolve("keys");
    KeyRing admin = KeyRing.generate();
    admin.save(f);
    Events events = new Events();
    try (KeyRing ring = KeyRing.watch(f, null, events, KeyRingWatcher.DEFAULT_INTERVAL)) {
      CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
      String old = CookieCodec.builder(admin).cookieName("sid").build().sign("v1");
      assertTrue(codec.verify(old).isValid());
      int v2 = admin.rotate();
      long t0 = System.nanoTime();
      admin.save(f);
      assertTrue(events.next() instanceof List);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(ms < 1000, "reloaded after " + ms + " ms");
      assertEquals(v2, ring.primaryVersion());
      admin.revoke(1);
      admin.save(f);
      events.next();
      assertEquals(Verification.Status.UNKNOWN_KEY, codec.verify(old).status());
    }
  }

  @Test
  void watch_invalidFiles_keepLastGoodKeysAndTellWhy() throws Exception {
    Path f = dir.resolve("keys");
    KeyRing admin = KeyRing.generate();
    admin.save(f);
    byte[] good = Files.readAllBytes(f);
    String cookie = CookieCodec.builder(admin).cookieName("sid").build().sign("x");
    Events events = new Events();
    try (KeyRing ring = KeyRing.watch(f, null, events, FAST)) {
      CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
      byte[] flipped = good.clone();
      flipped[60] ^= 4;
      List<String> lines = Files.readAllLines(f);
      String dup = String.join("\n", lines.get(0), lines.get(1), lines.get(2), lines.get(2), lines.get(3)) + "\n";
      String reordered = String.join("\n", lines.get(1), lines.get(0), lines.get(2), lines.get(3)) + "\n";
      byte[][] bad = {
        Arrays.copyOf(good, good.length / 2), flipped, dup.getBytes(StandardCharsets.US_ASCII),
        reordered.getBytes(StandardCharsets.US_ASCII), new byte[0]
      };
      for (byte[] b : bad) {
        Path tmp = dir.resolve("tmp");
        Files.write(tmp, b);
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Object e = events.next();
        assertTrue(e instanceof IOException, String.valueOf(e));
        assertTrue(((IOException) e).getMessage().contains("keeping the last good keys"));
        assertTrue(codec.verify(cookie).isValid());
        assertEquals(1, ring.keys().size());
      }
      Files.delete(f);
      assertTrue(events.next() instanceof IOException);
      assertTrue(codec.verify(cookie).isValid());
      admin.rotate();
      admin.save(f);
      assertTrue(events.next() instanceof List);
      assertEquals(2, ring.primaryVersion());
    }
  }

  @Test
  void watch_kubernetesSymlinkSwap_pickedUp() throws Exception {
    // The layout kubelet makes for a mounted Secret: keys -> ..data/keys, ..data -> ..<timestamp>/
    Path v1 = Files.createDirectory(dir.resolve("..2026_11_29_09_00_00.1"));
    KeyRing admin = KeyRing.generate();
    admin.save(v1.resolve("keys"));
    Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
    Path f = dir.resolve("keys");
    Files.createSymbolicLink(f, Path.of("..data", "keys"));
    Events events = new Events();
    try (KeyRing ring = KeyRing.watch(f, null, events, FAST)) {
      int v2 = admin.add(Secrets.random());
      Path v2dir = Files.createDirectory(dir.resolve("..2026_11_29_09_05_00.2"));
      admin.save(v2dir.resolve("keys"));
      Path link = dir.resolve("..data_tmp");
      Files.createSymbolicLink(link, v2dir.getFileName());
      Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.delete(v1.resolve("keys"));
      Files.delete(v1);
      assertTrue(events.next() instanceof List);
      assertEquals(KeyState.STAGED, ring.keys().get(1).state());
      assertEquals(v2, ring.keys().get(1).version());
    }
  }

  @Test
  @Tag("slow")
  void watch_encrypted_reloads() throws Exception {
    char[] pass = "a passphrase long enough".toCharArray();
    Path f = dir.resolve("keys");
    KeyRing admin = KeyRing.generate();
    admin.save(f, pass);
    Events events = new Events();
    try (KeyRing ring = KeyRing.watch(f, pass, events, FAST)) {
      admin.rotate();
      admin.save(f, pass);
      assertTrue(events.next() instanceof List);
      assertEquals(2, ring.primaryVersion());
    }
  }

  @Test
  void watch_adminMethods_refusedUntilClosed() throws Exception {
    Path f = dir.resolve("keys");
    KeyRing.generate().save(f);
    KeyRing ring = KeyRing.watch(f);
    assertThrows(IllegalStateException.class, ring::rotate);
    assertThrows(IllegalStateException.class, () -> ring.add(Secrets.random()));
    assertThrows(IllegalStateException.class, () -> ring.promote(1));
    assertThrows(IllegalStateException.class, () -> ring.retire(1, Instant.EPOCH));
    assertThrows(IllegalStateException.class, () -> ring.revoke(1));
    assertTrue(ring.toString().contains("follows="));
    ring.close();
    ring.close();
    assertEquals(2, ring.rotate());
  }

  @Test
  void close_stopsTheWatcherThread() throws Exception {
    Path f = dir.resolve("keys");
    KeyRing.generate().save(f);
    KeyRing ring = KeyRing.watch(f, null, null, FAST);
    assertTrue(watcherThreads() >= 1);
    ring.close();
    await(() -> watcherThreads() == 0);
  }

  @Test
  void watch_unreadableAtStart_throws() {
    assertThrows(IOException.class, () -> KeyRing.watch(dir.resolve("absent")));
  }

  @Test
  void watch_reload_keepsLastUsedOfUnchangedKeys() throws Exception {
    Path f = dir.resolve("keys");
    KeyRing admin = KeyRing.generate();
    admin.save(f);
    String cookie = CookieCodec.builder(admin).cookieName("sid").build().sign("x");
    Events events = new Events();
    try (KeyRing ring = KeyRing.watch(f, null, events, FAST)) {
      assertTrue(CookieCodec.builder(ring).cookieName("sid").build().verify(cookie).isValid());
      Instant used = ring.keys().get(0).lastUsed().orElseThrow();
      admin.add(Secrets.random());
      admin.save(f);
      events.next();
      assertEquals(used, ring.keys().get(0).lastUsed().orElseThrow());
    }
  }

  private static long watcherThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("hardtack-keyring-watch") && t.isAlive())
        .count();
  }

  /**
   * Issue 11, finding 3: the watcher is supervised. Nothing a file (or a listener) does ends the watch, no poll
   * blocks, and a later good file, revocations included, is still applied.
   */
  @Nested
  class Supervision {
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
      Files.write(f, encrypted(KeyRingFileTest.plain(3,
          key(1, "retired", b64(Fixtures.SECRET_1)), key(2, "primary", b64(Fixtures.SECRET_2)))));
      HostileListener events = new HostileListener();
      try (KeyRing ring = KeyRing.watch(f, PASSPHRASE, events, Duration.ofMillis(50))) {
        CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
        assertTrue(codec.verify(cookie1).isValid());

        // A named pipe where the file was: no writer will ever come. The listener throws an Error on hearing it.
        Path fifo = KeyRingFileTest.mkfifo(dir.resolve("fifo"));
        Files.move(fifo, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(events.nextRejection().getMessage().contains("not a regular file"));
        assertTrue(events.thrown.get());

        replace(f, encrypted(KeyRingFileTest.plain(2147483647,
            key(1, "retired", b64(Fixtures.SECRET_1)), key(2147483646, "primary", b64(Fixtures.SECRET_2)))));
        assertTrue(events.nextRejection().getMessage().contains("span"));

        replace(f, KeyRingFileTest.encryptedHeader("m=1048576 t=16 p=16"));
        assertTrue(events.nextRejection().getMessage().contains("outside"));
        assertTrue(ring.lastReloadError().isPresent(), "the ring shows that its file is not in use");

        // Key 1 leaked: revoke it. The watch is still alive and applies the change quickly.
        long t0 = System.nanoTime();
        replace(f, encrypted(KeyRingFileTest.plain(3, key(2, "primary", b64(Fixtures.SECRET_2)))));
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
}
