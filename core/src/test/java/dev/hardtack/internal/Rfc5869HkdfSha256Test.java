package dev.hardtack.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 5869 appendix A: the HKDF-SHA256 test cases 1 to 3, through {@link Hkdf}. */
class Rfc5869HkdfSha256Test {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("A.1", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c",
            "f0f1f2f3f4f5f6f7f8f9", 42,
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
        Arguments.of("A.2",
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
                + "303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f",
            "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f"
                + "909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
            "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
                + "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
            82,
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09"
                + "da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"),
        Arguments.of("A.3", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"));
  }

  @ParameterizedTest(name = "RFC 5869 {0}")
  @MethodSource("cases")
  void deriveSha256_rfc5869Vector_matchesPublishedOkm(String name, String ikm, String salt, String info, int length,
      String okm) {
    assertArrayEquals(hex(okm), Hkdf.deriveSha256(hex(ikm), hex(salt), hex(info), length));
  }

  @Test
  void deriveSha256_lengthOverLimit_throws() {
    assertThrows(IllegalArgumentException.class, () -> Hkdf.deriveSha256(new byte[32], null, null, 255 * 32 + 1));
  }

  @Test
  void deriveSha256_outputLengthsAtTheirBounds_zeroToMaxAndNoMore() {
    byte[] ikm = new byte[32];
    new SplittableRandom(6).nextBytes(ikm);
    assertEquals(0, Hkdf.deriveSha256(ikm, null, null, 0).length);
    byte[] max = Hkdf.deriveSha256(ikm, null, null, Hkdf.MAX_OUTPUT);
    assertEquals(8160, max.length);
    assertArrayEquals(Hkdf.deriveSha256(ikm, null, null, 32), Arrays.copyOf(max, 32));
    assertThrows(IllegalArgumentException.class, () -> Hkdf.deriveSha256(ikm, null, null, Hkdf.MAX_OUTPUT + 1));
    assertThrows(IllegalArgumentException.class, () -> Hkdf.deriveSha256(ikm, null, null, -1));
  }
}
