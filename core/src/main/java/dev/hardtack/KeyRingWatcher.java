package dev.hardtack;

import dev.hardtack.internal.ConstantTime;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows a keyring file for {@link KeyRing#watch}: a daemon thread reads the file (following symbolic links)
 * every {@code interval} and, when its SHA-256 differs from the last content seen, parses it and swaps the keys
 * in, or tells the listener why not.
 *
 * <p>Polling the content rather than using a {@link java.nio.file.WatchService}: it sees an atomic rename, an
 * in-place write and the Kubernetes {@code ..data} symbolic-link swap alike (a WatchService misses the last on
 * some platforms), costs one small read four times a second, and needs no per-platform care.
 */
final class KeyRingWatcher {
  static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);
  /** Stands for "could not read the file" as the last content seen, so a read failure is reported once. */
  private static final byte[] UNREADABLE = new byte[32];

  private final Path file;
  private final char[] passphrase;
  private final KeyRing.Listener listener;
  private final long intervalMillis;
  private ScheduledExecutorService executor;
  private byte[] lastSeen; // SHA-256 of the last content seen; touched only by the watcher thread after start
  private KeyRing ring;

  KeyRingWatcher(Path file, char[] passphrase, KeyRing.Listener listener, Duration interval) {
    this.file = file;
    this.passphrase = passphrase == null ? null : passphrase.clone();
    this.listener = listener;
    this.intervalMillis = interval.toMillis();
  }

  Path file() {
    return file;
  }

  /** The first load: failures are thrown, not reported. */
  KeyRingFile.Parsed readFirst() throws IOException {
    byte[] bytes = KeyRingFile.readLimited(file);
    try {
      lastSeen = KeyRingFile.sha256(bytes, 0, bytes.length);
      return KeyRingFile.parseAny(bytes, passphrase);
    } catch (KeyRingFile.FormatException e) {
      throw new IOException(file + ": " + e.getMessage());
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  void start(KeyRing ring) {
    this.ring = ring;
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hardtack-keyring-watch " + file.getFileName());
      t.setDaemon(true);
      return t;
    });
    // pollSafely catches everything, and closing the executor ends the schedule: no result to wait for.
    Future<?> unused =
        executor.scheduleWithFixedDelay(this::pollSafely, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  void stop() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (passphrase != null) {
      Arrays.fill(passphrase, '\0');
    }
  }

  /** A task that throws is never run again by its executor: nothing may escape. */
  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      tell(null, new IOException(file + ": unexpected " + e.getClass().getSimpleName() + "; keeping the last good"
          + " keys"));
    }
  }

  private void poll() {
    byte[] bytes;
    try {
      bytes = KeyRingFile.readLimited(file);
    } catch (IOException e) {
      if (!ConstantTime.equal(lastSeen, UNREADABLE)) {
        lastSeen = UNREADABLE;
        tell(null, new IOException(file + ": cannot read it (" + e.getClass().getSimpleName()
            + "); keeping the last good keys", e));
      }
      return;
    }
    try {
      byte[] hash = KeyRingFile.sha256(bytes, 0, bytes.length);
      if (ConstantTime.equal(hash, lastSeen)) {
        return;
      }
      lastSeen = hash;
      KeyRingFile.Parsed p;
      try {
        p = KeyRingFile.parseAny(bytes, passphrase);
      } catch (KeyRingFile.FormatException e) {
        tell(null, new IOException(file + ": " + e.getMessage() + "; keeping the last good keys"));
        return;
      }
      try {
        ring.replace(p);
      } catch (RuntimeException e) {
        tell(null, new IOException(file + ": cannot use its keys (" + e.getMessage() + "); keeping the last good"
            + " keys"));
        return;
      } finally {
        p.destroy();
      }
      tell(ring, null);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private void tell(KeyRing reloaded, IOException problem) {
    if (listener == null) {
      return;
    }
    try {
      if (problem == null) {
        listener.reloaded(file, reloaded.keys());
      } else {
        listener.rejected(file, problem);
      }
    } catch (RuntimeException ignored) {
      // A listener's bug must not stop the watch.
    }
  }
}
