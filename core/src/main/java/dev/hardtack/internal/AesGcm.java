package dev.hardtack.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;

/**
 * AES-256-GCM under one key with 96-bit nonces and 128-bit tags, safe to share between threads.
 *
 * <p>Sealing, and opening anything over {@value #SOFTWARE_GHASH_LIMIT} bytes, use the JDK's {@code AES/GCM/NoPadding} (AES-NI and the GHASH intrinsics where the CPU has them).
 * Opening a small input checks the tag without the JDK's GCM, which reports a wrong tag by throwing {@code
 * AEADBadTagException}: filling in that exception's stack trace made a forged cookie several times dearer than
 * a good one (more, the deeper the caller's stack), so a flood of forgeries would cost a server more than its
 * real traffic. Here GHASH is computed with Bouncy Castle's {@code BasicGCMMultiplier}, a branch-free,
 * table-free carry-less multiply (a table multiplier would index its lookups by key-dependent data and leak
 * through the cache), the tag is compared in constant time ({@link ConstantTime}), and only then is
 * the ciphertext decrypted, with the JDK's AES-CTR from the same counter block GCM uses (RFC: NIST SP 800-38D).
 *
 * <p>Security: the caller supplies a fresh random nonce for every seal; {@link #toString()} shows no key.
 * {@link #destroy()} zeroes this object's copy of the key; the JDK's expanded keys and the GHASH key H go with the garbage collector.
 */
public final class AesGcm {
  /** Nonce length in bytes. */
  public static final int NONCE_LENGTH = 12;
  /** Tag length in bytes. */
  public static final int TAG_LENGTH = 16;

  private final byte[] keyBytes;
  private final SecretKeySpec key;
  /**
   * Up to this many bytes of associated data and ciphertext (a session id and most small values), GHASH runs on
   * Bouncy Castle's constant-time multiplier, with no exception for a forgery; above it, on the JDK's GCM,
   * faster per byte by far.
   */
  static final int SOFTWARE_GHASH_LIMIT = 320;

  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(AesGcm::newCipher);
  private final ThreadLocal<Opener> openers = ThreadLocal.withInitial(Opener::new);
  private final GCMMultiplier ghash;

  /** One thread's AES-CTR cipher and scratch blocks for {@link #open}. */
  private static final class Opener {
    final Cipher ctr;
    final byte[] counter = new byte[16];
    final byte[] x = new byte[16];
    final byte[] mask = new byte[16];
    final byte[] given = new byte[16];

    Opener() {
      try {
        ctr = Cipher.getInstance("AES/CTR/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES/CTR/NoPadding is not available in this JDK", e);
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
    this.key = new SecretKeySpec(keyBytes, "AES");
    byte[] h = new byte[16];
    try {
      Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
      ecb.init(Cipher.ENCRYPT_MODE, this.key);
      ecb.doFinal(h, 0, 16, h, 0); // H = AES_K(0^128), the GHASH key
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is not available in this JDK", e);
    }
    this.ghash = new BasicGCMMultiplier();
    ghash.init(h);
    Arrays.fill(h, (byte) 0);
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding is not available in this JDK", e);
    }
  }

