package dev.hardtack.internal;

import java.security.MessageDigest;

/**
 * The one place where Hardtack compares tags, MACs and secrets.
 *
 * <p>Every comparison of authentication tags in the library goes through {@link #equal(byte[], byte[])}, which
 * delegates to {@link MessageDigest#isEqual(byte[], byte[])}: since JDK 6u17 it examines every byte whatever
 * the contents, and it returns {@code false} at once only when the lengths differ, which are public here.
 */
public final class ConstantTime {
  private ConstantTime() {}

  /**
   * Compares two byte arrays in time that depends only on their lengths.
   *
   * @return {@code true} when both are non-null, of equal length, and equal byte for byte
   */
  public static boolean equal(byte[] expected, byte[] actual) {
    if (expected == null || actual == null) {
      return false;
    }
    return MessageDigest.isEqual(expected, actual);
  }
}
