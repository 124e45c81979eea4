package dev.hardtack.internal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;

/**
 * Cryptographically secure random bytes without a global lock and without per-thread state: a small striped
 * pool of ChaCha20 keystream generators (RFC 8439; the JDK's own cipher, see {@link Keystream}), each keyed from
 * the operating system's entropy source and guarded by its own lock; a thread draws from the generator its
 * thread id picks. A fresh (virtual) thread therefore finds a seeded generator and never reseeds from the OS for
 * itself.
 *
 * <p>The design is the "fast key erasure" generator (D. J. Bernstein, 2017), as in the Linux kernel's CRNG and
 * OpenBSD's arc4random:
 *
 * <ul>
 *   <li>each refill runs ChaCha20 under the current key for {@value #BLOCKS} blocks; the first 32 bytes become
 *       the next key at once, overwriting the old one (in the cipher too), and the rest is output;
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
 * <p>This class also holds core's one {@link SecureRandom} (the OS source, {@link #system()}): reseeds, new keys
 * and key-file salts and nonces all draw from it.
 *
 * <p>Why the JDK's ChaCha20 and not Bouncy Castle's engine, the JDK's DRBG per thread, or AES-CTR: each was
 * measured against it (see docs/BENCHMARKS.md). On JDK 20 and later the JDK runs ChaCha20 on the CPU's vector
 * units, which made a session id on JDK 25 1.6 to 2 times cheaper than with Bouncy Castle's scalar engine; on
 * JDK 17, where both are scalar Java, the JDK's measured 1.25 times cheaper. The DRBG costs several times more. AES
 * through JCA leaves each key's expanded schedule behind when re-keyed, where nobody can wipe it; SunJCE's
 * ChaCha20 zeroes its copy of the old key and overwrites what it generated under it, which {@code
 * KeyMaterialHeapDumpTest} checks on the whole heap.
 */
public final class Csprng {
  static final int BLOCKS = 16;
  static final int RESEED_REFILLS = 1024;
  static final int RESEED_SECONDS = 60;
  private static final int KEY_BYTES = 32;
  /** Nonce zero, from block 0: the key changes at every refill, so nothing else need. Immutable. */
  private static final ChaCha20ParameterSpec FROM_BLOCK_0 = new ChaCha20ParameterSpec(new byte[12], 0);
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

  private final byte[] key = new byte[KEY_BYTES];
  private final Keystream chacha = new Keystream(key);
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
    chacha.rekey();
  }

  /** A generator of its own, not one of the stripes; for tests. */
  static Csprng newForTest() {
    return new Csprng();
  }

  /** A copy of this generator's current key; for tests. */
  byte[] keyForTest() {
    return key.clone();
  }

  /** A copy of this generator's buffer, handed-out bytes and all; for tests. */
  byte[] bufferForTest() {
    return buf.clone();
  }

  /** A clone of this generator's state, as restoring a snapshot twice would make; for tests. */
  Csprng cloneForTest() {
    return new Csprng(this);
  }

  /**
   * The operating system's entropy source ({@code /dev/urandom}, {@code getrandom}, or CryptoAPI, through the
   * JDK's default {@link SecureRandom}): core's one {@code SecureRandom}, for new keys and other one-off secrets.
   * Slow per call, thread-safe; the hot path uses {@link #nextBytes(byte[])} instead.
   */
  public static SecureRandom system() {
    return SYSTEM;
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

  /** The calling thread's generator: {@link #threadHash()} picks the stripe. */
  static Csprng current() {
    return STRIPES[threadHash() & (STRIPES.length - 1)];
  }

  /**
   * The calling thread's id, mixed (virtual threads' ids are consecutive), for picking a stripe or a pool slot:
   * a field read and a multiply. Not {@code System.identityHashCode(thread)}, which each new (virtual) thread
   * pays to have installed, and whose fast path fails while the thread object's monitor is in use.
   */
  @SuppressWarnings("deprecation") // Thread.getId(): threadId() is Java 19+, and this library runs on 17
  static int threadHash() {
    long h = Thread.currentThread().getId() * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 32);
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
    chacha.next(buf);
    System.arraycopy(buf, 0, key, 0, KEY_BYTES); // the next key, at once; this one is gone
    Arrays.fill(buf, 0, KEY_BYTES, (byte) 0);
    chacha.rekey(); // and gone from the cipher too
    pos = KEY_BYTES;
  }

  private void reseed() {
    byte[] seed = new byte[KEY_BYTES];
    SYSTEM.nextBytes(seed);
    for (int i = 0; i < KEY_BYTES; i++) {
      key[i] ^= seed[i];
    }
    Arrays.fill(seed, (byte) 0);
    chacha.rekey();
    refillsSinceSeed = 0;
    seededAt = System.nanoTime();
  }

  /**
   * The JDK's ChaCha20 (RFC 8439; SunJCE's, which JDK 20 and later run on the CPU's vector units) as a raw
   * keystream, nonce zero, from block 0, always keyed with the generator's next key. The cipher keeps three
   * copies of what its key produces (its key bytes, its initial state, and its keystream buffer, which after a
   * draw holds the bytes just drawn); re-keying zeroes the first and overwrites the other two, since SunJCE
   * generates the new key's first blocks at once. So the generator re-keys at the end of every refill, and what
   * the cipher then holds is derived from the next key alone, as the generator's own key is.
   */
  static final class Keystream {
    private static final byte[] ZEROS = new byte[BLOCKS * 64];
    private final Cipher cipher;
    private final RawKey key;

    /** A keystream under {@code key}, whose contents it reads at each {@link #rekey()}. */
    Keystream(byte[] key) {
      this.key = new RawKey("ChaCha20", key);
      try {
        cipher = Cipher.getInstance("ChaCha20", "SunJCE");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JDK lacks SunJCE's ChaCha20", e);
      }
    }

    /** Keys the cipher with the key array's current contents, wiping what the previous key left in it. */
    void rekey() {
      try {
        cipher.init(Cipher.ENCRYPT_MODE, key, FROM_BLOCK_0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SunJCE's ChaCha20 refused a 32-byte key", e);
      }
    }

    /** Writes the keystream of the key last given to {@link #rekey()}, from its first block, into {@code out}. */
    void next(byte[] out) {
      try {
        cipher.update(ZEROS, 0, out.length, out, 0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SunJCE's ChaCha20 refused a buffer of its own size", e);
      }
    }
  }
}
