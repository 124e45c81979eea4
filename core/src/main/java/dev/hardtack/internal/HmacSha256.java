package dev.hardtack.internal;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;
import javax.security.auth.Destroyable;

/**
 * HMAC-SHA256 (RFC 2104) under one key, safe to share between threads.
 *
 * <p>The key is kept as its two 64-byte pad blocks, {@code K ^ ipad} and {@code K ^ opad}; each thread has one
 * plain SHA-256 {@link MessageDigest} for every key (the JDK's SHA-256 runs on the CPU's SHA instructions where it
 * has them). A computation is {@code H(K^opad || H(K^ipad || msg))} written straight into the caller's buffer,
 * so it allocates nothing and takes no lock.
 *
 * <p>Why not restore pre-hashed pad states: the JDK can copy a digest's state only by {@code clone()}, which
 * allocates about 480 bytes per call; hashing the two pad blocks again costs two SHA-256 compressions and
 * allocates nothing. The benchmarks (docs/BENCHMARKS.md) measure both.
 *
 * <p>Security: the pads are key material; they are held in this object only, never in the shared digests, which
 * are back at SHA-256's initial state after every call. {@link #toString()} shows neither pad, and
 * {@link #destroy()} zeroes them.
 *
 * <p>Destroy contract (the same for every keyed primitive here, see {@link AesGcm}): once {@link #destroy()} has
 * begun, a computation refuses ({@link #compute(byte[], byte[], int, int, byte[], int)} returns {@code false}
 * and leaves zeros where the tag would be); a computation that overlaps it either read the whole key before it
 * or refuses. It never returns a tag computed over zeroed or half-zeroed pads, which would be {@code
 * SHA256(0^64 || SHA256(0^64 || m))}, a tag that anyone can compute without the key. The pads are shared by
 * every thread and zeroed in place, so each computation reads them under an optimistic {@link StampedLock}
 * stamp and validates it afterwards; {@link #destroy()} takes the write lock for good. No lock is held on the
 * hot path: the stamp is a volatile read and the validation a load fence and another.
 */
public final class HmacSha256 implements Destroyable {
  /** The tag length in bytes. */
  public static final int TAG_LENGTH = 32;

  private static final int BLOCK = 64;
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(HmacSha256::newDigest);

  private final byte[] ipad = new byte[BLOCK];
  private final byte[] opad = new byte[BLOCK];
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
    for (int i = 0; i < BLOCK; i++) {
      byte b = i < k.length ? k[i] : 0;
      ipad[i] = (byte) (b ^ 0x36);
      opad[i] = (byte) (b ^ 0x5c);
    }
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
   * Writes HMAC(key, prefix || msg[off, off + len)) into {@code out[outOff, outOff + 32)}. Allocates nothing.
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
    MessageDigest md = SHA256.get();
    md.reset(); // a no-op unless an earlier call was interrupted
    try {
      md.update(ipad);
      if (prefix != null) {
        md.update(prefix);
      }
      md.update(msg, off, len);
      md.digest(out, outOff, TAG_LENGTH);
      md.update(opad);
      md.update(out, outOff, TAG_LENGTH);
      md.digest(out, outOff, TAG_LENGTH);
    } catch (DigestException e) {
      md.reset();
      throw new IllegalStateException("SHA-256 refused a 32-byte output", e);
    }
    if (!life.validate(stamp)) { // destroy() began while the pads were read: the tag may be keyless
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
   * Zeroes this object's pads; from then on every computation refuses. Idempotent and safe to call while other
   * threads compute: a computation that overlaps it refuses rather than return a tag over zeroed pads.
   */
  @Override
  public void destroy() {
    life.tryWriteLock(); // never unlocked; 0 (already locked) on a second call, which zeroes again, harmlessly
    Arrays.fill(ipad, (byte) 0);
    Arrays.fill(opad, (byte) 0);
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
