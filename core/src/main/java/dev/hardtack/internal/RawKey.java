package dev.hardtack.internal;

import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import javax.crypto.SecretKey;

/**
 * A raw key for a JCA cipher that is a view of the caller's array, not a copy: zeroing or overwriting the array
 * changes it. {@link #getEncoded()} hands out a fresh copy, as JCA expects, which the JDK's ciphers keep and
 * zero when re-keyed; {@code SecretKeySpec} would instead keep a copy of its own that nobody can wipe. Used by
 * {@link AesGcm}'s lanes and by {@link Csprng}'s keystream. The {@code Destroyable} methods keep their defaults
 * (the owner zeroes the array); identity equality only; not serializable.
 */
final class RawKey implements SecretKey {
  private static final long serialVersionUID = 1L;
  private final String algorithm;
  private final transient byte[] bytes;

  RawKey(String algorithm, byte[] bytes) {
    this.algorithm = algorithm;
    this.bytes = bytes;
  }

  @Override
  public String getAlgorithm() {
    return algorithm;
  }

  @Override
  public String getFormat() {
    return "RAW";
  }

  @Override
  public byte[] getEncoded() {
    return bytes.clone();
  }

  private void writeObject(ObjectOutputStream out) throws NotSerializableException {
    throw new NotSerializableException("key material is not serializable");
  }

  @Override
  public String toString() {
    return "RawKey[" + algorithm + ", <redacted>]";
  }
}
