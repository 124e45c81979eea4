package dev.hardtack.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.StampedLock;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.modes.gcm.GCMUtil;

/**
 * AES-256-GCM under one key with 96-bit nonces and 128-bit tags, safe to share between threads.
 *
 * <p>Sealing, and opening anything over {@value #SOFTWARE_GHASH_LIMIT} bytes, use the JDK's {@code
 * AES/GCM/NoPadding} (AES-NI and the GHASH intrinsics where the CPU has them). Opening a small input checks the
 * tag without the JDK's GCM, which reports a wrong tag by throwing {@code AEADBadTagException}: filling in that
 * exception's stack trace made a forged cookie several times dearer than a good one (more, the deeper the
 * caller's stack), so a flood of forgeries would cost a server more than its real traffic. Here GHASH is
 * computed with Bouncy Castle's {@code GCMUtil.multiply}, a branch-free, table-free carry-less multiply (a table
 * multiplier would index its lookups by key-dependent data and leak through the cache), the tag is compared in
 * constant time ({@link ConstantTime}), and only then is the ciphertext decrypted, in counter mode from the same
 * counter block GCM uses (NIST SP 800-38D): the counter blocks are encrypted by one call of a JDK AES cipher
 * (ECB, keyed once per lane, so no call re-keys or re-initializes a cipher) and XORed with the ciphertext.
 *
 * <p>Everything keyed lives in a {@link Lane}: a copy of the key, the GHASH key {@code H}, a GCM and an AES block
 * {@link Cipher} (each holding the expanded AES key) and scratch blocks. Lanes sit in a small pool owned by this
 * object; a call borrows one (or makes one when none is idle) and gives it back. No lock on the hot path, no
 * allocation once the pool is warm, and, unlike a {@code ThreadLocal}, no keyed object that a pool thread keeps
 * after the key is gone.
 *
 * <p>Security: the caller supplies a fresh random nonce for every seal; {@link #toString()} shows no key.
 * {@link #destroy()} zeroes the key and every idle lane (its key copy and {@code H}, and re-keys both ciphers with
 * a zero key so that they drop their expanded copies of this key); a lane busy at that moment is scrubbed when it
 * is given back. The key is handed to the JDK as a {@link SecretKey} view of the lane's own array, never as a
 * {@code SecretKeySpec}, whose private copy cannot be cleared ({@code SecretKeySpec.destroy()} throws on JDK 17).
 * Copies the JDK makes inside {@code Cipher.init} are its own, and become garbage when the cipher is re-keyed.
 *
 * <p>Destroy contract (as {@link HmacSha256}'s): once {@link #destroy()} has begun, {@link #seal} and {@link
 * #open} refuse with {@link #DESTROYED} and write nothing; a call that overlaps it either ran wholly before it or
 * refuses, its output wiped. A lane is only ever scrubbed by the one thread holding it, so no call computes under
 * a zeroed key; the check after the call is what keeps a call that borrowed a lane just before the end from
 * handing out a result made with a key its owner has since destroyed.
 */
public final class AesGcm implements Destroyable {
  /** Nonce length in bytes. */
  public static final int NONCE_LENGTH = 12;
  /** Tag length in bytes. */
  public static final int TAG_LENGTH = 16;
  /**
   * Up to this many bytes of associated data and ciphertext (a session id and most small values), GHASH runs on
   * Bouncy Castle's constant-time multiply, with no exception for a forgery; above it, on the JDK's GCM, faster
   * per byte by far.
   */
  static final int SOFTWARE_GHASH_LIMIT = 320;
  /** What {@link #seal} and {@link #open} return when this key has been destroyed: not a length, below -1. */
  public static final int DESTROYED = -2;

  private static final byte[] SCRUB_NONCE = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  private static final VarHandle BE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  /** Lane slots: a power of two, four per processor, 8 to 64. */
  private static final int POOL_SIZE =
      Integer.highestOneBit(Math.min(64, Math.max(8, 4 * Runtime.getRuntime().availableProcessors())) - 1) << 1;
  /**
   * Array elements between two slots, so that each slot has a 64-byte cache line to itself (16 compressed
   * references; 8 plain ones): threads that keep to their own slots do not contend for one line.
   */
  private static final int STRIDE = 16;

