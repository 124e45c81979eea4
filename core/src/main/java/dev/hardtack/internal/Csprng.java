package dev.hardtack.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cryptographically secure random bytes without a global lock and without per-thread state: a small striped
 * pool of ChaCha20 keystream generators (RFC 8439 block function), each keyed from the operating system's
 * entropy source and guarded by its own lock; a thread draws from the generator its thread id picks. A fresh
 * (virtual) thread therefore finds a seeded generator and never reseeds from the OS for itself.
 *
 * <p>The design is the "fast key erasure" generator (D. J. Bernstein, 2017), as in the Linux kernel's CRNG and
 * OpenBSD's arc4random:
 *
 * <ul>
 *   <li>each refill runs ChaCha20 under the current key for {@value #BLOCKS} blocks; the first 32 bytes become
 *       the next key at once, overwriting the old one, and the rest is output;
 *   <li>every byte handed out is zeroed in the buffer, so neither the state nor the buffer lets anyone
 *       reconstruct past output (backtracking resistance);
 *   <li>the key is reseeded from {@link SecureRandom} (the OS source: {@code /dev/urandom}, {@code getrandom},
 *       or CryptoAPI) when the generator is first drawn from, then every {@value #RESEED_REFILLS} refills and at
 *       least every {@value #RESEED_SECONDS} seconds, by XOR-ing 32 fresh bytes into the key.
 * </ul>
 *
 * <p>A VM snapshot (CRaC, AWS Lambda SnapStart, a cloned virtual machine) copies every generator's key and buffer:
 * every process restored from one snapshot would hand out the same bytes (the same session ids, the same GCM
 * nonces) until each generator's next reseed, which the time bound does not promise to bring soon enough. {@link
 * #reseedAll()}, called once after a restore, makes every generator's next draw discard its buffer and reseed
 * first. It costs the hot path one volatile read per call, of a generation counter; nothing else.
 *
 * <p>Why not the JDK's DRBG per thread, or AES-CTR: both were measured against this one (see docs/BENCHMARKS.md);
 * the DRBG costs several times more per id, and AES-CTR through JCA needs a {@code Cipher} re-initialized (and a
 * key object allocated) at every refill, which erases keys no better and runs no faster at this buffer size.
 */
public final class Csprng {
  static final int BLOCKS = 8;
  static final int RESEED_REFILLS = 1024;
  static final int RESEED_SECONDS = 60;
  private static final int KEY_BYTES = 32;
  private static final VarHandle LE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final SecureRandom SYSTEM = new SecureRandom();
  /** Bumped by {@link #reseedAll()}; a generator that has seen an older value reseeds before its next draw. */
  private static final AtomicInteger GENERATION = new AtomicInteger();
  /** The generators: a power of two, two per processor, 4 to 64. */
  private static final Csprng[] STRIPES = new Csprng[
      Integer.highestOneBit(Math.min(64, Math.max(4, 2 * Runtime.getRuntime().availableProcessors())) - 1) << 1];

  static {
    for (int i = 0; i < STRIPES.length; i++) {
      STRIPES[i] = new Csprng();
    }
  }

  /** Held while this generator's key and buffer are read or written (not synchronized: no pinned carrier). */
  private final ReentrantLock lock = new ReentrantLock();

  private final int[] key = new int[8];
  private final byte[] buf = new byte[BLOCKS * 64];
  private int pos = buf.length;
  private int refillsSinceSeed = RESEED_REFILLS;
  private long seededAt;
  private int generation = GENERATION.get();

  private Csprng() {}

  /** A copy of {@code other}'s whole state, as a VM snapshot would make; for tests. */
  private Csprng(Csprng other) {
    System.arraycopy(other.key, 0, key, 0, key.length);
    System.arraycopy(other.buf, 0, buf, 0, buf.length);
    pos = other.pos;
    refillsSinceSeed = other.refillsSinceSeed;
    seededAt = other.seededAt;
    generation = other.generation;
  }

  /** A clone of this generator's state, as restoring a snapshot twice would make; for tests. */
  Csprng cloneForTest() {
    return new Csprng(this);
  }

  /**
   * Makes every generator discard its buffered output and reseed from the operating system before its next draw.
   * Call it once after a VM snapshot is restored. Cheap: it bumps a counter, and each generator compares that
   * counter (one volatile read) on each call.
   */
  public static void reseedAll() {
    GENERATION.incrementAndGet();
  }

  /** Fills {@code out} with random bytes. */
  public static void nextBytes(byte[] out) {
    nextBytes(out, 0, out.length);
  }

  /** Fills {@code out[off, off + len)} with random bytes. */
  public static void nextBytes(byte[] out, int off, int len) {
    if (off < 0 || len < 0 || len > out.length - off) {
      throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", length " + out.length);
    }
    Csprng g = current();
    g.lock.lock();
    try {
      g.fill(out, off, len);
    } finally {
      g.lock.unlock();
    }
  }

  /** The calling thread's generator: its id, mixed (virtual threads' ids are consecutive), picks the stripe. */
  @SuppressWarnings("deprecation") // Thread.getId(): threadId() is Java 19+, and this library runs on 17
  static Csprng current() {
    long h = Thread.currentThread().getId() * 0x9E3779B97F4A7C15L;
    return STRIPES[(int) (h >>> 32) & (STRIPES.length - 1)];
  }

  void fill(byte[] out, int off, int len) {
    int g = GENERATION.get();
    if (g != generation) {
      generation = g;
      Arrays.fill(buf, (byte) 0);
      pos = buf.length;
      refillsSinceSeed = RESEED_REFILLS; // the next refill reseeds first
    }
    while (len > 0) {
      if (pos == buf.length) {
        refill();
      }
      int n = Math.min(len, buf.length - pos);
      System.arraycopy(buf, pos, out, off, n);
      Arrays.fill(buf, pos, pos + n, (byte) 0);
      pos += n;
      off += n;
      len -= n;
    }
  }

  private void refill() {
    if (refillsSinceSeed >= RESEED_REFILLS || System.nanoTime() - seededAt > RESEED_SECONDS * 1_000_000_000L) {
      reseed();
    }
    refillsSinceSeed++;
    for (int i = 0; i < BLOCKS; i++) {
      block(key, i, 0, 0, 0, buf, i * 64);
    }
    for (int i = 0; i < 8; i++) {
      key[i] = (int) LE_INT.get(buf, i * 4);
    }
    Arrays.fill(buf, 0, KEY_BYTES, (byte) 0);
    pos = KEY_BYTES;
  }

  private void reseed() {
    byte[] seed = new byte[KEY_BYTES];
    SYSTEM.nextBytes(seed);
    for (int i = 0; i < 8; i++) {
      key[i] ^= (int) LE_INT.get(seed, i * 4);
    }
    Arrays.fill(seed, (byte) 0);
    refillsSinceSeed = 0;
    seededAt = System.nanoTime();
  }

  /** The ChaCha20 block function of RFC 8439 section 2.3: 64 bytes of keystream into {@code out} at {@code off}. */
  static void block(int[] k, int counter, int n0, int n1, int n2, byte[] out, int off) {
    int x0 = 0x61707865;
    int x1 = 0x3320646e;
    int x2 = 0x79622d32;
    int x3 = 0x6b206574;
    int x4 = k[0];
    int x5 = k[1];
    int x6 = k[2];
    int x7 = k[3];
    int x8 = k[4];
    int x9 = k[5];
    int x10 = k[6];
    int x11 = k[7];
    int x12 = counter;
    int x13 = n0;
    int x14 = n1;
    int x15 = n2;
    for (int round = 0; round < 10; round++) {
      // Column round.
      x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
      x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);
      x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
      x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);
      x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
      x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);
      x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
      x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);
      // Diagonal round.
      x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
      x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);
      x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
      x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);
      x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
      x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);
      x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
      x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
    }
    LE_INT.set(out, off, x0 + 0x61707865);
    LE_INT.set(out, off + 4, x1 + 0x3320646e);
    LE_INT.set(out, off + 8, x2 + 0x79622d32);
    LE_INT.set(out, off + 12, x3 + 0x6b206574);
    LE_INT.set(out, off + 16, x4 + k[0]);
    LE_INT.set(out, off + 20, x5 + k[1]);
    LE_INT.set(out, off + 24, x6 + k[2]);
    LE_INT.set(out, off + 28, x7 + k[3]);
    LE_INT.set(out, off + 32, x8 + k[4]);
    LE_INT.set(out, off + 36, x9 + k[5]);
    LE_INT.set(out, off + 40, x10 + k[6]);
    LE_INT.set(out, off + 44, x11 + k[7]);
    LE_INT.set(out, off + 48, x12 + counter);
    LE_INT.set(out, off + 52, x13 + n0);
    LE_INT.set(out, off + 56, x14 + n1);
    LE_INT.set(out, off + 60, x15 + n2);
  }
}
