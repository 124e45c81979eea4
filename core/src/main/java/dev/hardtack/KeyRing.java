package dev.hardtack;

import dev.hardtack.internal.ConstantTime;
import dev.hardtack.internal.SecretPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Versioned secrets that sign and verify cookies, rotated without logging anyone out.
 *
 * <p>A ring holds one or more keys, each with a version and a {@linkplain KeyState state}. Exactly one is the
 * <em>primary</em>: it signs (and encrypts) every new cookie. Every key in the ring verifies. A cookie carries
 * the version of the key that signed it, so verification looks that one key up directly (never by trying every
 * key).
 *
 * <pre>{@code
 * KeyRing ring = KeyRing.of(secretFromVault);   // version 1, primary
 * int next = ring.add(newSecretFromVault);      // version 2: staged, verifies but does not sign
 * ring.promote(next);                           // version 2 signs; version 1 is retired and still verifies
 * ring.retire(1, Instant.now().plus(cookieLifetime)); // version 1 stops verifying then, by itself
 * // or, at once (a leaked key):
 * ring.revoke(1);
 * }</pre>
 *
 * <h2>Versions and states</h2>
 * Versions start at 1, grow by one for each key added, and are never reused, even after a revoke. Two rings
 * given the same secrets by the same calls therefore verify each other's cookies: that is how a fleet of
 * servers shares keys. {@link #rotate()} uses a fresh random secret, so it suits a single node only. A key is
 * {@link KeyState#STAGED} when added, {@link KeyState#PRIMARY} once promoted, and {@link KeyState#RETIRED} once
 * another key is promoted; {@link #retire} gives a retired key a deadline, after which it verifies nothing
 * ({@link Verification.Status#UNKNOWN_KEY}) and is dropped from the ring at the next admin call, save or
 * {@link #keys()}.
 *
 * <h2>Files and fleets</h2>
 * {@link #save(Path)} writes the ring to a keyring file (format: docs/KEYRING.md) atomically; {@link #load(Path)}
 * reads one back; {@link #watch(Path, Listener)} returns a ring that follows a file, so that every server of a
 * fleet picks up a change within about a second. The {@code hardtack} command-line tool edits such files.
 *
 * <h2>Concurrency</h2>
 * Thread-safe. Readers never block: the keys live in an immutable snapshot, replaced atomically by each admin
 * method ({@link #add}, {@link #rotate}, {@link #promote}, {@link #retire}, {@link #revoke}) and by each reload
 * of a watched file; these are serialized among themselves. A cookie checked while a key is promoted sees
 * either the old or the new snapshot, both valid.
 *
 * <h2>Security</h2>
 * Secrets must be at least 32 bytes from a CSPRNG; shorter ones and obvious non-random ones (a repeated
 * pattern, a password) are refused with {@link IllegalArgumentException}. The secret is never used as a key
 * itself: per-purpose subkeys are derived with HKDF-SHA256. No secret byte appears in {@link #toString()}, in an
 * exception message or in a log line; the ring is not {@link java.io.Serializable}. A keyring file holds the raw
 * secrets: see {@link #save(Path)} and SECURITY.md for how to store it. A revoked or expired key's bytes are
 * zeroed in the ring's own copies, HMAC pad blocks included (the JDK's internal copies in per-thread {@code
 * Cipher}s, and the GHASH tables derived from the encryption key, are left to the garbage collector). A key that
 * leaves the ring (revoked, dropped, or given a new secret by a reload) is zeroed only once no current snapshot
 * holds it, and from then on refuses to compute: a cookie being signed with it is signed again with the current
 * primary, and one being verified is {@link Verification.Status#UNKNOWN_KEY}. A cookie is accepted only while
 * the very key that computed its tag is in the ring, not merely a key of the same version.
 */
public final class KeyRing implements AutoCloseable {
  private static final SecureRandom SEED = new SecureRandom();

  private final Clock clock;
  private final Object adminLock = new Object();
  /** The current keys; replaced only under {@code adminLock}, by {@link #publish}. */
  private volatile KeySnapshot snapshot;
  private int nextVersion; // guarded by adminLock
  private volatile KeyRingWatcher watcher; // non-null while this ring follows a file

  private KeyRing(Clock clock, byte[] firstSecret) {
    this.clock = clock;
    KeyEntry first = new KeyEntry(1, firstSecret, clock.instant());
    this.snapshot = KeySnapshot.of(List.of(new KeySnapshot.Row(first, KeyState.PRIMARY, null)));
    this.nextVersion = 2;
  }

  private KeyRing(Clock clock, Snapshot snapshot, int nextVersion) {
    this.clock = clock;
    this.snapshot = snapshot.table;
    this.nextVersion = nextVersion;
  }

  /**
   * A ring with one fresh random 256-bit key, primary, as version 1.
   *
   * <p>Suits a single server whose cookies may be lost on restart. A fleet needs shared secrets: see
   * {@link #of(byte[])} and {@link #watch(Path, Listener)}.
   *
   * @return a new ring
   */
  public static KeyRing generate() {
    return generate(Clock.systemUTC());
  }

  /** {@link #generate()} with another clock for creation dates and retirement deadlines; for tests. */
  static KeyRing generate(Clock clock) {
    byte[] secret = randomSecret();
    try {
      return new KeyRing(clock, secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * A ring whose primary key, version 1, is {@code secret}.
   *
   * @param secret at least 32 random bytes; copied, so the caller may zero its array afterwards
   * @return a new ring
   * @throws NullPointerException when {@code secret} is null
   * @throws IllegalArgumentException when the secret is shorter than 32 bytes or plainly not random
   */
  public static KeyRing of(byte[] secret) {
    SecretPolicy.requireStrong(secret);
    return new KeyRing(Clock.systemUTC(), secret);
  }

  /**
   * Adds {@code secret} as a {@linkplain KeyState#STAGED staged} key: it verifies cookies from now on but does
   * not sign until {@link #promote(int) promoted}. Stage a new key on every server first, then promote it, so
   * that no server ever meets a cookie signed by a key it does not know yet.
   *
   * @param secret at least 32 random bytes; copied
   * @return the new key's version
   * @throws NullPointerException when {@code secret} is null
   * @throws IllegalArgumentException when the secret is weak, or already in the ring
   * @throws IllegalStateException when this ring follows a file: change the file instead
   */
  public int add(byte[] secret) {
    SecretPolicy.requireStrong(secret);
    synchronized (adminLock) {
      requireNotWatched();
      for (KeyEntry e : snapshot.keys()) {
        if (ConstantTime.equal(e.secret(), secret)) {
          throw new IllegalArgumentException("this secret is already in the ring as version " + e.version);
        }
      }
      return install(secret, false);
    }
  }

  /**
   * Adds a fresh random 256-bit key and makes it primary at once. The former primary is retired and still
   * verifies.
   *
   * <p>For a single server. In a fleet, a key that one server rotates in is unknown to the others: use
   * {@link #add(byte[])} on every server (or {@code hardtack keyring stage} on the shared file), then
   * {@link #promote(int)}.
   *
   * @return the new key's version
   * @throws IllegalStateException when this ring follows a file: change the file instead
   */
  public int rotate() {
    byte[] secret = randomSecret();
    try {
      synchronized (adminLock) {
        requireNotWatched();
        return install(secret, true);
      }
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private int install(byte[] secret, boolean primary) {
    if (nextVersion == Integer.MAX_VALUE) {
      throw new IllegalStateException("this ring has used every key version");
    }
    int version = nextVersion;
    KeyEntry entry = new KeyEntry(version, secret, clock.instant());
    List<KeySnapshot.Row> rows = liveRows();
    if (primary) {
      demotePrimary(rows);
    }
    rows.add(new KeySnapshot.Row(entry, primary ? KeyState.PRIMARY : KeyState.STAGED, null));
    destroyAll(publish(KeySnapshot.of(rows)));
    nextVersion = version + 1;
    return version;
  }

  /**
   * Makes the key {@code version} the primary: it signs from now on, and the former primary becomes
   * {@linkplain KeyState#RETIRED retired} (without a deadline) and still verifies. Promoting a retired key again
   * clears its deadline. Promoting the current primary does nothing.
   *
   * @param version a version in the ring
   * @throws NoSuchElementException when the ring has no key of that version
   * @throws IllegalStateException when this ring follows a file: change the file instead
   */
  public void promote(int version) {
    synchronized (adminLock) {
      requireNotWatched();
      List<KeySnapshot.Row> rows = liveRows();
      int i = indexOf(rows, version);
      if (rows.get(i).state == KeyState.PRIMARY) {
        return;
      }
      demotePrimary(rows);
      rows.set(i, rows.get(i).with(KeyState.PRIMARY, null));
      destroyAll(publish(KeySnapshot.of(rows)));
    }
  }

  /**
   * Retires the key {@code version}: it no longer signs (it did not), and verifies cookies only before {@code
   * verifyUntil}; from then on its cookies are {@link Verification.Status#UNKNOWN_KEY} and the key is dropped
   * from the ring (its bytes zeroed) at the next admin call, save or {@link #keys()}. Choose a deadline past the
   * longest lifetime of the cookies the key signed. Retiring a retired key again moves its deadline; a deadline
   * already past stops it at once. Verification compares the deadline with the codec's clock (the one that
   * judges expiry), the dropping with the ring's (the system clock).
   *
   * @param version a version in the ring, not the primary
   * @param verifyUntil the deadline; its cookies verify before it
   * @throws NullPointerException when {@code verifyUntil} is null
   * @throws IllegalStateException when {@code version} is the primary (promote another key first), or when this
   *     ring follows a file
   * @throws NoSuchElementException when the ring has no key of that version
   */
  public void retire(int version, Instant verifyUntil) {
    Objects.requireNonNull(verifyUntil, "verifyUntil");
    synchronized (adminLock) {
      requireNotWatched();
      List<KeySnapshot.Row> rows = liveRows();
      int i = indexOfNonPrimary(rows, version);
      rows.set(i, rows.get(i).with(KeyState.RETIRED, verifyUntil));
      destroyAll(publish(KeySnapshot.of(rows)));
    }
  }

  /**
   * Removes the key {@code version} at once: cookies it signed stop verifying ({@link
   * Verification.Status#UNKNOWN_KEY}) and its bytes are zeroed. Revoke a key only after the longest lifetime of
   * the cookies it signed, or when it has leaked.
   *
   * @param version a version in the ring, not the primary
   * @throws IllegalStateException when {@code version} is the primary (promote another key first), or when this
   *     ring follows a file
   * @throws NoSuchElementException when the ring has no key of that version
   */
  public void revoke(int version) {
    synchronized (adminLock) {
      requireNotWatched();
      List<KeySnapshot.Row> rows = liveRows();
      rows.remove(indexOfNonPrimary(rows, version));
      destroyAll(publish(KeySnapshot.of(rows)));
    }
  }

  /**
   * The version of the key that signs new cookies.
   *
   * @return the primary key's version
   */
  public int primaryVersion() {
    return snapshot.primary.version;
  }

  /**
   * Every key in the ring, oldest first, without key material. Drops retired keys past their deadline.
   *
   * @return an unmodifiable snapshot of the ring's keys
   */
  public List<KeyInfo> keys() {
    dropExpired();
    return Collections.unmodifiableList(snapshot.info());
  }

  // ---------------------------------------------------------------------------------------------- files

  /**
   * Writes this ring to {@code file} in the keyring format of docs/KEYRING.md, atomically: the bytes go to a
   * temporary file in the same folder, which is flushed to disk, renamed over {@code file}, and the folder is
   * flushed too. A crash at any moment leaves either the old file or the new one, never a mix. The file gets
   * owner-only permissions ({@code rw-------}) where the file system has POSIX permissions.
   *
   * <pre>{@code
   * ring.save(Path.of("/etc/myapp/keys.hardtack"));
   * }</pre>
   *
   * <p>Security: the file holds every secret of the ring in the clear, with a SHA-256 checksum that detects
   * damage but not tampering. Store it like a private key, or use {@link #save(Path, char[])}.
   *
   * @param file where to write; its folder must exist
   * @throws IOException when the file cannot be written; {@code file} is then unchanged
   */
  public void save(Path file) throws IOException {
    KeyRingFile.writeAtomically(file, encodeLocked());
  }

  /**
   * {@link #save(Path)}, encrypted under {@code passphrase}: the file is AES-256-GCM under a key derived from
   * the passphrase with Argon2id (64 MiB, 3 passes), so it is confidential and tamper-evident. Takes about half
   * a second.
   *
   * @param file where to write; its folder must exist
   * @param passphrase at least 16 characters; not kept
   * @throws IllegalArgumentException when the passphrase is shorter than 16 characters
   * @throws IOException when the file cannot be written; {@code file} is then unchanged
   */
  public void save(Path file, char[] passphrase) throws IOException {
    KeyRingFile.requireStrongPassphrase(passphrase);
    byte[] plain = encodeLocked();
    try {
      KeyRingFile.writeAtomically(file, KeyRingFile.encrypt(plain, passphrase));
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private byte[] encodeLocked() {
    dropExpired();
    synchronized (adminLock) {
      return KeyRingFile.encode(nextVersion, new Snapshot(snapshot).slots());
    }
  }

  /**
   * Reads a ring from a keyring file written by {@link #save(Path)} or the {@code hardtack} tool. Retired keys
   * whose deadline has passed are left out.
   *
   * <pre>{@code
   * KeyRing ring = KeyRing.load(Path.of("/etc/myapp/keys.hardtack"));
   * }</pre>
   *
   * <p>Security: the checksum is verified before the ring is built; the secrets must pass the same checks as
   * {@link #of(byte[])}.
   *
   * @param file a keyring file
   * @return a ring holding the file's keys, not following later changes (see {@link #watch(Path, Listener)})
   * @throws IOException when the file cannot be read, or is not a valid keyring file (truncated, damaged,
   *     edited into an inconsistent state, or encrypted): the message names the line and the problem and never
   *     shows key material
   */
  public static KeyRing load(Path file) throws IOException {
    return load(file, null);
  }

  /**
   * Reads a ring from a keyring file encrypted by {@link #save(Path, char[])}. Also reads an unencrypted file
   * when {@code passphrase} is {@code null}.
   *
   * @param file a keyring file
   * @param passphrase the file's passphrase; not kept
   * @return a ring holding the file's keys
   * @throws IOException when the file cannot be read or decrypted (wrong passphrase, or altered), or is not a
   *     valid keyring file
   */
  public static KeyRing load(Path file, char[] passphrase) throws IOException {
    Clock clock = Clock.systemUTC();
    KeyRingFile.Parsed p = KeyRingFile.read(file, passphrase);
    try {
      return new KeyRing(clock, p.toSnapshot(null, clock.instant()), p.nextVersion);
    } finally {
      p.destroy();
    }
  }

  /**
   * Loads {@code file} and follows it: the returned ring checks the file about four times a second and, when its
   * content has changed, swaps in the new keys atomically. Works with an atomic rename (as {@link #save} and the
   * {@code hardtack} tool do) and with the symbolic-link swap Kubernetes uses for mounted Secrets. When the new
   * content is invalid, the ring keeps its last good keys and tells {@code listener} why; it tries again at the
   * next change. Close the ring to stop following (it then keeps its last keys).
   *
   * <pre>{@code
   * KeyRing ring = KeyRing.watch(Path.of("/etc/secrets/hardtack/keys"), new KeyRing.Listener() {
   *   public void rejected(Path file, IOException problem) {
   *     log.error("keyring not reloaded, still using the last good keys: {}", problem.getMessage());
   *   }
   * });
   * CookieCodec codec = CookieCodec.builder(ring).cookieName("__Host-sid").build();
   * }</pre>
   *
   * <p>A watched ring's admin methods ({@link #add}, {@link #rotate}, {@link #promote}, {@link #retire}, {@link
   * #revoke}) throw {@link IllegalStateException}: the file is the one source of truth, edited with the {@code
   * hardtack} tool. The fleet procedure is in README.md, "Rotating keys".
   *
   * <p>Security: the file's checksum is checked before any key from it is used.
   *
   * @param file the keyring file to follow
   * @param listener told of every reload and every rejected change, on the watcher's own thread; may be null
   * @return a ring that follows the file until {@link #close() closed}
   * @throws IOException when the file cannot be loaded at first
   */
  public static KeyRing watch(Path file, Listener listener) throws IOException {
    return watch(file, null, listener);
  }

  /**
   * {@link #watch(Path, Listener)} without a listener.
   *
   * @param file the keyring file to follow
   * @return a ring that follows the file until {@link #close() closed}
   * @throws IOException when the file cannot be loaded at first
   */
  public static KeyRing watch(Path file) throws IOException {
    return watch(file, null, null);
  }

  /**
   * {@link #watch(Path, Listener)} for a file encrypted by {@link #save(Path, char[])}.
   *
   * <p>Security: the ring keeps a copy of the passphrase in memory until it is closed, to decrypt each new
   * version of the file.
   *
   * @param file the keyring file to follow
   * @param passphrase the file's passphrase, copied; null for an unencrypted file
   * @param listener told of every reload and every rejected change; may be null
   * @return a ring that follows the file until {@link #close() closed}
   * @throws IOException when the file cannot be loaded or decrypted at first
   */
  public static KeyRing watch(Path file, char[] passphrase, Listener listener) throws IOException {
    return watch(file, passphrase, listener, KeyRingWatcher.DEFAULT_INTERVAL);
  }

  static KeyRing watch(Path file, char[] passphrase, Listener listener, Duration interval) throws IOException {
    Objects.requireNonNull(file, "file");
    Clock clock = Clock.systemUTC();
    KeyRingWatcher w = new KeyRingWatcher(file, passphrase, listener, interval);
    KeyRingFile.Parsed p = w.readFirst();
    KeyRing ring;
    try {
      ring = new KeyRing(clock, p.toSnapshot(null, clock.instant()), p.nextVersion);
    } finally {
      p.destroy();
    }
    ring.watcher = w;
    w.start(ring);
    return ring;
  }

  /**
   * Swaps in the keys of a reloaded file, keeping the entries (and their last use) of unchanged keys. A version
   * whose secret changed gets a new key object, and the old one is destroyed: tags it computes are refused.
   */
  void replace(KeyRingFile.Parsed p) {
    synchronized (adminLock) {
      Snapshot next = p.toSnapshot(new Snapshot(snapshot), clock.instant());
      destroyAll(publish(next.table));
      nextVersion = p.nextVersion;
    }
  }

  /**
   * Stops following the file, if this ring was made by {@link #watch}; otherwise does nothing. The ring keeps
   * its last keys and stays usable (its admin methods work again). Idempotent.
   */
  @Override
  public void close() {
    KeyRingWatcher w = watcher;
    if (w != null) {
      w.stop();
      watcher = null;
    }
  }

  /**
   * Hears what a {@linkplain KeyRing#watch(Path, Listener) watched} ring does with each change of its file.
   * Called on the watcher's thread; an exception thrown here is ignored.
   *
   * <pre>{@code
   * KeyRing.Listener log = new KeyRing.Listener() {
   *   public void reloaded(Path file, List<KeyInfo> keys) { LOG.info("keys now {}", keys); }
   *   public void rejected(Path file, IOException problem) { LOG.error("kept last good keys", problem); }
   * };
   * }</pre>
   *
   * <p>Security: neither argument holds key material; the exception's message never shows any.
   */
  public interface Listener {
    /**
     * The file changed and its keys are in use from now on. Default: does nothing.
     *
     * @param file the watched file
     * @param keys the keys now in use, without key material
     */
    default void reloaded(Path file, List<KeyInfo> keys) {}

    /**
     * The file changed but could not be used (unreadable, missing, truncated, corrupt, wrong passphrase); the
     * ring keeps serving its last good keys. Default: does nothing.
     *
     * @param file the watched file
     * @param problem what was wrong; its message shows no key material
     */
    default void rejected(Path file, IOException problem) {}
  }

  // ---------------------------------------------------------------------------------------------- internals

  /** The current snapshot: immutable, safe to use without locks. */
  KeySnapshot snapshot() {
    return snapshot;
  }

  /**
   * Called by {@link CookieCodec} for a cookie whose tag {@code key} computed and matched, before any verdict on
   * its time: whether that key object may still verify at {@code now} (it is in the current snapshot and not
   * past a retirement deadline). Lock-free: a volatile read.
   */
  boolean isLive(KeyEntry key, long now) {
    return snapshot.isLive(key, now);
  }

  /**
   * Publishes {@code next} and returns the key objects that left the ring with it, for the caller to destroy
   * ({@link #destroyAll}): the one place where the snapshot changes, so a key is destroyed only once no current
   * snapshot holds it, and every key that leaves is destroyed. Call under the admin lock.
   */
  private List<KeyEntry> publish(KeySnapshot next) {
    KeySnapshot old = snapshot;
    snapshot = next;
    return old.keysNotIn(next);
  }

  private static void destroyAll(List<KeyEntry> gone) {
    gone.forEach(KeyEntry::destroy);
  }

  /** Drops retired keys whose deadline has passed by the ring's clock. Cheap when there are none. */
  private void dropExpired() {
    long now = clock.millis();
    if (!snapshot.hasExpired(now)) {
      return;
    }
    synchronized (adminLock) {
      List<KeySnapshot.Row> kept = new ArrayList<>();
      for (KeySnapshot.Row row : snapshot.rows()) {
        if (now < row.untilMillis) {
          kept.add(row);
        }
      }
      destroyAll(publish(KeySnapshot.of(kept)));
    }
  }

  /** The snapshot's rows, less expired ones (which are destroyed); call under the admin lock. */
  private List<KeySnapshot.Row> liveRows() {
    dropExpired();
    return snapshot.rows();
  }

  private static void demotePrimary(List<KeySnapshot.Row> rows) {
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).state == KeyState.PRIMARY) {
        rows.set(i, rows.get(i).with(KeyState.RETIRED, null));
      }
    }
  }

  private static int indexOf(List<KeySnapshot.Row> rows, int version) {
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).version() == version) {
        return i;
      }
    }
    throw new NoSuchElementException("no key of version " + version + " in this ring");
  }

  private static int indexOfNonPrimary(List<KeySnapshot.Row> rows, int version) {
    int i = indexOf(rows, version);
    if (rows.get(i).state == KeyState.PRIMARY) {
      throw new IllegalStateException("version " + version + " is the primary key: promote another key first");
    }
    return i;
  }

  private void requireNotWatched() {
    KeyRingWatcher w = watcher;
    if (w != null) {
      throw new IllegalStateException(
          "this ring follows the file " + w.file() + ": change the file (hardtack keyring ...) instead");
    }
  }

  @Override
  public String toString() {
    KeySnapshot s = snapshot;
    StringBuilder b = new StringBuilder("KeyRing[primary=").append(s.primary.version).append(", versions=[");
    String sep = "";
    for (KeyEntry e : s.keys()) {
      b.append(sep).append(e.version);
      sep = ", ";
    }
    b.append("]");
    KeyRingWatcher w = watcher;
    if (w != null) {
      b.append(", follows=").append(w.file());
    }
    return b.append("]").toString();
  }

  private static byte[] randomSecret() {
    byte[] secret = new byte[32];
    SEED.nextBytes(secret);
    return secret;
  }

  // ------------------------------------------------------------------------------- the file layer's view

  /**
   * One key as {@link KeyRingFile} reads and writes it: its entry, state and retirement deadline (null for
   * none). With {@link Snapshot}, the file layer's handle on a {@link KeySnapshot}; both go once the file layer
   * hands the ring plain data (issue 11).
   */
  static final class Slot {
    final KeyEntry entry;
    final KeyState state;
    final Instant until;

    Slot(KeyEntry entry, KeyState state, Instant until) {
      this.entry = entry;
      this.state = state;
      this.until = until;
    }
  }

  /** A {@link KeySnapshot} as {@link KeyRingFile} builds and reads one, in {@link Slot}s. */
  static final class Snapshot {
    final KeySnapshot table;
    final KeyEntry primary;

    Snapshot(KeySnapshot table) {
      this.table = table;
      this.primary = table.primary;
    }

    /** A snapshot of {@code slots}, in ascending version order with exactly one primary. */
    static Snapshot of(List<Slot> slots) {
      List<KeySnapshot.Row> rows = new ArrayList<>(slots.size());
      for (Slot s : slots) {
        rows.add(new KeySnapshot.Row(s.entry, s.state, s.until));
      }
      return new Snapshot(KeySnapshot.of(rows));
    }

    static long millis(Instant t) {
      return KeySnapshot.millis(t);
    }

    /** The key of that version, or {@code null}. */
    KeyEntry lookup(int version) {
      return table.lookup(version);
    }

    /** A fresh, mutable list of this snapshot's slots, oldest first. */
    List<Slot> slots() {
      List<Slot> out = new ArrayList<>();
      for (KeySnapshot.Row r : table.rows()) {
        out.add(new Slot(r.key, r.state, r.until));
      }
      return out;
    }
  }
}
