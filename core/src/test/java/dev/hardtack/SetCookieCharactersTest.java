package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link SetCookie}'s character classes checked against the grammars, character by character over the first 384
 * code units, so that every range's first and last member and both of its neighbours are pinned: RFC 7230 tchar
 * for names, RFC 6265 cookie-octet for values, no CTL or ';' in a path, letters, digits, '-' and '.' in a domain.
 */
class SetCookieCharactersTest {
  private static final int LAST = 0x17f;

  private static boolean alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean accepted(SetCookie.Builder b) {
    try {
      b.build();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Test
  void isToken_exactlyTheTcharSet() {
    for (char c = 0; c <= LAST; c++) {
      boolean tchar = alnum(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      assertEquals(tchar, SetCookie.isToken(String.valueOf(c)), "U+" + Integer.toHexString(c));
      assertEquals(tchar, SetCookie.isToken("a" + c + "z"), "U+" + Integer.toHexString(c));
    }
    assertFalse(SetCookie.isToken(""));
    assertFalse(SetCookie.isToken(null));
  }

  @Test
  void isCookieOctet_exactlyRfc6265() {
    for (char c = 0; c <= LAST; c++) {
      boolean octet = c >= 0x21 && c <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
      assertEquals(octet, SetCookie.isCookieOctet(c), "U+" + Integer.toHexString(c));
    }
  }

  @Test
  void isCookieValue_onePairOfQuotesOnly() {
    assertTrue(SetCookie.isCookieValue(""));
    assertTrue(SetCookie.isCookieValue("\"\""));
    assertTrue(SetCookie.isCookieValue("\"abc\""));
    assertFalse(SetCookie.isCookieValue("\""));
    assertFalse(SetCookie.isCookieValue("\"abc"));
    assertFalse(SetCookie.isCookieValue("\"\"\""));
  }

  @Test
  void path_printableAsciiButSemicolon() {
    for (char c = 0; c <= LAST; c++) {
      boolean ok = c >= 0x20 && c <= 0x7e && c != ';';
      assertEquals(ok, accepted(SetCookie.builder("n", "v").path("/" + c)), "U+" + Integer.toHexString(c));
    }
    assertTrue(accepted(SetCookie.builder("n", "v").path("/" + "p".repeat(SetCookie.MAX_ATTRIBUTE_LENGTH - 1))));
    assertFalse(accepted(SetCookie.builder("n", "v").path("/" + "p".repeat(SetCookie.MAX_ATTRIBUTE_LENGTH))));
  }

  @Test
  void domain_lettersDigitsHyphensAndInnerDots() {
    for (char c = 0; c <= LAST; c++) {
      boolean ok = alnum(c) || c == '-' || c == '.';
      assertEquals(ok, accepted(SetCookie.builder("n", "v").domain("a" + c + "b.example")),
          "U+" + Integer.toHexString(c));
    }
    String longest = ("a".repeat(62) + ".").repeat(4) + "a".repeat(1); // 253 characters
    assertEquals(253, longest.length());
    assertTrue(accepted(SetCookie.builder("n", "v").domain(longest)));
    assertFalse(accepted(SetCookie.builder("n", "v").domain(longest + "a")));
  }

  @Test
  void build_nameAndValueOverTheLimit_messageGivesTheirLength() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SetCookie.builder("n", "v".repeat(SetCookie.MAX_NAME_VALUE_LENGTH)).build());
    assertEquals("name and value are 4097 characters, over the 4096 browsers store", e.getMessage());
    SetCookie ok = SetCookie.builder("n", "v".repeat(SetCookie.MAX_NAME_VALUE_LENGTH - 1)).build();
    assertEquals("n", ok.name());
  }
}