  private final Object lock = new Object();
  /** The master copy of the key, from which lanes are made; guarded by {@code lock}, zeroed by destroy(). */
  private final byte[] keyBytes;
  /**
   * Write-locked, for good, by {@link #destroy()} (under {@code lock}); never read-locked. A call takes an
   * optimistic stamp before it starts and validates it when done.
   */
  private final StampedLock life = new StampedLock();
  /** Idle lanes keyed with this key, at multiples of {@link #STRIDE}; a null slot is free. */
  private final AtomicReferenceArray<Lane> pool = new AtomicReferenceArray<>(POOL_SIZE * STRIDE);

  /** Everything one call needs that holds or depends on the key; used by one thread at a time. */
  private static final class Lane {
    final byte[] key;
    final RawKey rawKey;
    final Cipher gcm;
    /** AES on whole blocks, keyed once: encrypts a small open's counter blocks into its keystream. */
    final Cipher ecb;
    /** The GHASH key H = AES_K(0^128), as two big-endian longs. */
    final long[] h = new long[2];
    /** The GHASH state. */
    final long[] x = new long[2];
    /** Counter blocks: J0 (for the tag) and one block per 16 bytes of ciphertext. */
    final byte[] counters = new byte[16 + SOFTWARE_GHASH_LIMIT];
    /** Their keystream; a separate array, since an in-place cipher call would copy its input. */
    final byte[] stream = new byte[16 + SOFTWARE_GHASH_LIMIT];
    final byte[] tag = new byte[16];
    /** The home slot of the thread that borrowed this lane last, where giving it back starts looking. */
    int home;

    Lane(byte[] key) throws GeneralSecurityException {
      this.key = key;
      this.rawKey = new RawKey("AES", key);
      this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
      this.ecb = Cipher.getInstance("AES/ECB/NoPadding");
      ecb.init(Cipher.ENCRYPT_MODE, rawKey);
      ecb.update(counters, 0, 16, stream, 0); // H = AES_K(0^128)
      GCMUtil.asLongs(stream, h);
      Arrays.fill(stream, (byte) 0);
    }

    /** Zeroes the key copy, H and the scratch, and re-keys both ciphers with a zero key. */
    void scrub() {
      Arrays.fill(key, (byte) 0); // rawKey is a view of this array
      Arrays.fill(h, 0L);
      Arrays.fill(x, 0L);
      Arrays.fill(counters, (byte) 0);
      Arrays.fill(stream, (byte) 0);
      Arrays.fill(tag, (byte) 0);
      SecretKey zero = new RawKey("AES", new byte[32]);
      try {
        gcm.init(Cipher.ENCRYPT_MODE, zero, new GCMParameterSpec(TAG_LENGTH * 8, SCRUB_NONCE));
      } catch (GeneralSecurityException | RuntimeException e) {
        // Nothing more can be done: the lane is dropped all the same.
      }
      try {
        ecb.init(Cipher.ENCRYPT_MODE, zero);
      } catch (GeneralSecurityException | RuntimeException e) {
        // As above.
      }
    }
  }

