package dev.hardtack.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link ConstantTime#equal}: nulls and lengths, the cases its callers rely on being false. */
class ConstantTimeEdgesTest {
  @Test
  void constantTime_nullsAndLengths() {
    byte[] a = {1, 2, 3};
    assertFalse(ConstantTime.equal(null, a));
    assertFalse(ConstantTime.equal(a, null));
    assertFalse(ConstantTime.equal(null, null));
    assertFalse(ConstantTime.equal(a, new byte[] {1, 2}));
    assertFalse(ConstantTime.equal(a, new byte[] {1, 2, 4}));
    assertTrue(ConstantTime.equal(a, a.clone()));
    assertTrue(ConstantTime.equal(new byte[0], new byte[0]));
  }
}
