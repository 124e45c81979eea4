package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CookieHeaderTest {

  @Test
  void parse_typicalHeader_allPairsInOrder() {
    CookieHeader h = CookieHeader.parse("a=1; b=2;c=3 ;  d = 4 ");
    assertEquals(List.of("1"), h.values("a"));
    assertEquals(List.of("2"), h.values("b"));
    assertEquals(List.of("3"), h.values("c"));
    assertEquals(List.of("4"), h.values("d"));
    assertEquals(Set.of("a", "b", "c", "d"), h.names());
    assertEquals(4, h.size());
  }

  @Test
  void parse_sameNameTwice_bothKeptInOrder() {
    assertEquals(List.of("1", "2"), CookieHeader.parse("sid=1; x=0; sid=2").values("sid"));
  }

  @Test
  void parse_severalHeaders_concatenated() {
    CookieHeader h = CookieHeader.parse(List.of("a=1; b=2", "a=3"));
    assertEquals(List.of("1", "3"), h.values("a"));
  }

  @Test
  void parse_valuesKeptAsSent() {
    CookieHeader h = CookieHeader.parse("q=\"quoted\"; p=%3D; e=a=b; empty=");
    assertEquals(List.of("\"quoted\""), h.values("q"));
    assertEquals(List.of("%3D"), h.values("p"));
    assertEquals(List.of("a=b"), h.values("e"));
    assertEquals(List.of(""), h.values("empty"));
  }

  @Test
  void parse_namesAreCaseSensitive() {
    assertEquals(List.of(), CookieHeader.parse("SID=1").values("sid"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ";", ";;;", "=", "=v", " = v ", "novalue", "\u0000", "a", "\t;\t"})
  void parse_junk_noPairsAndNoException(String junk) {
    assertEquals(0, CookieHeader.parse(junk).size());
  }

  @Test
  void parse_nullsAndEmptyLists_empty() {
    assertEquals(0, CookieHeader.parse((String) null).size());
    assertEquals(0, CookieHeader.parse((List<String>) null).size());
    assertEquals(0, CookieHeader.parse(List.of()).size());
    assertEquals(1, CookieHeader.parse(Arrays.asList(null, "a=1")).size());
  }

  @Test
  void parse_nameless_ignored() {
    assertEquals(List.of("2"), CookieHeader.parse("=__Host-sid=1; b=2").values("b"));
    assertEquals(1, CookieHeader.parse("=__Host-sid=1; b=2").size());
  }

  @Test
  void parse_hugeHeader_boundedWork() {
    String huge = "a=b; ".repeat(1_000_000);
    CookieHeader h = CookieHeader.parse(huge);
    assertTrue(h.size() <= CookieHeader.MAX_PAIRS);
    assertTrue(h.isTruncated());
    // A value cut by the input limit is dropped, not kept shortened.
    CookieHeader big = CookieHeader.parse("x=" + "v".repeat(100_000));
    assertEquals(List.of(), big.values("x"));
    assertTrue(big.isTruncated());
  }

  @Test
  void parse_exactly256PairsAndTrailingSeparators_notTruncated() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < CookieHeader.MAX_PAIRS; i++) {
      b.append("n").append(i).append("=v; ");
    }
    CookieHeader h = CookieHeader.parse(b.append(";; novalue; =nameless").toString());
    assertEquals(CookieHeader.MAX_PAIRS, h.size());
    assertFalse(h.isTruncated());
    assertFalse(CookieHeader.parse("a=1; b=2").isTruncated());
    assertFalse(CookieHeader.parse("x".repeat(CookieHeader.MAX_INPUT - 2) + "=v").isTruncated());
  }

  @Test
  void parse_inputPastTheLimitInALaterHeader_truncated() {
    CookieHeader h = CookieHeader.parse(List.of("a=" + "v".repeat(CookieHeader.MAX_INPUT - 2), "b=1"));
    assertEquals(List.of("v".repeat(CookieHeader.MAX_INPUT - 2)), h.values("a"));
    assertEquals(List.of(), h.values("b"));
    assertTrue(h.isTruncated());
    assertTrue(h.toString().contains("truncated"));
    // An empty header after the limit cuts nothing off.
    assertFalse(CookieHeader.parse(List.of("a=" + "v".repeat(CookieHeader.MAX_INPUT - 2), "")).isTruncated());
  }

  /** The parser's own upper bound of the characters it read: searched, trimmed, copied. */
  private static long work(String header) {
    long[] work = new long[1];
    CookieHeader.parseAll(List.of(header), work);
    return work[0];
  }

  @ParameterizedTest
  @ValueSource(strings = {"a;", ";", "=", "a", " ", "a=b; ", " = ; ", "a=;", "ab=\t\t;", "=;", "a=b=c;"})
  void parseAll_oneMebibyteOfAnyShape_readsAtMostFiveTimesTheLimit(String piece) {
    // The quadratic parser looked for '=' with indexOf from each piece to the end of the whole header: for
    // "a;" that was 8192 pieces times 1 MiB. Here each search starts past the last one, nothing past the limit
    // is read, and the whole parse reads each character within the limit at most five times.
    String header = piece.repeat(1024 * 1024 / piece.length() + 1);
    long work = work(header);
    assertTrue(work <= 5L * CookieHeader.MAX_INPUT, () -> work + " for " + header.length() + " chars");
  }

  @Property(tries = 300)
  void parseAll_anyHeader_readsEachCharacterAtMostFiveTimes(@ForAll("headers") String header) {
    long work = work(header);
    long read = Math.min(header.length(), CookieHeader.MAX_INPUT);
    assertTrue(work <= 5 * read, () -> work + " for " + read + " chars");
  }

  @Property(tries = 300)
  void parse_anyHeader_sameAsASplitOnEverySemicolon(@ForAll("headers") String header) {
    // A reference parser, written the obvious way, for headers within the limits.
    if (header.length() > CookieHeader.MAX_INPUT) {
      return;
    }
    List<String> names = new java.util.ArrayList<>();
    List<String> values = new java.util.ArrayList<>();
    for (String piece : header.split(";", -1)) {
      int eq = piece.indexOf('=');
      if (eq >= 0 && !strip(piece.substring(0, eq)).isEmpty()) {
        names.add(strip(piece.substring(0, eq)));
        values.add(strip(piece.substring(eq + 1)));
      }
    }
    CookieHeader h = CookieHeader.parse(header);
    int kept = Math.min(names.size(), CookieHeader.MAX_PAIRS);
    assertEquals(kept, h.size());
    assertEquals(names.size() > CookieHeader.MAX_PAIRS, h.isTruncated());
    for (String name : h.names()) {
      List<String> expected = new java.util.ArrayList<>();
      for (int i = 0; i < kept; i++) {
        if (names.get(i).equals(name)) {
          expected.add(values.get(i));
        }
      }
      assertEquals(expected, h.values(name));
    }
  }

  /** The value with leading and trailing spaces and tabs removed, as RFC 6265 says a parser does. */
  static String strip(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
      to--;
    }
    return s.substring(from, to);
  }

  @Provide
  Arbitrary<String> headers() {
    Arbitrary<String> piece = Arbitraries.oneOf(
        Arbitraries.of("a", "=", ";", " ", "\t", "sid", "v", "; ", "=="),
        Arbitraries.strings().ofMaxLength(8));
    return piece.list().ofMaxSize(4000).map(l -> String.join("", l));
  }

  @Test
  void parse_exactly256Pairs_allKeptThe257th_ignored() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i <= CookieHeader.MAX_PAIRS; i++) {
      b.append("n").append(i).append("=v").append(i).append("; ");
    }
    CookieHeader h = CookieHeader.parse(b.toString());
    assertEquals(CookieHeader.MAX_PAIRS, h.size());
    assertEquals(List.of("v255"), h.values("n255"));
    assertEquals(List.of(), h.values("n256"));
  }

  @Test
  void parse_equalsSignJustPastTheInputLimit_noPairAndNoException() {
    // The 16 KiB limit falls right before the '=': the name's pair has no '=' within the limit.
    CookieHeader h = CookieHeader.parse("x".repeat(CookieHeader.MAX_INPUT) + "=v");
    assertEquals(0, h.size());
    CookieHeader h2 = CookieHeader.parse("a=b; " + "x".repeat(CookieHeader.MAX_INPUT - 5) + "=v");
    assertEquals(1, h2.size());
    assertEquals(List.of("b"), h2.values("a"));
  }

  @Test
  void toString_twoCookies_namesOnly() {
    CookieHeader h = CookieHeader.parse("a=secret1; b=secret2");
    assertEquals("CookieHeader[a, b]", h.toString());
  }
}
