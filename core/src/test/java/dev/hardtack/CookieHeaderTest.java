package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
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
    CookieHeader big = CookieHeader.parse("x=" + "v".repeat(100_000));
    assertTrue(big.values("x").get(0).length() < CookieHeader.MAX_INPUT);
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
}
