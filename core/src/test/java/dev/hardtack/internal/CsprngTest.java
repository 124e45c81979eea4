package dev.hardtack.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

class CsprngTest {

  @Test
  void keystream_rfc8439AppendixA1ZeroKey_matchesVectors() {
    // RFC 8439 appendix A.1, test vectors #1 and #2: key and nonce all zero, block counters 0 and 1.
    byte[] out = new byte[Csprng.BLOCKS * 64];
    Csprng.Keystream keystream = new Csprng.Keystream(new byte[32]);
    keystream.rekey();
    keystream.next(out);
    byte[] expected = HexFormat.of().parseHex(
        "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
            + "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"
            + "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
            + "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f");
    assertArrayEquals(expected, Arrays.copyOf(out, 128));
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

  @Test
  void keystream_randomKeys_matchesBouncyCastlesChaCha20() {
    // Bouncy Castle's RFC 8439 engine is an implementation independent of the JDK's, which Keystream drives.
    SplittableRandom r = new SplittableRandom(8439);
    byte[] key = new byte[32];
    Csprng.Keystream keystream = new Csprng.Keystream(key);
    for (int round = 0; round < 20; round++) {
      r.nextBytes(key);
      keystream.rekey();
      byte[] out = new byte[Csprng.BLOCKS * 64];
      keystream.next(out);
      assertArrayEquals(bouncyCastleChaCha20(key, out.length), out);
    }
  }

  @Test
  void refill_afterAFirstDraw_outputsChaCha20UnderTheKeyItReplacesAndKeepsItsFirst32BytesAsTheNextKey() {
    // Fast key erasure, step by step: the refill after a key K outputs ChaCha20(K) from byte 32 of block 0, and
    // the next key is ChaCha20(K)'s first 32 bytes. This needs the cipher re-keyed with K when K became the key:
    // left keyed with the key before, it would go on with that key's later blocks.
    Csprng g = Csprng.newForTest();
    draw(g, 16);
    byte[] key = g.keyForTest();
    draw(g, Csprng.BLOCKS * 64 - 32 - 16);
    byte[] out = draw(g, Csprng.BLOCKS * 64 - 32);
    byte[] expected = bouncyCastleChaCha20(key, Csprng.BLOCKS * 64);
    assertArrayEquals(Arrays.copyOfRange(expected, 32, expected.length), out);
    assertArrayEquals(Arrays.copyOf(expected, 32), g.keyForTest());
  }

  @Test
  void fill_handedOutBytes_zeroedInTheBufferAndTheRestUntouched() {
    // Backtracking resistance within one refill: what was handed out is gone from the buffer at once; the next
    // key's 32 bytes are zero too, and what is still to be handed out is not.
    Csprng g = Csprng.newForTest();
    byte[] out = draw(g, 100);
    byte[] buf = g.bufferForTest();
    assertArrayEquals(new byte[32 + out.length], Arrays.copyOf(buf, 32 + out.length));
    int zeros = 0;
    for (int i = 32 + out.length; i < buf.length; i++) {
      zeros += buf[i] == 0 ? 1 : 0;
    }
    assertFalse(zeros > 20, zeros + " zero bytes among the ones still to be handed out");
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

  @Test
  void system_coresOnlySecureRandom_noOtherMainClassMakesOne() throws IOException {
    // Issue 15: one source of randomness for core's main code; every other class draws from Csprng.
    Path main = Path.of(System.getProperty("basedir", ".")).resolve("src/main/java");
    List<String> makers;
    try (Stream<Path> files = Files.walk(main)) {
      makers = files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> {
            try {
              String code = Files.readString(f, StandardCharsets.UTF_8);
              return code.contains("new SecureRandom(") || code.contains("SecureRandom.getInstance");
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          })
          .map(f -> f.getFileName().toString())
          .sorted()
          .collect(Collectors.toList());
    }
    assertEquals(List.of("Csprng.java"), makers);
    assertSame(Csprng.system(), Csprng.system());
  }

  /** {@code n} bytes drawn from {@code g}. */
  private static byte[] draw(Csprng g, int n) {
    byte[] out = new byte[n];
    g.fill(out, 0, n);
    return out;
  }

  /** The first {@code length} bytes of ChaCha20 under {@code key}, nonce zero, from Bouncy Castle's engine. */
  private static byte[] bouncyCastleChaCha20(byte[] key, int length) {
    ChaCha7539Engine bc = new ChaCha7539Engine();
    bc.init(true, new ParametersWithIV(new KeyParameter(key), new byte[12]));
    byte[] out = new byte[length];
    bc.processBytes(new byte[length], 0, length, out, 0);
    return out;
  }
}
