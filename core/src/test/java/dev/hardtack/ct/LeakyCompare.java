package dev.hardtack.ct;

import dev.hardtack.internal.Base64Codec;
import dev.hardtack.internal.HmacSha256;

/**
 * The positive control for {@link DudectCheck}: the comparison Hardtack must never use. It returns at the first
 * byte that differs, so it takes longer the more leading bytes of a forged tag are right, which lets an attacker
 * find a valid tag byte by byte. The harness must flag it; if it does not, the harness has no power.
 */
final class LeakyCompare {
  private LeakyCompare() {}

  /** Byte by byte, returning at the first difference. Deliberately not constant time. */
  static boolean equal(byte[] a, byte[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  /** How {@link #verifySigned} compares the two tags. */
  interface Comparison {
    boolean equal(byte[] expected, byte[] given);
  }

  /**
   * Checks an {@code s1} token's tag the way a naive library would: same HMAC input as Hardtack (name binding,
   * then the token up to and including the last dot), then {@link #equal}. Only for the timing harness.
   */
  static boolean verifySigned(HmacSha256 mac, byte[] nameBinding, String token, byte[] scratch, byte[] given,
      byte[] expected) {
    return verifySigned(mac, nameBinding, token, scratch, given, expected, LeakyCompare::equal);
  }

  /**
   * The same tag check with the comparison given: with {@code ConstantTime::equal} it is the decision Hardtack's
   * verify makes, without the parsing around it and the result it builds afterwards.
   */
  static boolean verifySigned(HmacSha256 mac, byte[] nameBinding, String token, byte[] scratch, byte[] given,
      byte[] expected, Comparison comparison) {
    int tagStart = token.length() - 43;
    if (Base64Codec.URL.decode(token, tagStart, token.length(), given, 0) != 32) {
      return false;
    }
    System.arraycopy(nameBinding, 0, scratch, 0, nameBinding.length);
    for (int i = 0; i < tagStart; i++) {
      scratch[nameBinding.length + i] = (byte) token.charAt(i);
    }
    mac.compute(null, scratch, 0, nameBinding.length + tagStart, expected, 0);
    return comparison.equal(expected, given);
  }
}
