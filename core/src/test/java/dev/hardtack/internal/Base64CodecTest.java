package dev.hardtack.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Base64Codec} against the JDK's encoders, at every length up to 100 bytes, and with a wrong character at
 * every position: the strict decoder must agree with the JDK on canonical input and refuse everything else.
 */
class Base64CodecTest {
  private static final String URL_ONLY = "-_";
  private static final String STANDARD_ONLY = "+/";

  @Test
  void lengths_matchTheJdkForEveryLength() {
    for (int bytes = 0; bytes <= 100; bytes++) {
      int chars = Base64.getEncoder().withoutPadding().encodeToString(new byte[bytes]).length();
      assertEquals(chars, Base64Codec.encodedLength(bytes), "encodedLength(" + bytes + ")");
      assertEquals(bytes, Base64Codec.decodedLength(chars), "decodedLength(" + chars + ")");
    }
    for (int chars = 1; chars < 100; chars += 4) {
      assertEquals(-1, Base64Codec.decodedLength(chars), "no encoding has " + chars + " characters");
    }
  }

  @Test
  void roundTrip_everyLength_matchesTheJdk() {
    SplittableRandom r = new SplittableRandom(1);
    for (int n = 0; n <= 100; n++) {
      byte[] data = new byte[n];
      r.nextBytes(data);
      for (Base64Codec codec : Base64Codec.values()) {
        String text = codec.encode(data);
        Base64.Encoder jdk = codec == Base64Codec.URL ? Base64.getUrlEncoder() : Base64.getEncoder();
        assertEquals(jdk.withoutPadding().encodeToString(data), text);
        assertArrayEquals(data, codec.decode(text));
        assertTrue(canonical(codec, text, 0, text.length()));
        // Into the middle of a larger buffer, from the middle of a larger string.
        byte[] out = new byte[n + 5];
        assertEquals(n, codec.decode("##" + text + "##", 2, 2 + text.length(), out, 3));
        assertArrayEquals(data, Arrays.copyOfRange(out, 3, 3 + n));
        // Exactly enough room works; one byte less is refused.
        assertEquals(n, codec.decode(text, 0, text.length(), new byte[n + 1], 1));
        if (n > 0) {
          assertEquals(-1, codec.decode(text, 0, text.length(), new byte[n], 1));
        }
        assertEquals(codec.encode(data), codec.encode(out, 3, n));
      }
    }
  }

  @Test
  void decode_wrongCharacterAtEveryPosition_refused() {
    SplittableRandom r = new SplittableRandom(2);
    for (int n = 1; n <= 40; n++) {
      byte[] data = new byte[n];
      r.nextBytes(data);
      for (Base64Codec codec : Base64Codec.values()) {
        String text = codec.encode(data);
        String foreign = codec == Base64Codec.URL ? STANDARD_ONLY : URL_ONLY;
        for (int pos = 0; pos < text.length(); pos++) {
          // '\u0141' and '\u00c1' have the low 8 and the low 7 bits of 'A': a decoder that kept either would
          // take them for it.
          for (char bad : new char[] {foreign.charAt(0), foreign.charAt(1), '=', ' ', '\u0080', '\u00ff', '\u0100',
              '\ud800', (char) 127, (char) 0, '\u0141', '\u00c1', '\u00e1'}) {
            String broken = text.substring(0, pos) + bad + text.substring(pos + 1);
            assertNull(codec.decode(broken), codec + " accepted '" + bad + "' at " + pos + " of " + text);
            assertFalse(canonical(codec, broken, 0, broken.length()));
          }
        }
      }
    }
  }

  @Test
  void decode_nonCanonicalTrailingBits_refused() {
    for (Base64Codec codec : Base64Codec.values()) {
      // One byte: 2 characters, the last with 4 spare bits; two bytes: 3 characters, 2 spare bits.
      for (String s : new String[] {"QR", "QB", "QC", "QI", "QUF", "QUG", "QUH"}) {
        assertNull(codec.decode(s), s);
        assertFalse(canonical(codec, s, 0, s.length()), s);
      }
      for (String s : new String[] {"QQ", "QUE", "QUA", "QUFB"}) {
        assertTrue(canonical(codec, s, 0, s.length()), s);
        assertEquals(Base64Codec.decodedLength(s.length()), codec.decode(s).length, s);
      }
      assertFalse(canonical(codec, "QUFBQ", 0, 5)); // 5 characters: no encoding has that length
      assertTrue(canonical(codec, "", 0, 0));
    }
  }

  /** {@code s} as ASCII bytes, for the byte[] overloads that the token parsers use. */
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void decodeBytes_wrongCharacterAtEveryPosition_refused() {
    SplittableRandom r = new SplittableRandom(6);
    for (int n = 1; n <= 40; n++) {
      byte[] data = new byte[n];
      r.nextBytes(data);
      for (Base64Codec codec : Base64Codec.values()) {
        String text = codec.encode(data);
        byte[] out = new byte[n];
        assertEquals(n, codec.decode(ascii(text), 0, text.length(), out, 0));
        assertArrayEquals(data, out);
        String foreign = codec == Base64Codec.URL ? STANDARD_ONLY : URL_ONLY;
        for (int pos = 0; pos < text.length(); pos++) {
          // 0xc1 and 0xe1 are 'A' and 'a' with the top bit set: a table indexed by the low 7 bits would take them.
          for (char bad : new char[] {foreign.charAt(0), foreign.charAt(1), '=', ' ', '\u0080', '\u00ff', (char) 0,
              '\u00c1', '\u00e1'}) {
            byte[] broken = ascii(text.substring(0, pos) + bad + text.substring(pos + 1));
            assertEquals(-1, codec.decode(broken, 0, broken.length, new byte[n], 0),
                codec + " accepted '" + bad + "' at " + pos + " of " + text);
            assertFalse(codec.isCanonical(broken, 0, broken.length));
          }
        }
      }
    }
  }