  /**
   * @param key 16, 24 or 32 bytes, copied
   * @throws IllegalArgumentException for any other length
   */
  public AesGcm(byte[] key) {
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException("an AES key is 16, 24 or 32 bytes, not " + key.length);
    }
    this.keyBytes = key.clone();
    giveBack(newLane()); // the first lane: fails here, not in the first call, on a JDK without AES
  }

  /**
   * Encrypts {@code plaintext} and writes {@code ciphertext || tag} into {@code out} at {@code outOff}.
   *
   * @return the number of bytes written, {@code plaintext.length + 16}; or {@link #DESTROYED} when this key has
   *     been destroyed before the call (then nothing is written) or during it (then what it wrote is zeroed): a
   *     caller that read the key just before it was revoked tries again with the new primary
   */
  public int seal(byte[] nonce, byte[] aad, int aadLen, byte[] plaintext, byte[] out, int outOff) {
    long stamp = life.tryOptimisticRead();
    Lane lane = stamp == 0 ? null : borrow();
    if (lane == null) {
      return DESTROYED;
    }
    int n;
    try {
      lane.gcm.init(Cipher.ENCRYPT_MODE, lane.rawKey, new GCMParameterSpec(TAG_LENGTH * 8, nonce, 0, NONCE_LENGTH));
      lane.gcm.updateAAD(aad, 0, aadLen);
      n = lane.gcm.doFinal(plaintext, 0, plaintext.length, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    } finally {
      giveBack(lane);
    }
    if (!life.validate(stamp)) {
      Arrays.fill(out, outOff, outOff + n, (byte) 0);
      return DESTROYED;
    }
    return n;
  }

  /**
   * Decrypts {@code in[off, off + len)}, laid out as {@code nonce(12) || ciphertext || tag(16)}, into {@code out}.
   * Never throws for a bad input, and a wrong tag costs no more than a right one.
   *
   * @return the plaintext length; -1 when the input is too short or does not authenticate (then nothing is
   *     written to {@code out}); or {@link #DESTROYED} when this key has been destroyed before the call (nothing
   *     written) or during it (what it wrote is zeroed)
   */
  public int open(byte[] aad, int aadLen, byte[] in, int off, int len, byte[] out) {
    if (len < NONCE_LENGTH + TAG_LENGTH || out.length < len - NONCE_LENGTH - TAG_LENGTH) {
      return -1;
    }
    long stamp = life.tryOptimisticRead();
    Lane lane = stamp == 0 ? null : borrow();
    if (lane == null) {
      return DESTROYED;
    }
    int n;
    try {
      if (len - NONCE_LENGTH - TAG_LENGTH + aadLen > SOFTWARE_GHASH_LIMIT) {
        n = openWithJdkGcm(lane, aad, aadLen, in, off, len, out);
      } else {
        n = openWithSoftwareGhash(lane, aad, aadLen, in, off, len, out);
      }
    } finally {
      giveBack(lane);
    }
    if (!life.validate(stamp)) {
      if (n > 0) {
        Arrays.fill(out, 0, n, (byte) 0);
      }
      return DESTROYED;
    }
    return n;
  }

  /**
   * Small inputs, in five steps.
   *
   * <ol>
   *   <li>S = GHASH_H(A || pad || C || pad || [len(A)]_64 || [len(C)]_64), on Bouncy Castle's constant-time
   *       multiply.
   *   <li>J0 = nonce || 0^31 || 1; the counter blocks J0, inc32(J0), ... are encrypted in one call; the expected
   *       tag is S ^ AES_K(J0).
   *   <li>Compare it with the given tag in constant time.
   *   <li>On a mismatch, return -1 having decrypted nothing.
   *   <li>Otherwise decrypt C with the keystream from inc32(J0) on; the keystream is zeroed either way.
   * </ol>
   */
  private static int openWithSoftwareGhash(Lane lane, byte[] aad, int aadLen, byte[] in, int off, int len,
      byte[] out) {
    int ctOff = off + NONCE_LENGTH;
    int ctLen = len - NONCE_LENGTH - TAG_LENGTH;
    long[] x = lane.x;
    x[0] = 0;
    x[1] = 0;
    absorb(lane, aad, 0, aadLen);
    absorb(lane, in, ctOff, ctLen);
    x[0] ^= (long) aadLen * 8;
    x[1] ^= (long) ctLen * 8;
    GCMUtil.multiply(x, lane.h);
    byte[] counters = lane.counters;
    byte[] stream = lane.stream;
    int n = 16 + (ctLen + 15) / 16 * 16;
    for (int b = 0; b < n; b += 16) {
      System.arraycopy(in, off, counters, b, NONCE_LENGTH);
      BE_INT.set(counters, b + NONCE_LENGTH, b / 16 + 1);
    }
    byte[] tag = lane.tag;
    try {
      lane.ecb.update(counters, 0, n, stream, 0);
      for (int i = 0; i < 8; i++) {
        tag[i] = (byte) (stream[i] ^ (x[0] >>> (56 - 8 * i)));
        tag[8 + i] = (byte) (stream[8 + i] ^ (x[1] >>> (56 - 8 * i)));
      }
      if (!ConstantTime.equal(tag, 0, in, off + len - TAG_LENGTH, TAG_LENGTH)) {
        return -1;
      }
      for (int i = 0; i < ctLen; i++) {
        out[i] = (byte) (in[ctOff + i] ^ stream[16 + i]);
      }
      return ctLen;
    } catch (GeneralSecurityException | IllegalStateException e) {
      return -1;
    } finally {
      Arrays.fill(stream, 0, n, (byte) 0);
    }
  }

  /**
   * Large inputs: the JDK's GCM, whose GHASH runs on carry-less multiply instructions. A wrong tag throws
   * inside the JDK here, but at these sizes the work of a good open outweighs the exception's cost.
   */
  private static int openWithJdkGcm(Lane lane, byte[] aad, int aadLen, byte[] in, int off, int len, byte[] out) {
    try {
      lane.gcm.init(Cipher.DECRYPT_MODE, lane.rawKey, new GCMParameterSpec(TAG_LENGTH * 8, in, off, NONCE_LENGTH));
      lane.gcm.updateAAD(aad, 0, aadLen);
      return lane.gcm.doFinal(in, off + NONCE_LENGTH, len - NONCE_LENGTH, out, 0);
    } catch (GeneralSecurityException | IllegalStateException e) {
      return -1;
    }
  }

  /** Folds {@code b[off, off + len)} into the lane's GHASH state, zero-padded to whole blocks. */
  private static void absorb(Lane lane, byte[] b, int off, int len) {
    long[] x = lane.x;
    int end = off + len;
    for (int i = off; i < end; i += 16) {
      if (end - i >= 16) {
        x[0] ^= (long) BE_LONG.get(b, i);
        x[1] ^= (long) BE_LONG.get(b, i + 8);
      } else {
        x[0] ^= bigEndian(b, i, Math.min(8, end - i));
        x[1] ^= bigEndian(b, i + 8, end - i - 8);
      }
      GCMUtil.multiply(x, lane.h);
    }
  }

  /** The {@code n} bytes at {@code b[at]} (none when {@code n <= 0}) as the top of a big-endian long. */
  private static long bigEndian(byte[] b, int at, int n) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (i < n ? b[at + i] & 0xff : 0);
    }
    return v;
  }

  /**
   * The slot a thread tries first, spread by {@link Csprng#threadHash()}: with no more busy threads than slots,
   * most calls find their own lane where they left it.
   */
  private static int home() {
    return Csprng.threadHash();
  }

  /** The array index of the {@code n}-th slot tried from {@code home}. */
  private static int slot(int home, int n) {
    return ((home + n) & (POOL_SIZE - 1)) * STRIDE;
  }

  private Lane borrow() {
    int home = home();
    for (int n = 0; n < POOL_SIZE; n++) {
      int i = slot(home, n);
      if (pool.get(i) != null) {
        Lane lane = pool.getAndSet(i, null);
        if (lane != null) {
          lane.home = home;
          return lane;
        }
      }
    }
    Lane lane = newLane();
    if (lane != null) {
      lane.home = home;
    }
    return lane;
  }

  /** A new lane with its own copy of the key, or null once the key has been destroyed. */
  private Lane newLane() {
    byte[] copy;
    synchronized (lock) {
      if (life.isWriteLocked()) {
        return null;
      }
      copy = keyBytes.clone();
    }
    try {
      return new Lane(copy);
    } catch (GeneralSecurityException e) {
      Arrays.fill(copy, (byte) 0);
      throw new IllegalStateException("AES/GCM and AES/CTR are not both available in this JDK", e);
    }
  }

  private void giveBack(Lane lane) {
    if (!life.isWriteLocked()) {
      for (int n = 0; n < POOL_SIZE; n++) {
        int i = slot(lane.home, n); // the borrower's home, found by borrow(): no second identity hash
        if (pool.compareAndSet(i, null, lane)) {
          if (life.isWriteLocked()) {
            // destroy() may have swept this slot before the lane went in: take it out again unless it did.
            Lane again = pool.getAndSet(i, null);
            if (again != null) {
              again.scrub();
            }
          }
          return;
        }
      }
    }
    lane.scrub(); // the pool is full, or the key is gone
  }

  /**
   * Zeroes the key and every idle lane; a lane in use is scrubbed when it is given back. From then on {@link
   * #seal} and {@link #open} return {@link #DESTROYED}, as does a call that overlaps this one. Idempotent.
   */
  @Override
  public void destroy() {
    synchronized (lock) {
      life.tryWriteLock(); // never unlocked; 0 (already locked) on a second call
      Arrays.fill(keyBytes, (byte) 0);
    }
    for (int n = 0; n < POOL_SIZE; n++) {
      Lane lane = pool.getAndSet(n * STRIDE, null);
      if (lane != null) {
        lane.scrub();
      }
    }
  }

  /** Whether {@link #destroy()} has been called. */
  @Override
  public boolean isDestroyed() {
    return life.isWriteLocked();
  }

  @Override
  public String toString() {
    return "AesGcm[key=<redacted>]";
  }
}
