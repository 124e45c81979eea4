package dev.hardtack.internal;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, safe to share between threads.
 *
 * <p>Each thread keeps its own keyed JDK {@link Mac} (the JDK's {@code HmacSHA256} runs on the CPU's SHA
 * instructions where it has them), so a computation allocates nothing and takes no lock.
 *
 * <p>Security: the key is held in this object and in each thread's {@code Mac}; {@link #toString()} shows
 * neither. {@link #destroy()} zeroes this object's copy; the JDK's copies go with the threads' {@code Mac}s.
 */
public final class HmacSha256 {
  /** The tag length in bytes. */
  public static final int TAG_LENGTH = 32;

  private final byte[] key;
  private final ThreadLocal<Mac> macs;

  /**
   * @param key the HMAC key: any length, copied
   * @throws IllegalArgumentException when the key is empty (the JDK refuses empty HMAC keys)
   */
  public HmacSha256(byte[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("an HMAC key must not be empty");
    }
    this.key = key.clone();
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  /** Writes HMAC(key, prefix || msg[off, off + len)) into {@code out[outOff, outOff + 32)}. Allocates nothing. */
  public void compute(byte[] prefix, byte[] msg, int off, int len, byte[] out, int outOff) {
    Mac mac = macs.get();
    try {
      if (prefix != null) {
        mac.update(prefix);
      }
      mac.update(msg, off, len);
      mac.doFinal(out, outOff);
    } catch (ShortBufferException e) {
      mac.reset();
      throw new IllegalArgumentException("the output needs 32 bytes", e);
    }
  }

  /** HMAC(key, msg). */
  public byte[] compute(byte[] msg) {
    byte[] out = new byte[TAG_LENGTH];
    compute(null, msg, 0, msg.length, out, 0);
    return out;
  }

  /** Zeroes this object's copy of the key. The object must not be used afterwards. */
  public void destroy() {
    Arrays.fill(key, (byte) 0);
    macs.remove();
  }

  @Override
  public String toString() {
    return "HmacSha256[key=<redacted>]";
  }

}
