package dev.hardtack;

import dev.hardtack.internal.ConstantTime;
import dev.hardtack.internal.SecretPolicy;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Versioned secrets that sign and verify cookies, rotated without logging anyone out.
 *
 * <p>A ring holds one or more keys, each with a version. Exactly one is the <em>primary</em>: it signs (and
 * encrypts) every new cookie. Every key in the ring verifies. A cookie carries the version of the key that
 * signed it, so verification looks that one key up directly (never by trying every key).
 *
 * <pre>{@code
 * KeyRing ring = KeyRing.of(secretFromVault);   // version 1, primary
 * int next = ring.add(newSecretFromVault);      // version 2: staged, verifies but does not sign
 * ring.promote(next);                           // version 2 signs; version 1 still verifies
 * // ... once every cookie signed by version 1 has expired:
 * ring.revoke(1);
 * }</pre>
 *
 * <h2>Versions</h2>
 * Versions start at 1, grow by one for each key added, and are never reused, even after a revoke. Two rings
 * given the same secrets by the same calls therefore verify each other's cookies: that is how a fleet of
 * servers shares keys. {@link #rotate()} uses a fresh random secret, so it suits a single node only.
 *
 * <h2>Concurrency</h2>
 * Thread-safe. Readers never block: the keys live in an immutable snapshot, replaced atomically by each admin
 * method ({@link #add}, {@link #rotate}, {@link #promote}, {@link #revoke}), which are serialized among
 * themselves. A cookie checked while a key is promoted sees either the old or the new snapshot, both valid.
 *
 * <h2>Security</h2>
 * Secrets must be at least 32 bytes from a CSPRNG; shorter ones and obvious non-random ones (a repeated
 * pattern, a password) are refused with {@link IllegalArgumentException}. The secret is never used as a key
 * itself: per-purpose subkeys are derived with HKDF-SHA256. No secret byte appears in {@link #toString()}, in an
 * exception message or in a log line; the ring is not {@link java.io.Serializable}. A revoked key's bytes are
 * zeroed in the ring's own copies (the JDK's internal copies in per-thread {@code Mac}s and {@code Cipher}s are
 * left to the garbage collector).
 */
public final class KeyRing {
  private static final SecureRandom SEED = new SecureRandom();

  private final Clock clock;
  private final Object adminLock = new Object();
  private volatile Snapshot snapshot;
  private int nextVersion; // guarded by adminLock

  private KeyRing(Clock clock, byte[] firstSecret) {
    this.clock = clock;
    KeyEntry first = new KeyEntry(1, firstSecret, clock.instant());
    this.snapshot = new Snapshot(new KeyEntry[] {first}, 1, first);
    this.nextVersion = 2;
  }

  /**
   * A ring with one fresh random 256-bit key, primary, as version 1.
   *
   * <p>Suits a single server whose cookies may be lost on restart. A fleet needs shared secrets: see
   * {@link #of(byte[])}.
   */
  public static KeyRing generate() {
    byte[] secret = randomSecret();
    try {
      return new KeyRing(Clock.systemUTC(), secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * A ring whose primary key, version 1, is {@code secret}.
   *
   * @param secret at least 32 random bytes; copied, so the caller may zero its array afterwards
   * @throws NullPointerException when {@code secret} is null
   * @throws IllegalArgumentException when the secret is shorter than 32 bytes or plainly not random
   */
  public static KeyRing of(byte[] secret) {
    SecretPolicy.requireStrong(secret);
    return new KeyRing(Clock.systemUTC(), secret);
  }

  /**
   * Adds {@code secret} as a staged key: it verifies cookies from now on but does not sign until
   * {@link #promote(int) promoted}. Stage a new key on every server first, then promote it, so that no
   * server ever meets a cookie signed by a key it does not know yet.
   *
   * @param secret at least 32 random bytes; copied
   * @return the new key's version
   * @throws NullPointerException when {@code secret} is null
   * @throws IllegalArgumentException when the secret is weak, or already in the ring
   */
  public int add(byte[] secret) {
    SecretPolicy.requireStrong(secret);
    synchronized (adminLock) {
      for (KeyEntry e : snapshot.entries()) {
        if (ConstantTime.equal(e.secret(), secret)) {
          throw new IllegalArgumentException("this secret is already in the ring as version " + e.version);
        }
      }
      return install(secret, false);
    }
  }

  /**
   * Adds a fresh random 256-bit key and makes it primary at once. The former primary still verifies.
   *
   * <p>For a single server. In a fleet, a key that one server rotates in is unknown to the others: use
   * {@link #add(byte[])} on every server, then {@link #promote(int)}.
   *
   * @return the new key's version
   */
  public int rotate() {
    byte[] secret = randomSecret();
    try {
      synchronized (adminLock) {
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
    Snapshot s = snapshot;
    KeyEntry[] table = Arrays.copyOf(s.table, version - s.base + 1);
    table[version - s.base] = entry;
    snapshot = new Snapshot(table, s.base, primary ? entry : s.primary);
    nextVersion = version + 1;
    return version;
  }

  /**
   * Makes the key {@code version} the primary: it signs from now on, and the former primary still verifies.
   * Promoting the current primary does nothing.
   *
   * @throws NoSuchElementException when the ring has no key of that version
   */
  public void promote(int version) {
    synchronized (adminLock) {
      Snapshot s = snapshot;
      KeyEntry e = s.lookup(version);
      if (e == null) {
        throw new NoSuchElementException("no key of version " + version + " in this ring");
      }
      snapshot = new Snapshot(s.table, s.base, e);
    }
  }

  /**
   * Removes the key {@code version} at once: cookies it signed stop verifying ({@link
   * Verification.Status#UNKNOWN_KEY}) and its bytes are zeroed. Revoke a key only after the longest lifetime of
   * the cookies it signed, or when it has leaked.
   *
   * @throws IllegalStateException when {@code version} is the primary: promote another key first
   * @throws NoSuchElementException when the ring has no key of that version
   */
  public void revoke(int version) {
    KeyEntry removed;
    synchronized (adminLock) {
      Snapshot s = snapshot;
      removed = s.lookup(version);
      if (removed == null) {
        throw new NoSuchElementException("no key of version " + version + " in this ring");
      }
      if (removed == s.primary) {
        throw new IllegalStateException("version " + version + " is the primary key: promote another key first");
      }
      KeyEntry[] table = s.table.clone();
      table[version - s.base] = null;
      int first = 0;
      while (table[first] == null) {
        first++;
      }
      snapshot = new Snapshot(Arrays.copyOfRange(table, first, table.length), s.base + first, s.primary);
    }
    removed.destroy();
  }

  /** The version of the key that signs new cookies. */
  public int primaryVersion() {
    return snapshot.primary.version;
  }

  /** Every key in the ring, oldest first, without key material. */
  public List<KeyInfo> keys() {
    Snapshot s = snapshot;
    List<KeyInfo> out = new ArrayList<>(s.table.length);
    for (KeyEntry e : s.entries()) {
      out.add(new KeyInfo(e.version, e == s.primary, e.createdAt));
    }
    return Collections.unmodifiableList(out);
  }

  /** The current snapshot: immutable, safe to use without locks. */
  Snapshot snapshot() {
    return snapshot;
  }

  @Override
  public String toString() {
    Snapshot s = snapshot;
    StringBuilder b = new StringBuilder("KeyRing[primary=").append(s.primary.version).append(", versions=[");
    String sep = "";
    for (KeyEntry e : s.entries()) {
      b.append(sep).append(e.version);
      sep = ", ";
    }
    return b.append("]]").toString();
  }

  private static byte[] randomSecret() {
    byte[] secret = new byte[32];
    SEED.nextBytes(secret);
    return secret;
  }

  /** An immutable view of the ring: a table indexed by {@code version - base}, and the primary. */
  static final class Snapshot {
    final KeyEntry[] table;
    final int base;
    final KeyEntry primary;

    Snapshot(KeyEntry[] table, int base, KeyEntry primary) {
      this.table = table;
      this.base = base;
      this.primary = primary;
    }

    /** The key of that version, or {@code null}. O(1). */
    KeyEntry lookup(int version) {
      int i = version - base;
      return i >= 0 && i < table.length ? table[i] : null;
    }

    List<KeyEntry> entries() {
      List<KeyEntry> out = new ArrayList<>(table.length);
      for (KeyEntry e : table) {
        if (e != null) {
          out.add(e);
        }
      }
      return out;
    }
  }
}
