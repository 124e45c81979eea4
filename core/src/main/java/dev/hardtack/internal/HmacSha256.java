package dev.hardtack.internal;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;
import javax.security.auth.Destroyable;

/**
 * HMAC-SHA256 (RFC 2104) under one key, safe to share between threads, with no per-thread state.
 *
 * <p>The key is kept as two JDK SHA-256 {@link MessageDigest}s that have absorbed its pad blocks, {@code K ^
 * ipad} and {@code K ^ opad}. A computation clones each (the JDK's only way to copy a digest's state), finishes
 * {@code H(K^opad || H(K^ipad || msg))} into the caller's buffer, and drops the clones, which {@code digest()}
 * has already reset to SHA-256's initial state. It takes no lock and keeps nothing per thread, so a fresh
 * (virtual) thread pays no set-up; each call allocates the two clones (about 450 bytes) instead, and saves the
 * two compressions of the pad blocks. The JDK's SHA-256 runs on the CPU's SHA instructions where it has them.
 * The benchmarks (docs/BENCHMARKS.md, "A hot path without per-thread state") measure this against the former
 * per-thread digest.
 *
 * <p>Security: the pre-hashed states are key material (they compute the HMAC without the key); they are held in
 * this object only, the pads themselves are zeroed once absorbed, and a clone is back at SHA-256's initial state
 * when the call returns. {@link #toString()} shows neither state, and {@link #destroy()} resets both.
 *
 * <p>Destroy contract (the same for every keyed primitive here, see {@link AesGcm}): once {@link #destroy()} has
 * begun, a computation refuses ({@link #compute(byte[], byte[], int, int, byte[], int)} returns {@code false}
 * and leaves zeros where the tag would be); a computation that overlaps it either read the whole key before it
 * or refuses. It never returns a tag computed from reset or half-reset states, which would be a tag anyone can
 * compute without the key. The states are shared by every thread and reset in place, so each computation clones
 * them under an optimistic {@link StampedLock} stamp and validates it afterwards; {@link #destroy()} takes the
 * write lock for good. No lock is held on the hot path: the stamp is a volatile read and the validation a load
 * fence and another.
 */
public final class HmacSha256 implements Destroyable {
  /** The tag length in bytes. */
  public static final int TAG_LENGTH = 32;

  private static final int BLOCK = 64;

  /** SHA-256 after {@code K ^ ipad}; only ever cloned, and reset by destroy(). */
  private final MessageDigest inner = newDigest();
  /** SHA-256 after {@code K ^ opad}; only ever cloned, and reset by destroy(). */
  private final MessageDigest outer = newDigest();
  /** Write-locked, for good, by {@link #destroy()}; never read-locked. */
  private final StampedLock life = new StampedLock();

  /**
   * @param key the HMAC key: any length but zero (longer than 64 bytes is hashed first, as RFC 2104 says);
   *     copied
   * @throws IllegalArgumentException when the key is empty
   */
  public HmacSha256(byte[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("an HMAC key must not be empty");
    }
    byte[] k = key.length > BLOCK ? newDigest().digest(key) : key;
    byte[] pad = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      pad[i] = (byte) ((i < k.length ? k[i] : 0) ^ 0x36);
    }
    inner.update(pad);
    for (int i = 0; i < BLOCK; i++) {
      pad[i] = (byte) ((i < k.length ? k[i] : 0) ^ 0x5c);
    }
    outer.update(pad);
    Arrays.fill(pad, (byte) 0);
    if (k != key) {
      Arrays.fill(k, (byte) 0);
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  /**
   * Writes HMAC(key, prefix || msg[off, off + len)) into {@code out[outOff, outOff + 32)}. Allocates only the
   * two digest clones.
   *
   * @return {@code true}; or {@code false}, with zeros written where the tag goes, when this key has been
   *     destroyed (before or during the call): the caller fails closed, or retries with a live key
   */
  public boolean compute(byte[] prefix, byte[] msg, int off, int len, byte[] out, int outOff) {
    if (outOff < 0 || out.length - outOff < TAG_LENGTH) {
      throw new IllegalArgumentException("the output needs 32 bytes");
    }
    long stamp = life.tryOptimisticRead();
    if (stamp == 0) {
      Arrays.fill(out, outOff, outOff + TAG_LENGTH, (byte) 0);
      return false;
    }
    try {
      MessageDigest md = (MessageDigest) inner.clone();
      if (prefix != null) {
        md.update(prefix);
      }
      md.update(msg, off, len);
      md.digest(out, outOff, TAG_LENGTH);
      md = (MessageDigest) outer.clone();
      md.update(out, outOff, TAG_LENGTH);
      md.digest(out, outOff, TAG_LENGTH);
    } catch (CloneNotSupportedException | DigestException e) {
      throw new IllegalStateException("this JDK's SHA-256 cannot be cloned or refused a 32-byte output", e);
    }
    if (!life.validate(stamp)) { // destroy() began while the states were cloned: the tag may be keyless
      Arrays.fill(out, outOff, outOff + TAG_LENGTH, (byte) 0);
      return false;
    }
    return true;
  }

  /**
   * HMAC(key, msg).
   *
   * @throws IllegalStateException when this key has been destroyed
   */
  public byte[] compute(byte[] msg) {
    byte[] out = new byte[TAG_LENGTH];
    if (!compute(null, msg, 0, msg.length, out, 0)) {
      throw new IllegalStateException("this HMAC key has been destroyed");
    }
    return out;
  }

  /**
   * Resets this object's pre-hashed states to SHA-256's initial state (the JDK overwrites its state words in
   * place); from then on every computation refuses. Idempotent and safe to call while other threads compute: a
   * computation that overlaps it refuses rather than return a tag from reset states.
   */
  @Override
  public void destroy() {
    life.tryWriteLock(); // never unlocked; 0 (already locked) on a second call, which resets again, harmlessly
    inner.reset();
    outer.reset();
  }

  /** Whether {@link #destroy()} has been called. */
  @Override
  public boolean isDestroyed() {
    return life.isWriteLocked();
  }

  @Override
  public String toString() {
    return "HmacSha256[key=<redacted>]";
  }
}
