package dev.hardtack.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 4231 section 4: HMAC-SHA256 test cases 1 to 7, through {@link HmacSha256}. */
class Rfc4231HmacSha256Test {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static byte[] repeat(int b, int n) {
    byte[] out = new byte[n];
    Arrays.fill(out, (byte) b);
    return out;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("1", repeat(0x0b, 20), "Hi There".getBytes(StandardCharsets.US_ASCII),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Arguments.of("2", "Jefe".getBytes(StandardCharsets.US_ASCII),
            "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Arguments.of("3", repeat(0xaa, 20), repeat(0xdd, 50),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Arguments.of("4", hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), repeat(0xcd, 50),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        // Test case 5 truncates the output to 128 bits.
        Arguments.of("5", repeat(0x0c, 20), "Test With Truncation".getBytes(StandardCharsets.US_ASCII),
            "a3b6167473100ee06e0c796c2955552b"),
        Arguments.of("6", repeat(0xaa, 131),
            "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Arguments.of("7", repeat(0xaa, 131),
            ("This is a test using a larger than block-size key and a larger than block-size data. The key needs"
                    + " to be hashed before being used by the HMAC algorithm.")
                .getBytes(StandardCharsets.US_ASCII),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"));
  }

  @ParameterizedTest(name = "RFC 4231 test case {0}")
  @MethodSource("cases")
  void compute_rfc4231Vector_matchesPublishedTag(String name, byte[] key, byte[] data, String tag) {
    byte[] expected = hex(tag);
    byte[] mac = new HmacSha256(key).compute(data);
    assertArrayEquals(expected, Arrays.copyOf(mac, expected.length));
  }

  @ParameterizedTest(name = "RFC 4231 test case {0}, offset input")
  @MethodSource("cases")
  void compute_inputAtOffset_matchesPublishedTag(String name, byte[] key, byte[] data, String tag) {
    byte[] expected = hex(tag);
    byte[] padded = new byte[data.length + 7];
    System.arraycopy(data, 0, padded, 3, data.length);
    byte[] out = new byte[40];
    new HmacSha256(key).compute(null, padded, 3, data.length, out, 5);
    assertArrayEquals(expected, Arrays.copyOfRange(out, 5, 5 + expected.length));
  }
}
