package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The edges of the token header that both formats share: its parser, its length and its writer, tested on the
 * package-private formats directly (without verify's catch-all) where that is the only way to tell a boundary from
 * its neighbour. Written to kill the mutants PIT found alive; each test states the rule it pins.
 */
class TokenFormatTest {
  /** The name binding of the cookie name {@code sid}, which the format tests seal and open under. */
  static final byte[] NAME = CookieCodec.nameBinding("sid");
  /** A time policy that accepts any time, so that a format test sees only the format. */
  static final TokenFormat.TimePolicy ANY_TIME = (v, iat) -> null;

  /**
   * Both formats read a token as bytes: for a plain and an encoded value, every character of the codec's cookie,
   * replaced by a character with its low 8 bits ({@code 0x100 | c}), one with its low 7 ({@code 0x80 | c}) or
   * by {@code '?'} (what the byte copy makes of a character above U+00FF), must make the cookie MALFORMED.
   */
  static void assertEverySubstitutionMalformed(CookieCodec codec) {
    for (String v : new String[] {"q3V0m1cJ8c9D1u0l-5xL0t0hN9rQ2wZk", "h\u00e9llo"}) {
      String cookie = codec.sign(v);
      for (int i = 0; i < cookie.length(); i++) {
        char c = cookie.charAt(i);
        for (char bad : new char[] {(char) (0x100 | c), (char) (0x80 | c), '?'}) {
          String t = cookie.substring(0, i) + bad + cookie.substring(i + 1);
          assertEquals(Verification.Status.MALFORMED, codec.verify(t).status(), t);
        }
      }
    }
  }

  /** The last header parse() packed, and the bytes it parsed, for the tests that read its fields. */
  private long header;
  private byte[] parsed;

  /** The body's start, or -1 when {@code t} has no canonical header. */
  private int parse(String t) {
    parsed = t.getBytes(StandardCharsets.ISO_8859_1);
    header = new SignedTokens().parseHeader(parsed, 0, parsed.length);
    return header < 0 ? -1 : TokenFormat.bodyStart(header, 0);
  }

  private int version() {
    return TokenFormat.version(header, parsed, 0);
  }

  @Test
  void parseHeader_canonicalHeader_returnsBodyStartAndFields() {
    String t = "s1.2147483647.253402300799.x";
    byte[] b = ("##" + t).getBytes(StandardCharsets.US_ASCII);
    long h = new SignedTokens().parseHeader(b, 2, b.length);
    assertEquals(2 + t.length() - 1, TokenFormat.bodyStart(h, 2));
    assertEquals(Integer.MAX_VALUE, TokenFormat.version(h, b, 2));
    assertEquals(TokenFormat.MAX_ISSUED_AT, TokenFormat.issuedAt(h));
    assertEquals(7, parse("s1.1.0.x"));
    assertEquals(1, version());
    assertEquals(0, TokenFormat.issuedAt(header));
  }

  @Test
  void parseHeader_longestHeader_packsEveryFieldWithoutOverlap() {
    // The widest values side by side with the smallest: no field of the packed long spills into another.
    String[] headers = {"s1.2147483647.253402300799.", "s1.1.253402300799.", "s1.2147483647.0.", "s1.1.0."};
    int[] versions = {Integer.MAX_VALUE, 1, Integer.MAX_VALUE, 1};
    long[] times = {TokenFormat.MAX_ISSUED_AT, TokenFormat.MAX_ISSUED_AT, 0, 0};
    for (int k = 0; k < headers.length; k++) {
      assertEquals(headers[k].length(), parse(headers[k]), headers[k]);
      assertEquals(versions[k], version(), headers[k]);
      assertEquals(times[k], TokenFormat.issuedAt(header), headers[k]);
    }
    assertEquals(TokenFormat.MAX_HEADER_LENGTH, "s1.2147483647.253402300799.".length());
  }

  @Test
  void parseHeader_digitCountsAtTheLimits_acceptedUpToTheLimitOnly() {
    assertEquals(16, parse("s1.1234567891.0.")); // 10-digit version
    assertEquals(-1, parse("s1.12345678901.0.")); // 11 digits
    assertEquals(-1, parse("s1.2147483648.0.")); // over Integer.MAX_VALUE
    assertEquals(18, parse("s1.1.100000000000.")); // 12-digit issued-at
    assertEquals(-1, parse("s1.1.1000000000000.")); // 13 digits
    assertEquals(-1, parse("s1.1.253402300800.")); // past 9999-12-31T23:59:59Z
    assertEquals(-1, parse("s1.1.00.")); // leading zero
    assertEquals(-1, parse("s1.1.")); // no issued-at
    assertEquals(-1, parse("s1.1")); // ends in the version
    assertEquals(-1, parse("s1.1.5")); // ends in the issued-at
    assertEquals(-1, parse("s1.1.5x")); // no dot after the issued-at
    assertEquals(-1, parse("s1./.5.")); // a character just below '0'
    assertEquals(-1, parse("s1.:.5.")); // a character just above '9'
    assertEquals(-1, parse("s1.1./.")); // the same in the issued-at
    assertEquals(-1, parse("s1.1.:."));
    assertEquals(-1, parse("e1.1.5.")); // another format's marker
  }

  @Test
  void parseHeader_versionsWithZerosAndNines_parsed() {
    assertEquals(8, parse("s1.10.0."));
    assertEquals(10, version());
    assertEquals(7, parse("s1.9.9."));
    assertEquals(9, version());
    assertEquals(9, TokenFormat.issuedAt(header));
    assertEquals(10, parse("s1.909.90."));
    assertEquals(909, version());
    assertEquals(90, TokenFormat.issuedAt(header));
    assertEquals(-1, parse("s1.0.5.")); // version 0 does not exist
  }

  @Test
  void parseHeader_rangeShorterThanAMarker_refusedWithoutReadingPastIt() {
    // "s1" at the very end of the array: the range holds no dot, and there is no byte after it to read.
    byte[] b = "##s1".getBytes(StandardCharsets.US_ASCII);
    assertEquals(-1, new SignedTokens().parseHeader(b, 2, 4));
    byte[] e = "##e1".getBytes(StandardCharsets.US_ASCII);
    assertEquals(-1, new EncryptedTokens().parseHeader(e, 2, 4));
  }

  @Test
  void ownsMarker_shortOrForeign_falseWithoutThrowing() {
    SignedTokens f = new SignedTokens();
    assertFalse(f.ownsMarker("s1"));
    assertFalse(f.ownsMarker("s"));
    assertFalse(f.ownsMarker(""));
    assertTrue(f.ownsMarker("s1."));
    assertFalse(f.ownsMarker("s2."));
    assertFalse(f.ownsMarker("s1x"));
    assertFalse(f.ownsMarker("e1."));
  }

  @Test
  void headerLength_everyPowerOfTen_matchesWriteHeader() {
    SignedTokens f = new SignedTokens();
    int[] versions = {1, 9, 10, 99, 100, 999_999_999, 1_000_000_000, Integer.MAX_VALUE};
    long[] times = {0, 9, 10, 99, 100, 99_999_999_999L, 100_000_000_000L, TokenFormat.MAX_ISSUED_AT};
    for (int v : versions) {
      for (long t : times) {
        String header = f.header(v, t);
        assertEquals("s1." + v + "." + t + ".", header);
        assertEquals(header.length(), TokenFormat.headerLength(v, t), header);
        byte[] out = new byte[header.length() + 2];
        assertEquals(1 + header.length(), f.writeHeader(out, 1, v, t));
        assertEquals(header, new String(out, 1, header.length(), StandardCharsets.US_ASCII));
      }
    }
    // Every long has at most 19 digits: the count stops there rather than overflow.
    assertEquals(5 + 1 + 19, TokenFormat.headerLength(1, Long.MAX_VALUE));
    assertEquals(5 + 1 + 18, TokenFormat.headerLength(1, 999_999_999_999_999_999L));
  }
}
