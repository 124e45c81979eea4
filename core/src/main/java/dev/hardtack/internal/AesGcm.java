package dev.hardtack.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM under one key with 96-bit nonces and 128-bit tags, safe to share between threads.
 *
 * <p>Each thread keeps its own JDK {@link Cipher} (AES-NI and the GHASH intrinsics where the CPU has them).
 *
 * <p>Security: the caller supplies a fresh random nonce for every seal; {@link #toString()} shows no key.
 */
public final class AesGcm {
  /** Nonce length in bytes. */
  public static final int NONCE_LENGTH = 12;
  /** Tag length in bytes. */
  public static final int TAG_LENGTH = 16;

  private final byte[] keyBytes;
  private final SecretKeySpec key;
  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(AesGcm::newCipher);

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
   *
   * @return the plaintext length, or -1 when the input is too short or does not authenticate
   */
  public int open(byte[] aad, int aadLen, byte[] in, int off, int len, byte[] out) {
    if (len < NONCE_LENGTH + TAG_LENGTH || out.length < len - NONCE_LENGTH - TAG_LENGTH) {
      return -1;
    }
    Cipher c = ciphers.get();
    try {
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, in, off, NONCE_LENGTH));
      c.updateAAD(aad, 0, aadLen);
      return c.doFinal(in, off + NONCE_LENGTH, len - NONCE_LENGTH, out, 0);
    } catch (GeneralSecurityException | IllegalStateException e) {
      return -1;
    }
  }

  /** Zeroes this object's copy of the key. The object must not be used afterwards. */
  public void destroy() {
    Arrays.fill(keyBytes, (byte) 0);
    ciphers.remove();
  }

  @Override
  public String toString() {
    return "AesGcm[key=<redacted>]";
  }
}
