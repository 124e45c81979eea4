package dev.hardtack;

import dev.hardtack.internal.ConstantTime;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows a keyring file for {@link KeyRing#watch}: a daemon thread reads the file (following symbolic links)
 * every {@code interval} and, when its SHA-256 differs from the last content seen, parses it and swaps the keys
 * in, or tells the listener why not.
 *
 * <p>Polling the content rather than using a {@link java.nio.file.WatchService}: it sees an atomic rename, an
 * in-place write and the Kubernetes {@code ..data} symbolic-link swap alike (a WatchService misses the last on
 * some platforms), costs one small read four times a second, and needs no per-platform care.
 *
 * <p>Supervised: nothing ends the watch while the ring is open. Each poll runs inside a catch of every {@link
 * Throwable} (a task that throws is never run again by its executor), and so does each call of the listener. A
 * poll never blocks: the file's type is checked from its attributes before it is opened (a named pipe is
 * refused, never opened), and the read itself runs on a small pool of reader threads with a timeout ({@link
 * #READ_TIMEOUT}), so that a hung network mount costs at most {@link #MAX_HUNG_READS} stuck daemon threads and
 * a report, not the watch. Every failure reaches the listener (once per distinct content or problem) and the
 * ring's {@link KeyRing#lastReloadError()}.
 */
final class KeyRingWatcher {
  static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);
  /** How long one read of the file may take before the poll reports it as hung. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
  /** Reads left hanging (and their threads) at most; beyond, polls report and wait for one to return. */
  static final int MAX_HUNG_READS = 4;

  /** Reads the file's bytes; {@link KeyRingFile#read} but for tests. */
  interface Reader {
    byte[] read(Path file) throws IOException;
  }

  private final Path file;
  private final char[] passphrase;
  private final KeyRing.Listener listener;
  private final long intervalMillis;
  private final Reader reader;
  private ScheduledExecutorService executor;
  private ThreadPoolExecutor readers;
  // Touched only by the watcher thread after start:
  private byte[] lastSeen; // SHA-256 of the last content judged (applied or rejected), or of the last read failure
  private String lastUnexpected; // the last unexpected failure reported, so that a repeated one is told once

  KeyRingWatcher(Path file, char[] passphrase, KeyRing.Listener listener, Duration interval) {
    this(file, passphrase, listener, interval, KeyRingFile::read);
  }

  KeyRingWatcher(Path file, char[] passphrase, KeyRing.Listener listener, Duration interval, Reader reader) {
    this.file = file;
    this.passphrase = passphrase == null ? null : passphrase.clone();
    this.listener = listener;
    this.intervalMillis = interval.toMillis();
    this.reader = reader;
  }

  Path file() {
    return file;
  }

  /** The first load, on the caller's thread: failures are thrown, not reported. */
  KeyRingText.Parsed readFirst() throws IOException {
    byte[] bytes = reader.read(file);
    try {
      lastSeen = KeyRingText.sha256(bytes, 0, bytes.length);
      return KeyRingFile.decode(bytes, passphrase);
    } catch (KeyRingFormatException e) {
      throw e.in(file, "");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  void start(KeyRing ring) {
    String name = "hardtack-keyring-watch " + file.getFileName();
    executor = Executors.newSingleThreadScheduledExecutor(daemon(name));
    readers = new ThreadPoolExecutor(0, MAX_HUNG_READS + 1, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        daemon(name + " reader"));
    // pollSafely catches everything, and closing the executor ends the schedule: no result to wait for.
    Future<?> unused = executor.scheduleWithFixedDelay(() -> pollSafely(ring), intervalMillis, intervalMillis,
        TimeUnit.MILLISECONDS);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  void stop() {
    executor.shutdownNow();
    readers.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (passphrase != null) {
      Arrays.fill(passphrase, '\0');
    }
  }

  /**
   * One poll, whatever happens in it. An {@link Error} included: a poll that ran out of memory or stack has
   * unwound by the time it lands here, and giving up the watch would leave the ring on stale keys for good, its
   * revocations never applied. The failure is reported, and the next poll tries again.
   */
  private void pollSafely(KeyRing ring) {
    try {
      poll(ring);
    } catch (Throwable t) {
      try {
        String what = t.getClass().getName() + ": " + t.getMessage();
        if (!what.equals(lastUnexpected)) {
          lastUnexpected = what;
          fail(ring, new IOException(file + ": unexpected " + t.getClass().getSimpleName() + "; keeping the last"
              + " good keys", t));
        }
      } catch (Throwable again) {
        // Out of memory even for the report: the next poll tries again.
      }
    }
  }

  private void poll(KeyRing ring) {
    byte[] bytes;
    try {
      bytes = readBounded();
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt(); // stop() is closing the ring
      return;
    } catch (IOException e) {
      byte[] key = unreadableKey(e);
      if (!ConstantTime.equal(lastSeen, key)) {
        lastSeen = key;
        fail(ring, new IOException(file + ": cannot read it (" + describe(e) + "); keeping the last good keys", e));
      }
      return;
    }
    try {
      byte[] hash = KeyRingText.sha256(bytes, 0, bytes.length);
      if (ConstantTime.equal(hash, lastSeen)) {
        return;
      }
      KeyRingText.Parsed p;
      try {
        p = KeyRingFile.decode(bytes, passphrase);
      } catch (KeyRingFormatException e) {
        lastSeen = hash;
        fail(ring, e.in(file, "; keeping the last good keys"));
        return;
      }
      try {
        ring.replace(p);
      } catch (RuntimeException e) {
        lastSeen = hash;
        fail(ring, new IOException(file + ": cannot use its keys (" + e.getMessage() + "); keeping the last good"
            + " keys"));
        return;
      } finally {
        p.destroy();
      }
      lastSeen = hash;
      lastUnexpected = null;
      tell(ring, null);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** What stands, as the last content seen, for this read failure: a repeated failure is reported once. */
  private static byte[] unreadableKey(IOException e) {
    byte[] b = ("unreadable " + e.getClass().getName() + " " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
    return KeyRingText.sha256(b, 0, b.length);
  }

  /** The problem in a few words: the message of our own checks, without the file's name; else the type. */
  private String describe(IOException e) {
    String m = e.getMessage();
    if (m == null || e.getClass() != IOException.class) {
      return e.getClass().getSimpleName();
    }
    String prefix = file + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  /** Reads the file on a reader thread, waiting at most {@link #READ_TIMEOUT}. */
  private byte[] readBounded() throws IOException {
    Future<byte[]> read;
    try {
      read = readers.submit(() -> reader.read(file));
    } catch (RejectedExecutionException e) {
      throw new IOException(MAX_HUNG_READS + " reads of it have hung (a hung network mount?); not starting"
          + " another until one returns");
    }
    try {
      return read.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      read.cancel(true); // an interruptible channel read closes; a blocked open stays, on its own daemon thread
      throw new IOException("reading it took over " + READ_TIMEOUT.toSeconds() + " s (a hung network mount?)");
    } catch (InterruptedException e) {
      read.cancel(true);
      throw new InterruptedIOException("the watch is closing");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException("reading it failed: " + cause, cause);
    }
  }

  private void fail(KeyRing ring, IOException problem) {
    ring.reloadFailed(problem);
    tell(ring, problem);
  }

  /** Tells the listener; its own failure, an {@link Error} included, must not stop the watch. */
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
    } catch (Throwable ignored) {
      // The listener's own failure: it is the listener's to report.
    }
  }
}
