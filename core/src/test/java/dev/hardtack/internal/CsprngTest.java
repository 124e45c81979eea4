package dev.hardtack.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

class CsprngTest {

  @Test
  void block_rfc8439Section2_3_2_matchesVector() {
    int[] key = new int[8];
    for (int i = 0; i < 8; i++) {
      int b = i * 4;
      key[i] = b | (b + 1) << 8 | (b + 2) << 16 | (b + 3) << 24;
    }
    byte[] out = new byte[64];
    // nonce 00:00:00:09:00:00:00:4a:00:00:00:00, counter 1
    Csprng.block(key, 1, 0x09000000, 0x4a000000, 0, out, 0);
    byte[] expected = HexFormat.of().parseHex(
        "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
            + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
    assertArrayEquals(expected, out);
  }

  @Test
  void nextBytes_manyDraws_neverRepeatAcrossRefills() {
    Set<String> seen = new HashSet<>();
    byte[] b = new byte[16];
    for (int i = 0; i < 20_000; i++) {
      Csprng.nextBytes(b);
      assertFalse(!seen.add(HexFormat.of().formatHex(b)), "repeated output at draw " + i);
    }
  }

  @Test
  void nextBytes_largerThanBuffer_fillsEveryByte() {
    byte[] big = new byte[Csprng.BLOCKS * 64 * 5 + 13];
    Csprng.nextBytes(big);
    int zeros = 0;
    for (byte x : big) {
      zeros += x == 0 ? 1 : 0;
    }
    // About length / 256 zero bytes are expected; a block left unfilled would show as 64 or more.
    assertFalse(zeros > big.length / 256 + 40, zeros + " zero bytes");
  }

  @Test
  void nextBytes_range_writesOnlyTheRange() {
    byte[] b = new byte[64];
    Arrays.fill(b, (byte) 7);
    Csprng.nextBytes(b, 8, 0);
    Csprng.nextBytes(b, 60, 4);
    for (int i = 0; i < 60; i++) {
      assertEquals(7, b[i]);
    }
    assertThrows(IndexOutOfBoundsException.class, () -> Csprng.nextBytes(b, 62, 4));
  }

  @Test
  void nextBytes_bitBalance_closeToHalf() {
    byte[] b = new byte[1 << 16];
    Csprng.nextBytes(b);
    long ones = 0;
    for (byte x : b) {
      ones += Integer.bitCount(x & 0xff);
    }
    double ratio = ones / (b.length * 8.0);
    // 524288 bits: the standard deviation of the ratio is about 0.0007.
    assertFalse(Math.abs(ratio - 0.5) > 0.005, "ratio " + ratio);
  }

  private static int le(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
  }

  @Test
  void block_everyNonceWordAndCounter_matchesBouncyCastlesChaCha20() {
    // RFC 8439's vector has a zero third nonce word; here all three are non-zero, and the block lands mid-array.
    SplittableRandom r = new SplittableRandom(8439);
    for (int round = 0; round < 20; round++) {
      byte[] keyBytes = new byte[32];
      byte[] nonce = new byte[12];
      r.nextBytes(keyBytes);
      r.nextBytes(nonce);
      int counter = r.nextInt(1, 50);
      ChaCha7539Engine bc = new ChaCha7539Engine();
      bc.init(true, new ParametersWithIV(
          new KeyParameter(keyBytes), nonce));
      byte[] stream = new byte[64 * (counter + 1)];
      bc.processBytes(new byte[stream.length], 0, stream.length, stream, 0);
      int[] key = new int[8];
      for (int i = 0; i < 8; i++) {
        key[i] = le(keyBytes, 4 * i);
      }
      byte[] out = new byte[64 + 10];
      Csprng.block(key, counter, le(nonce, 0), le(nonce, 4), le(nonce, 8), out, 5);
      assertArrayEquals(Arrays.copyOfRange(stream, 64 * counter, 64 * counter + 64), Arrays.copyOfRange(out, 5, 69));
      assertArrayEquals(new byte[5], Arrays.copyOfRange(out, 0, 5));
      assertArrayEquals(new byte[5], Arrays.copyOfRange(out, 69, 74));
    }
  }

  @Test
  void nextBytes_rangePastTheEnd_refusedBeforeWriting() {
    byte[] b = new byte[64];
    Arrays.fill(b, (byte) 7);
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> Csprng.nextBytes(b, 62, 4));
    assertEquals(IndexOutOfBoundsException.class, e.getClass());
    assertEquals("off 62, len 4, length 64", e.getMessage());
    assertEquals(IndexOutOfBoundsException.class,
        assertThrows(IndexOutOfBoundsException.class, () -> Csprng.nextBytes(b, -1, 4)).getClass());
    assertEquals(IndexOutOfBoundsException.class,
        assertThrows(IndexOutOfBoundsException.class, () -> Csprng.nextBytes(b, 0, -1)).getClass());
    byte[] sevens = new byte[64];
    Arrays.fill(sevens, (byte) 7);
    assertArrayEquals(sevens, b);
  }

  @Test
  void reseedAll_afterASnapshotIsRestoredTwice_theCopiesDiverge() {
    // A VM snapshot copies the generator's key and buffer: two processes restored from it draw the same bytes.
    byte[] warm = new byte[100];
    Csprng.nextBytes(warm); // the thread's generator exists and holds buffered output
    Csprng original = Csprng.current();
    Csprng copy = original.cloneForTest();
    byte[] a = new byte[64];
    byte[] b = new byte[64];
    original.fill(a, 0, a.length);
    copy.fill(b, 0, b.length);
    assertArrayEquals(a, b, "a restored copy repeats the original's output");
    // After reseedAll, each draws fresh bytes from the OS before its next output, so the two diverge at once,
    // within what was buffered before.
    Csprng.reseedAll();
    original.fill(a, 0, a.length);
    copy.fill(b, 0, b.length);
    assertFalse(Arrays.equals(a, b), "the copies still agree after reseedAll");
  }

  @Test
  void reseedAll_withoutARestore_outputStaysDistinct() {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    Csprng.nextBytes(a);
    Csprng.reseedAll();
    Csprng.nextBytes(b);
    assertFalse(Arrays.equals(a, b));
  }
}