  @Test
  void decodeBytes_nonCanonicalTrailingBits_refused() {
    for (Base64Codec codec : Base64Codec.values()) {
      for (String s : new String[] {"QR", "QB", "QC", "QI", "QUF", "QUG", "QUH", "QUFBQR", "QUFBQUG"}) {
        byte[] b = ascii(s);
        assertEquals(-1, codec.decode(b, 0, b.length, new byte[8], 0), s);
        assertFalse(codec.isCanonical(b, 0, b.length), s);
      }
      // The canonical neighbours decode to exactly the JDK's bytes.
      for (String s : new String[] {"QQ", "QUE", "QUA", "QUFB", "QUFBQQ", "QUFBQUE", "AAAA", "AA", "AAA", ""}) {
        byte[] b = ascii(s);
        byte[] out = new byte[Base64Codec.decodedLength(s.length())];
        assertEquals(out.length, codec.decode(b, 0, b.length, out, 0), s);
        assertArrayEquals(Base64.getDecoder().decode(s), out, s);
        assertTrue(codec.isCanonical(b, 0, b.length), s);
      }
      assertFalse(codec.isCanonical(ascii("QUFBQ"), 0, 5));
    }
  }

  @Test
  void decodeBytes_outputRoomExactlyEnough_decodedOneByteShort_refused() {
    byte[] in = ascii("##QUFBQUE##"); // "AAAAA" from offset 2, 7 characters
    byte[] out = new byte[1 + 5];
    assertEquals(5, Base64Codec.URL.decode(in, 2, 9, out, 1));
    assertArrayEquals(ascii("AAAAA"), Arrays.copyOfRange(out, 1, 6));
    assertEquals(-1, Base64Codec.URL.decode(in, 2, 9, new byte[5], 1));
    assertEquals(-1, Base64Codec.URL.decode(in, 2, 9, new byte[4], 0));
  }

  @Test
  void isCanonical_rangeNotAtTheStart_judgesOnlyTheRange() {
    for (Base64Codec codec : Base64Codec.values()) {
      // From offset 1: the range's own length decides, not the string's.
      assertTrue(canonical(codec, "#QQ", 1, 3));
      assertFalse(canonical(codec, "#QR", 1, 3));
      assertTrue(canonical(codec, "#QUE", 1, 4));
      assertFalse(canonical(codec, "#QUF", 1, 4));
      assertFalse(canonical(codec, "#QUFBQ", 1, 6));
      assertTrue(canonical(codec, "#QUFB#", 1, 5));
      assertTrue(codec.isCanonical(ascii("#QQ"), 1, 3));
      assertFalse(codec.isCanonical(ascii("#QR"), 1, 3));
      assertFalse(codec.isCanonical(ascii("#QUF"), 1, 4));
      assertFalse(codec.isCanonical(ascii("#QUFBQ"), 1, 6));
    }
  }

  @Test
  void encodeBytes_inPlaceFromTheEndOfTheBuffer_matchesTheJdk() {
    // SessionIdGenerator's layout: n bytes at offset encodedLength(n) - n, encoded over themselves from offset 0.
    SplittableRandom r = new SplittableRandom(7);
    for (int n = 0; n <= 100; n++) {
      byte[] data = new byte[n];
      r.nextBytes(data);
      for (Base64Codec codec : Base64Codec.values()) {
        int chars = Base64Codec.encodedLength(n);
        byte[] buf = new byte[chars];
        System.arraycopy(data, 0, buf, chars - n, n);
        assertEquals(chars, codec.encode(buf, chars - n, n, buf, 0));
        assertEquals(codec.encode(data), new String(buf, StandardCharsets.US_ASCII), codec + ", " + n + " bytes");
      }
    }
  }

  @Test
  void encodeRange_fromTheStartOrToTheEnd_encodesOnlyTheRange() {
    byte[] data = {1, 2, 3, 4, 5};
    for (Base64Codec codec : Base64Codec.values()) {
      Base64.Encoder jdk = (codec == Base64Codec.URL ? Base64.getUrlEncoder() : Base64.getEncoder()).withoutPadding();
      assertEquals(jdk.encodeToString(new byte[] {1, 2}), codec.encode(data, 0, 2));
      assertEquals(jdk.encodeToString(new byte[] {2, 3, 4, 5}), codec.encode(data, 1, 4));
      assertEquals(jdk.encodeToString(data), codec.encode(data, 0, 5));
      assertEquals("", codec.encode(data, 5, 0));
    }
  }

  /**
   * {@link Base64Codec#isCanonical(byte[], int, int)} of a string's characters, copied as the token formats copy
   * them (a character outside ASCII becomes a byte outside every alphabet): the one canonical check, for strings.
   */
  private static boolean canonical(Base64Codec codec, String s, int from, int to) {
    byte[] b = new byte[s.length()];
    for (int i = 0; i < b.length; i++) {
      char c = s.charAt(i);
      b[i] = c < 0x80 ? (byte) c : (byte) 0x80;
    }
    return codec.isCanonical(b, from, to);
  }
}