  /**
   * Encrypts {@code plaintext} and writes {@code ciphertext || tag} into {@code out} at {@code outOff}.
   *
   * @return the number of bytes written: {@code plaintext.length + 16}
   */
  public int seal(byte[] nonce, byte[] aad, int aadLen, byte[] plaintext, byte[] out, int outOff) {
    Cipher c = ciphers.get();
    try {
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce, 0, NONCE_LENGTH));
      c.updateAAD(aad, 0, aadLen);
      return c.doFinal(plaintext, 0, plaintext.length, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts {@code in[off, off + len)}, laid out as {@code nonce(12) || ciphertext || tag(16)}, into {@code out}.
   * Never throws for a bad input, and a wrong tag costs no more than a right one.
   *
   * @return the plaintext length, or -1 when the input is too short or does not authenticate (then nothing is
   *     written to {@code out})
   */
  public int open(byte[] aad, int aadLen, byte[] in, int off, int len, byte[] out) {
    if (len < NONCE_LENGTH + TAG_LENGTH || out.length < len - NONCE_LENGTH - TAG_LENGTH) {
      return -1;
    }
    int ctOff = off + NONCE_LENGTH;
    int ctLen = len - NONCE_LENGTH - TAG_LENGTH;
    if (ctLen + aadLen > SOFTWARE_GHASH_LIMIT) {
      return openWithJdkGcm(aad, aadLen, in, off, len, out);
    }
    Opener o = openers.get();
    byte[] x = o.x;
    byte[] mask = o.mask;
    Arrays.fill(x, (byte) 0);
    // S = GHASH_H(A || pad || C || pad || [len(A)]_64 || [len(C)]_64)
    absorb(x, aad, 0, aadLen);
    absorb(x, in, ctOff, ctLen);
    xorLength(x, 0, aadLen);
    xorLength(x, 8, ctLen);
    ghash.multiplyH(x);
    // J0 = nonce || 0^31 || 1; the tag is S ^ AES_K(J0), and the plaintext is C ^ AES-CTR from inc32(J0).
    byte[] counter = o.counter;
    System.arraycopy(in, off, counter, 0, NONCE_LENGTH);
    counter[12] = 0;
    counter[13] = 0;
    counter[14] = 0;
    counter[15] = 1;
    Cipher c = o.ctr;
    try {
      c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counter));
      Arrays.fill(mask, (byte) 0);
      c.update(mask, 0, 16, mask, 0);
      for (int i = 0; i < 16; i++) {
        x[i] ^= mask[i];
      }
      System.arraycopy(in, off + len - TAG_LENGTH, o.given, 0, TAG_LENGTH);
      boolean authentic = ConstantTime.equal(x, o.given);
      Arrays.fill(mask, (byte) 0);
      if (!authentic) {
        return -1;
      }
      return c.doFinal(in, ctOff, ctLen, out, 0);
    } catch (GeneralSecurityException | IllegalStateException e) {
      return -1;
    }
  }

  /**
   * Large inputs: the JDK's GCM, whose GHASH runs on carry-less multiply instructions. A wrong tag throws
   * inside the JDK here, but at these sizes the work of a good open outweighs the exception's cost.
   */
  private int openWithJdkGcm(byte[] aad, int aadLen, byte[] in, int off, int len, byte[] out) {
    Cipher c = ciphers.get();
    try {
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, in, off, NONCE_LENGTH));
      c.updateAAD(aad, 0, aadLen);
      return c.doFinal(in, off + NONCE_LENGTH, len - NONCE_LENGTH, out, 0);
    } catch (GeneralSecurityException | IllegalStateException e) {
      return -1;
    }
  }

  /** Folds {@code b[off, off + len)} into the GHASH state {@code x}, zero-padded to whole blocks. */
  private void absorb(byte[] x, byte[] b, int off, int len) {
    int end = off + len;
    for (int i = off; i < end; i += 16) {
      int n = Math.min(16, end - i);
      for (int j = 0; j < n; j++) {
        x[j] ^= b[i + j];
      }
      ghash.multiplyH(x);
    }
  }

  /** XORs {@code bytes * 8} as a 64-bit big-endian number into {@code x} at {@code at}. */
  private static void xorLength(byte[] x, int at, int bytes) {
    long bits = (long) bytes * 8;
    for (int i = 0; i < 8; i++) {
      x[at + i] ^= (byte) (bits >>> (56 - 8 * i));
    }
  }

  /** Zeroes this object's copy of the key. The object must not be used afterwards. */
  public void destroy() {
    Arrays.fill(keyBytes, (byte) 0);
    ciphers.remove();
    openers.remove();
  }

  @Override
  public String toString() {
    return "AesGcm[key=<redacted>]";
  }
}
