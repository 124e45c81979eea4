package dev.hardtack;

import dev.hardtack.internal.Base64Codec;
import dev.hardtack.internal.Csprng;
import java.nio.charset.StandardCharsets;

/**
 * Unguessable session ids.
 *
 * <pre>{@code
 * SessionIdGenerator ids = SessionIdGenerator.create();   // 192 bits
 * String id = ids.next();                                 // "q3V0m1cJ8c9D1u0l-5xL0t0hN9rQ2wZk" (32 chars)
 * }</pre>
 *
 * <p>Thread-safe, without a global lock and without per-thread state: threads draw from a small striped pool of
 * CSPRNGs, so an id on a fresh virtual thread costs what it costs on a warm one.
 *
 * <h2>Security</h2>
 * Ids come from ChaCha20 keystream generators ("fast key erasure": the key is replaced by fresh
 * keystream at every refill, and output is wiped from its buffer as it is handed out), keyed from the operating
 * system's entropy source and reseeded from it every minute at least; never from {@code java.util.Random},
 * {@code Math.random} or {@code UUID}. The default of 192 bits leaves a guessing attacker facing 2<sup>192</sup>
 * possibilities per live session (OWASP asks for at least 64 bits of entropy; 128 is the floor here). Ids are
 * base64url without padding, so they are valid cookie values and URL path segments as they are.
 *
 * <p>A VM snapshot (CRaC, AWS Lambda SnapStart, a cloned virtual machine) copies the generators' state, so
 * processes restored from one snapshot would issue the same ids, and the same AES-GCM nonces for {@link
 * CookieCodec.Builder#encrypted() encrypted} cookies, until their next reseed. Call {@link #reseedAll()} once
 * after each restore, from the platform's restore hook (with CRaC and SnapStart, a {@code org.crac.Resource}'s
 * {@code afterRestore}; SECURITY.md shows one):
 *
 * <pre>{@code
 * SessionIdGenerator.reseedAll();          // in the after-restore hook
 * String fresh = ids.next();               // drawn from a freshly reseeded generator
 * }</pre>
 */
public final class SessionIdGenerator {
  /** The default size of an id, in bits. */
  public static final int DEFAULT_BITS = 192;
  /** The smallest size accepted, in bits. */
  public static final int MIN_BITS = 128;
  /** The largest size accepted, in bits. */
  public static final int MAX_BITS = 4096;

  private final int bytes;

  private SessionIdGenerator(int bits) {
    this.bytes = bits / 8;
  }

  /**
   * A generator of 192-bit ids: 32 base64url characters.
   *
   * @return a generator of {@link #DEFAULT_BITS}-bit ids
   */
  public static SessionIdGenerator create() {
    return new SessionIdGenerator(DEFAULT_BITS);
  }

  /**
   * A generator of {@code bits}-bit ids: {@code ceil(bits / 6)} base64url characters.
   *
   * @param bits the entropy of each id
   * @return a generator of {@code bits}-bit ids
   * @throws IllegalArgumentException unless {@code bits} is a multiple of 8 from 128 to 4096
   */
  public static SessionIdGenerator create(int bits) {
    if (bits < MIN_BITS || bits > MAX_BITS || bits % 8 != 0) {
      throw new IllegalArgumentException(
          "session ids need a multiple of 8 bits from " + MIN_BITS + " to " + MAX_BITS + ", not " + bits);
    }
    return new SessionIdGenerator(bits);
  }

  /**
   * A fresh id from the CSPRNG pool.
   *
   * @return base64url without padding, {@code ceil(bits / 6)} characters
   */
  public String next() {
    // One buffer: the random bytes go at its end and are encoded over themselves, front to back. Group k's four
    // characters land in [4k, 4k + 4) and its three bytes were read from [at + 3k, at + 3k + 3) just before, where
    // at = chars - bytes = ceil(bytes / 3) is more than k, so no write reaches a byte still to be read.
    int n = Base64Codec.encodedLength(bytes);
    byte[] buf = new byte[n];
    Csprng.nextBytes(buf, n - bytes, bytes);
    Base64Codec.URL.encode(buf, n - bytes, bytes, buf, 0);
    // The buffer now holds exactly the id's characters, as the string does: nothing in it is left to zero.
    return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
  }

  /**
   * Makes every generator of the CSPRNG's striped pool (the one behind session ids and AES-GCM nonces) discard
   * what it has buffered and reseed from the operating system before its next draw. Call it once after restoring a VM snapshot (CRaC,
   * AWS Lambda SnapStart, a cloned virtual machine); it is not needed otherwise, since each generator reseeds
   * every minute on its own. Cheap: it bumps a counter that each draw reads once (a volatile read), so it may be
   * called at any time from any thread; it takes effect on each generator's next draw.
   *
   * <p>Security: this makes the generators as fresh as the operating system's source after the restore; that
   * the kernel's own random pool is fresh after a restore is up to the platform (see SECURITY.md).
   */
  public static void reseedAll() {
    Csprng.reseedAll();
  }

  /**
   * The size of the ids, in bits.
   *
   * @return the bits of entropy per id
   */
  public int bits() {
    return bytes * 8;
  }

  @Override
  public String toString() {
    return "SessionIdGenerator[bits=" + bits() + "]";
  }
}
