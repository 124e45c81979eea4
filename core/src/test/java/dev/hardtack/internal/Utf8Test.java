package dev.hardtack.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8} at every boundary of the encoding: the last and first code point of each sequence length, the
 * overlong forms just below them, surrogates paired and unpaired, and sequences cut short. Inputs are decoded
 * from the middle of a larger array whose neighbouring bytes are continuation bytes, so that reading one byte
 * past the range would change the result.
 */
class Utf8Test {
  private static final HexFormat HEX = HexFormat.of();

  /** Well-formed strings at the edges of the 1-, 2-, 3- and 4-byte forms, with their UTF-8 in hex. */
  private static final String[][] WELL_FORMED = {
      {"", ""},
      {"\u0000", "00"},
      {"\u007f", "7f"},
      {"\u0080", "c280"},
      {"\u07ff", "dfbf"},
      {"\u0800", "e0a080"},
      {"\ud7ff", "ed9fbf"},
      {"\ue000", "ee8080"},
      {"\uffff", "efbfbf"},
      {"\ud800\udc00", "f0908080"}, // U+10000
      {"\udbff\udfff", "f48fbfbf"}, // U+10FFFF
      {"\ud83c\udf6a", "f09f8daa"}, // U+1F36A
      {"a\u00e9\u20ac\ud83c\udf6az", "61c3a9e282acf09f8daa7a"},
  };

  /** Strings with unpaired surrogates: their WTF-8, then what Node writes. */
  private static final String[][] ILL_FORMED = {
      {"\ud800", "eda080", "efbfbd"},
      {"\udfff", "edbfbf", "efbfbd"},
      {"a\ud800", "61eda080", "61efbfbd"}, // a high surrogate at the very end
      {"\ud800a", "eda08061", "efbfbd61"}, // a high surrogate before a non-surrogate
      {"\udc00\ud800", "edb080eda080", "efbfbdefbfbd"}, // low then high: not a pair
      {"\ud800\ud800\udc00", "eda080f0908080", "efbfbdf0908080"},
  };

  /** {@code bytes} inside a larger array, between continuation bytes, decoded from offset 2. */
  private static String decodeEmbedded(byte[] bytes) {
    byte[] b = new byte[bytes.length + 4];
    b[0] = (byte) 0x80;
    b[1] = (byte) 0xbf;
    System.arraycopy(bytes, 0, b, 2, bytes.length);
    b[b.length - 2] = (byte) 0x80;
    b[b.length - 1] = (byte) 0x80;
    return Utf8.decodeWtf8(b, 2, bytes.length);
  }

  @Test
  void encodeWtf8_wellFormedStrings_exactlyUtf8() {
    for (String[] c : WELL_FORMED) {
      byte[] expected = HEX.parseHex(c[1]);
      assertArrayEquals(expected, Utf8.encodeWtf8(c[0]), c[1]);
      assertArrayEquals(expected, Utf8.encodeLikeNode(c[0]), c[1]);
      assertArrayEquals(c[0].getBytes(StandardCharsets.UTF_8), expected, c[1]);
      assertEquals(expected.length, Utf8.encodedLength(c[0]), c[1]);
    }
  }

  @Test
  void encode_unpairedSurrogates_wtf8KeepsThemNodeReplacesThem() {
    for (String[] c : ILL_FORMED) {
      assertArrayEquals(HEX.parseHex(c[1]), Utf8.encodeWtf8(c[0]), c[1]);
      assertArrayEquals(HEX.parseHex(c[2]), Utf8.encodeLikeNode(c[0]), c[2]);
      assertEquals(HEX.parseHex(c[1]).length, Utf8.encodedLength(c[0]), c[1]);
    }
  }

  @Test
  void decodeWtf8_everyEncodedString_roundTripsWithinItsRange() {
    for (String[][] table : new String[][][] {WELL_FORMED, ILL_FORMED}) {
      for (String[] c : table) {
        assertEquals(c[0], decodeEmbedded(HEX.parseHex(c[1])), c[1]);
      }
    }
    // Every code unit, one at a time, paired or not.
    for (int cu = 0; cu <= 0xffff; cu++) {
      String s = String.valueOf((char) cu);
      assertEquals(s, decodeEmbedded(Utf8.encodeWtf8(s)), Integer.toHexString(cu));
    }
  }

