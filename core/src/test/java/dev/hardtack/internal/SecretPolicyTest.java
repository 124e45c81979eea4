package dev.hardtack.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SecretPolicy} at the edge of each of its rules: the length, the period (up to half the secret), the
 * repeated 12-byte run (in the first 256 bytes) and the entropy floor, each checked by the message that names
 * the rule, so that a secret refused by the wrong rule does not pass for a secret refused by the right one.
 */
class SecretPolicyTest {
  private static final String PATTERN = "repeated pattern";
  private static final String VARIETY = "too little variety";

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private static void refused(byte[] secret, String because) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SecretPolicy.requireStrong(secret));
    assertTrue(e.getMessage().contains(because), e.getMessage());
  }

  @Test
  void requireStrong_lengthAtTheMinimum_acceptedOneShort_refused() {
    SecretPolicy.requireStrong(random(SecretPolicy.MIN_LENGTH, 1));
    refused(random(SecretPolicy.MIN_LENGTH - 1, 1), "at least 32 bytes");
    assertThrows(NullPointerException.class, () -> SecretPolicy.requireStrong(null));
  }

  @Test
  void requireStrong_periodExactlyHalfTheSecret_refused() {
    // 600 bytes: a random 300-byte block twice. No 12-byte run repeats within the first 256 bytes, so only the
    // period rule can see it.
    byte[] block = random(300, 2);
    byte[] s = new byte[600];
    System.arraycopy(block, 0, s, 0, 300);
    System.arraycopy(block, 0, s, 300, 300);
    refused(s, PATTERN);
    // The same with its very last byte changed is not periodic, and is accepted.
    s[599] ^= 1;
    SecretPolicy.requireStrong(s);
    // ...and with its first byte after the period changed, too.
    s[599] ^= 1;
    s[300] ^= 1;
    SecretPolicy.requireStrong(s);
  }

  @Test
  void requireStrong_twelveByteRunRepeatedAtTheVeryEnd_refused() {
    byte[] s = random(32, 3);
    System.arraycopy(s, 0, s, 20, 12); // bytes 20..31 repeat bytes 0..11
    refused(s, PATTERN);
    // Eleven repeated bytes are not a run.
    byte[] t = random(32, 3);
    System.arraycopy(t, 0, t, 21, 11);
    SecretPolicy.requireStrong(t);
  }

  @Test
  void requireStrong_runRepeatedOnlyAfterByte256_accepted_endingAt256_refused() {
    byte[] s = random(300, 4);
    System.arraycopy(s, 0, s, 250, 12); // ends at 262: outside the window
    SecretPolicy.requireStrong(s);
    byte[] t = random(300, 4);
    System.arraycopy(t, 0, t, 244, 12); // ends exactly at 256: inside
    refused(t, PATTERN);
  }

  @Test
  void requireStrong_fewDistinctBytes_refusedForVariety() {
    // 40 bytes drawn from 5 values: at most log2(5) = 2.3 bits a byte; no repeated period or 12-byte run.
    byte[] s = new byte[40];
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < s.length; i++) {
      s[i] = (byte) ('a' + r.nextInt(5));
    }
    refused(s, VARIETY);
  }

  @Test
  void requireStrong_sixteenValuesTwiceEachShuffled_accepted() {
    // Exactly 4 bits a byte, above the floor of 3; arranged so that nothing repeats.
    byte[] s = new byte[32];
    for (int i = 0; i < 16; i++) {
      s[i] = (byte) i;
      s[31 - i] = (byte) (i * 7 % 16);
    }
    SecretPolicy.requireStrong(s);
  }
}
