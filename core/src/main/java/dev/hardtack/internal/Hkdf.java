package dev.hardtack.internal;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869), extract then expand, from Bouncy Castle. */
public final class Hkdf {
  /** The most output HKDF-SHA256 can give: 255 blocks of 32 bytes. */
  public static final int MAX_OUTPUT = 255 * 32;

  private Hkdf() {}

  /**
   * Derives {@code length} bytes.
   *
   * @param ikm the input keying material
   * @param salt the salt; {@code null} or empty means 32 zero bytes, as RFC 5869 says
   * @param info the context and application-specific information; {@code null} means empty
   * @throws IllegalArgumentException when {@code length} is negative or over {@link #MAX_OUTPUT}
   */
  public static byte[] deriveSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    if (length < 0 || length > MAX_OUTPUT) {
      throw new IllegalArgumentException("HKDF-SHA256 output must be 0.." + MAX_OUTPUT + " bytes, not " + length);
    }
    byte[] out = new byte[length];
    if (length == 0) {
      return out;
    }
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(ikm, salt, info));
    hkdf.generateBytes(out, 0, length);
    return out;
  }
}