  @Test
  void decodeWtf8_asciiRange_copiedFromTheOffset() {
    byte[] b = "xxhello!".getBytes(StandardCharsets.US_ASCII);
    assertEquals("hello", Utf8.decodeWtf8(b, 2, 5));
    assertEquals("", Utf8.decodeWtf8(b, 3, 0));
    // A non-ASCII byte just outside the range does not send the range down the slow path wrongly.
    byte[] c = {(byte) 0xc3, 'a', 'b', (byte) 0xa9};
    assertEquals("ab", Utf8.decodeWtf8(c, 1, 2));
  }

  @Test
  void decodeWtf8_notWtf8_null() {
    for (String hex : new String[] {
        "80", "bf", // a continuation byte alone
        "c080", "c1bf", // overlong 2-byte forms (0xc0 and 0xc1 never start a sequence)
        "e08080", "e09fbf", // overlong 3-byte forms, just below U+0800
        "f08080bf", "f08fbfbf", // overlong 4-byte forms, just below U+10000
        "f4908080", // above U+10FFFF
        "f5808080", "f8808080", "ff", // lead bytes that never occur
        "c2", "c241", "c2c2", // a 2-byte sequence cut short or broken
        "e0a0", "e0a041", "e041a0", // a 3-byte sequence cut short or broken
        "f09080", "f0908041", "f0904180", "f0419080", // a 4-byte sequence cut short or broken
        "61c2", "61e0a0", "61f09080", // the same after ASCII: the range ends mid-sequence
        "eda080edb080", "eda0bdedb880", "edafbfedbfbf", // CESU-8: a surrogate pair in two 3-byte sequences
        "61eda0bdedb88062", "f09f9880eda0bdedb880", // the same among other characters
    }) {
      assertNull(decodeEmbedded(HEX.parseHex(hex)), hex);
    }
  }

  @Test
  void decodeWtf8_firstCodePointOfEachLength_accepted() {
    assertEquals("\u0080", decodeEmbedded(HEX.parseHex("c280")));
    assertEquals("\u07ff", decodeEmbedded(HEX.parseHex("dfbf")));
    assertEquals("\u0800", decodeEmbedded(HEX.parseHex("e0a080")));
    assertEquals("\uffff", decodeEmbedded(HEX.parseHex("efbfbf")));
    assertEquals("\ud800\udc00", decodeEmbedded(HEX.parseHex("f0908080")));
    assertEquals("\udbff\udfff", decodeEmbedded(HEX.parseHex("f48fbfbf")));
    assertEquals("\ud800", decodeEmbedded(HEX.parseHex("eda080"))); // WTF-8 keeps a lone surrogate
  }

  @Test
  void decodeStrict_wellFormedOnly() {
    byte[] b = HEX.parseHex("41c3a942");
    assertEquals("\u00e9", Utf8.decodeStrict(b, 1, 2));
    assertEquals("A\u00e9B", Utf8.decodeStrict(b, 0, 4));
    assertNull(Utf8.decodeStrict(b, 1, 1)); // cut short
    assertNull(Utf8.decodeStrict(HEX.parseHex("eda080"), 0, 3)); // a surrogate is not UTF-8
    assertNull(Utf8.decodeStrict(HEX.parseHex("c080"), 0, 2));
  }

  @Test
  void isWellFormed_pairsOnly() {
    assertTrue(Utf8.isWellFormed(""));
    assertTrue(Utf8.isWellFormed("abc\u00e9\uffff"));
    assertTrue(Utf8.isWellFormed("\ud800\udc00"));
    assertTrue(Utf8.isWellFormed("a\udbff\udfffb"));
    assertFalse(Utf8.isWellFormed("\ud800"));
    assertFalse(Utf8.isWellFormed("a\ud800"));
    assertFalse(Utf8.isWellFormed("\ud800a"));
    assertFalse(Utf8.isWellFormed("\udc00"));
    assertFalse(Utf8.isWellFormed("a\udc00b"));
    assertFalse(Utf8.isWellFormed("\udc00\ud800"));
    assertFalse(Utf8.isWellFormed("\ud800\udc00\udc00"));
  }
}
