package dev.hardtack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConstantTimeTest {
  @Test
  void equal_everyLengthAndEveryFlippedBit_agreesWithArraysEquals() {
    SplittableRandom r = new SplittableRandom(5);
    for (int n = 0; n <= 40; n++) {
      byte[] a = new byte[n];
      r.nextBytes(a);
      assertTrue(ConstantTime.equal(a, a.clone()), "length " + n);
      for (int i = 0; i < n; i++) {
        for (int bit = 0; bit < 8; bit++) {
          byte[] b = a.clone();
          b[i] ^= (byte) (1 << bit);
          assertFalse(ConstantTime.equal(a, b), "length " + n + ", byte " + i + ", bit " + bit);
        }
      }
    }
  }

  @Test
  void equal_nullOrDifferentLengths_false() {
    assertFalse(ConstantTime.equal(null, new byte[1]));
    assertFalse(ConstantTime.equal(new byte[1], null));
    assertFalse(ConstantTime.equal(new byte[8], new byte[9]));
    assertEquals(Arrays.equals(new byte[0], new byte[0]), ConstantTime.equal(new byte[0], new byte[0]));
  }

  /** The cases the callers of {@link ConstantTime#equal} rely on being false: nulls and lengths. */
  @Test
  void equal_nullsAndLengths_trueOnlyForEqualContents() {
    byte[] a = {1, 2, 3};
    assertFalse(ConstantTime.equal(null, a));
    assertFalse(ConstantTime.equal(a, null));
    assertFalse(ConstantTime.equal(null, null));
    assertFalse(ConstantTime.equal(a, new byte[] {1, 2}));
    assertFalse(ConstantTime.equal(a, new byte[] {1, 2, 4}));
    assertTrue(ConstantTime.equal(a, a.clone()));
    assertTrue(ConstantTime.equal(new byte[0], new byte[0]));
  }

  @Test
  void equalRange_everyOffsetLengthAndFlippedBit_agreesWithArraysEquals() {
    SplittableRandom r = new SplittableRandom(7);
    for (int n = 0; n <= 45; n++) {
      byte[] a = new byte[n + 5];
      r.nextBytes(a);
      for (int aOff = 0; aOff <= 5; aOff += 5) {
        int bOff = r.nextInt(4);
        byte[] b = new byte[bOff + n + r.nextInt(3)];
        r.nextBytes(b);
        System.arraycopy(a, aOff, b, bOff, n);
        assertTrue(ConstantTime.equal(a, aOff, b, bOff, n), "length " + n);
        for (int i = 0; i < n; i++) {
          int bit = r.nextInt(8);
          b[bOff + i] ^= (byte) (1 << bit);
          assertFalse(ConstantTime.equal(a, aOff, b, bOff, n), "length " + n + ", byte " + i);
          b[bOff + i] ^= (byte) (1 << bit);
        }
      }
    }
  }

  @Test
  void equalRange_nullsNegativesAndRangesPastTheEnd_false() {
    byte[] a = new byte[8];
    assertFalse(ConstantTime.equal(null, 0, a, 0, 1));
    assertFalse(ConstantTime.equal(a, 0, null, 0, 1));
    assertFalse(ConstantTime.equal(a, 0, a, 0, -1));
    assertFalse(ConstantTime.equal(a, -1, a, 0, 1));
    assertFalse(ConstantTime.equal(a, 0, a, -1, 1));
    assertFalse(ConstantTime.equal(a, 1, a, 0, 8));
    assertFalse(ConstantTime.equal(a, 0, a, 1, 8));
    assertFalse(ConstantTime.equal(a, Integer.MAX_VALUE, a, 0, 8));
    assertTrue(ConstantTime.equal(a, 8, a, 0, 0));
    assertTrue(ConstantTime.equal(a, 0, a, 0, 8));
  }
}
