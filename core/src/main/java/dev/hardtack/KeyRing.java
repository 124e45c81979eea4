package dev.hardtack;

import dev.hardtack.internal.ConstantTime;
import dev.hardtack.internal.Csprng;
import dev.hardtack.internal.SecretPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

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
 * zeroed in the ring's own copies, the HMAC's keyed digest states included (the JDK's internal copies in the
 * pooled {@code Cipher}s, and the GHASH tables derived from the encryption key, are left to the garbage
 * collector). A key that
 * leaves the ring (revoked, dropped, or given a new secret by a reload) is zeroed only once no current snapshot
 * holds it, and from then on refuses to compute: a cookie being signed with it is signed again with the current
 * primary, and one being verified is {@link Verification.Status#UNKNOWN_KEY}. A cookie is accepted only while
 * the very key that computed its tag is in the ring, not merely a key of the same version.
 */
public final class KeyRing implements AutoCloseable {
  private final Clock clock;
  private final Object adminLock = new Object();
  /** The current keys; replaced only under {@code adminLock}, by {@link #publish}. */
  private volatile KeySnapshot snapshot;
  private int nextVersion; // guarded by adminLock
  private volatile KeyRingWatcher watcher; // non-null while this ring follows a file
  private volatile Instant lastReload; // when keys were last loaded from a file; null for none
  private volatile IOException lastReloadError; // why the file's current content is not in use; null when it is

  private KeyRing(Clock clock, byte[] firstSecret) {
    this.clock = clock;
    KeyEntry first = new KeyEntry(1, firstSecret, clock.instant());
    this.snapshot = KeySnapshot.of(List.of(new KeySnapshot.Row(first, KeyState.PRIMARY, null)));
    this.nextVersion = 2;
  }

  private KeyRing(Clock clock, KeySnapshot snapshot, int nextVersion) {
    this.clock = clock;
    this.snapshot = snapshot;
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
   * @throws IllegalArgumentException when the secret is shorter than 32 bytes or looks typed or patterned rather than
   *     random (SECURITY.md, "Secret requirements")
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
   * <p>This is the step that the command-line tool calls {@code hardtack keyring stage}, and docs/KEYRING.md
   * calls staging: a key is added in the {@link KeyState#STAGED} state, never as primary.
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
   * @throws IllegalStateException when the ring holds more than 1024 keys, or versions more than 65536 apart:
   *     more than a keyring file may hold (docs/KEYRING.md)
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
   * @throws IllegalStateException as {@link #save(Path)}
   */
  public void save(Path file, char[] passphrase) throws IOException {
    KeyRingEnvelope.requireStrongPassphrase(passphrase);
    byte[] plain = encodeLocked();
    try {
      KeyRingFile.writeAtomically(file, KeyRingEnvelope.encrypt(plain, passphrase));
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private byte[] encodeLocked() {
    dropExpired();
    synchronized (adminLock) {
      return KeyRingText.encode(nextVersion, snapshot.rows());
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
   * {@link #of(byte[])}. Only a plain file loads: an encrypted one is refused (give its passphrase to {@link
   * #load(Path, char[])}). Before the file is opened, anything but a regular file (a named pipe, a device), a
   * file over 1 MiB and a file writable by every user are refused; within it, more than 1024 keys, versions
   * more than 65536 apart, a secret over 1 KiB or not in canonical base64url, and one secret under two versions.
   *
   * @param file a plain keyring file
   * @return a ring holding the file's keys, not following later changes (see {@link #watch(Path, Listener)})
   * @throws KeyRingFormatException when the file is not a valid plain keyring file (truncated, damaged, edited
   *     into an inconsistent state, over a limit, or encrypted): the message names the line and the problem and
   *     never shows key material
   * @throws IOException when the file cannot be read, is not a regular file, or is writable by every user
   */
  public static KeyRing load(Path file) throws IOException {
    return load(file, null);
  }

  /**
   * Reads a ring from a keyring file encrypted by {@link #save(Path, char[])}. The caller's expectation decides
   * the file's type: with a passphrase only an encrypted file loads, and a plain file is refused, since it is
   * what someone who may write the file but does not know the passphrase would put there. With {@code null},
   * this is {@link #load(Path)}: only a plain file loads. Converting a file is an explicit step: {@code hardtack
   * keyring encrypt|decrypt FILE}.
   *
   * <p>Security: the Argon2id parameters, read before anything is authenticated, are bounded to what a writer
   * uses (64 MiB, 3 passes), so a doctored header cannot make this method spend more; they are part of the
   * AES-GCM associated data, so they cannot be changed unnoticed either. The limits of {@link #load(Path)} hold.
   *
   * @param file a keyring file, encrypted when {@code passphrase} is given
   * @param passphrase the file's passphrase, not kept; null for a plain file
   * @return a ring holding the file's keys
   * @throws KeyRingFormatException when the file is of the other type, cannot be decrypted (wrong passphrase, or
   *     altered), or is not a valid keyring file
   * @throws IOException when the file cannot be read, is not a regular file, or is writable by every user
   */
  public static KeyRing load(Path file, char[] passphrase) throws IOException {
    Objects.requireNonNull(file, "file");
    KeyRingText.Parsed p = KeyRingFile.load(file, passphrase);
    try {
      return fromFile(p);
    } finally {
      p.destroy();
    }
  }

  /** A new ring holding what a file held; {@link #lastReload()} is now. */
  private static KeyRing fromFile(KeyRingText.Parsed p) {
    Clock clock = Clock.systemUTC();
    Instant now = clock.instant();
    KeyRing ring = new KeyRing(clock, snapshotOf(p, null, now), p.nextVersion);
    ring.lastReload = now;
    return ring;
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
   * <p>No failure ends the watch while the ring is open: not a bad file, not an {@link Error} in a poll or in
   * the listener, not a read that hangs (a hung network mount; reads time out after 2 s). {@link #lastReload()}
   * and {@link #lastReloadError()} tell a health check whether the ring is in step with its file.
   *
   * <p>Security: the file's checksum is checked before any key from it is used; the file is held to the limits
   * of {@link #load(Path)} at every reload.
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
   * {@link #watch(Path, Listener)} for a file encrypted by {@link #save(Path, char[])}. As with {@link
   * #load(Path, char[])}, the caller's expectation decides the file's type, at the first load and at every
   * reload: with a passphrase, a plain file put in its place is rejected (and reported to the listener) and the
   * last good keys stay in use.
   *
   * <p>Security: the ring keeps a copy of the passphrase in memory until it is closed, to decrypt each new
   * version of the file.
   *
   * @param file the keyring file to follow
   * @param passphrase the file's passphrase, copied; null for a plain file
   * @param listener told of every reload and every rejected change; may be null
   * @return a ring that follows the file until {@link #close() closed}
   * @throws IOException when the file cannot be loaded or decrypted at first
   */
  public static KeyRing watch(Path file, char[] passphrase, Listener listener) throws IOException {
    return watch(file, passphrase, listener, KeyRingWatcher.DEFAULT_INTERVAL);
  }

  static KeyRing watch(Path file, char[] passphrase, Listener listener, Duration interval) throws IOException {
    Objects.requireNonNull(file, "file");
    return watch(new KeyRingWatcher(file, passphrase, listener, interval));
  }

  /** Loads the watcher's file and starts it; for tests that give the watcher another reader. */
  static KeyRing watch(KeyRingWatcher w) throws IOException {
    KeyRingText.Parsed p = w.readFirst();
    KeyRing ring;
    try {
      ring = fromFile(p);
    } finally {
      p.destroy();
    }
    ring.watcher = w;
    w.start(ring);
    return ring;
  }

  /**
   * When this ring last took its keys from its file: the load, for a ring made by {@link #load(Path)}; the
   * first load or the latest reload, for a watched ring. Together with {@link #lastReloadError()}, this lets a
   * health check alarm on a stale keyring.
   *
   * <pre>{@code
   * boolean healthy = ring.lastReloadError().isEmpty();
   * Instant since = ring.lastReload().orElseThrow(); // the keys in use came from the file then
   * }</pre>
   *
   * @return the instant, or empty (the default) for a ring that was never loaded from a file ({@link #of},
   *     {@link #generate()})
   */
  public Optional<Instant> lastReload() {
    return Optional.ofNullable(lastReload);
  }

  /**
   * Why a {@linkplain #watch(Path, Listener) watched} ring is not using its file's current content: the problem
   * of the latest poll that failed (unreadable, invalid, of the wrong type, a read that hung), the same one its
   * listener was given. Empty once a later poll loads the file again, and for a ring that does not follow a
   * file. Present means the ring is serving its last good keys, which may be stale: a revocation in the file is
   * not in effect.
   *
   * @return the problem, or empty (the default) while the ring is in step with its file
   */
  public Optional<IOException> lastReloadError() {
    return Optional.ofNullable(lastReloadError);
  }

  /** Called by the watcher when a poll fails; the last good keys stay in use. */
  void reloadFailed(IOException problem) {
    lastReloadError = problem;
  }

  /**
   * Swaps in the keys of a reloaded file, keeping the entries (and their last use) of unchanged keys. A version
   * whose secret changed gets a new key object, and the old one is destroyed: tags it computes are refused.
   */
  void replace(KeyRingText.Parsed p) {
    synchronized (adminLock) {
      Instant now = clock.instant();
      destroyAll(publish(snapshotOf(p, snapshot, now)));
      nextVersion = p.nextVersion;
      lastReload = now;
      lastReloadError = null;
    }
  }

  /**
   * A snapshot of a file's keys, reusing {@code old}'s entry for each key whose version and secret are
   * unchanged, and leaving out retired keys whose deadline is not after {@code now}. The parsed data is only
   * read: its secrets are copied into new entries, and its caller zeroes them.
   */
  static KeySnapshot snapshotOf(KeyRingText.Parsed p, KeySnapshot old, Instant now) {
    List<KeySnapshot.Row> rows = new ArrayList<>(p.keys.size());
    for (KeyRingText.Key k : p.keys) {
      if (k.until != null && !k.until.isAfter(now)) {
        continue;
      }
      KeyEntry e = old == null ? null : old.lookup(k.version);
      if (e == null || !ConstantTime.equal(e.secret(), k.secret)) {
        e = new KeyEntry(k.version, k.secret, k.created);
      }
      if (k.lastUsed != null) {
        long used = KeySnapshot.millis(k.lastUsed);
        if (used > e.lastUsedMillis) {
          e.lastUsedMillis = used;
        }
      }
      rows.add(new KeySnapshot.Row(e, k.state, k.until));
    }
    return KeySnapshot.of(rows);
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
   * Called on the watcher's thread; anything thrown here, an {@link Error} included, is ignored and the watch
   * goes on.
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
    Csprng.system().nextBytes(secret);
    return secret;
  }
}
