package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SetCookieTest {
  @Test
  void build_defaults_securePathHttpOnlyLax() {
    assertEquals("sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax",
        SetCookie.builder("sid", "abc").build().headerValue());
  }

  @Test
  void build_everyOption_fixedOrder() {
    assertEquals("__Secure-x=v; Max-Age=3600; Domain=example.com; Path=/app; Secure; SameSite=None; Partitioned",
        SetCookie.builder("__Secure-x", "v").maxAge(Duration.ofHours(1)).domain(".example.com").path("/app")
            .sameSite(SameSite.NONE).httpOnly(false).partitioned(true).build().headerValue());
  }

  @Test
  void build_maxAgeZero_deletesWithPastExpires() {
    assertEquals("__Host-sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Secure; HttpOnly;"
            + " SameSite=Strict",
        SetCookie.builder("__Host-sid", "").maxAge(Duration.ZERO).sameSite(SameSite.STRICT).build().headerValue());
  }

  @Test
  void build_signedCookie_fitsWithoutQuoting() {
    CookieCodec codec = CookieCodec.builder(KeyRing.of(Fixtures.SECRET_1)).cookieName("__Host-sid").build();
    String value = codec.sign("any value; with = junk, \"quotes\" and ✓");
    assertEquals("__Host-sid=" + value + "; Path=/; Secure; HttpOnly; SameSite=Lax",
        SetCookie.builder("__Host-sid", value).build().headerValue());
  }

  @Test
  void build_quotedValue_kept() {
    assertEquals("a=\"v\"; Path=/; Secure; HttpOnly; SameSite=Lax",
        SetCookie.builder("a", "\"v\"").build().headerValue());
  }

  @Test
  void build_insecureHttpCookieWhenAskedFor_noSecure() {
    assertEquals("a=v; Path=/; SameSite=Lax",
        SetCookie.builder("a", "v").secure(false).httpOnly(false).build().headerValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a;b", "a=b", "a,b", "a\"b", "a\tb", "a\r\nb", "é", "a(b)", "a/b", "a@b",
      "a\u0000b", "a\u007fb"})
  void build_nameNotAToken_illegalArgument(String name) {
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder(name, "v").build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "a;b", "a; Domain=evil.com", "a,b", "a\"b", "a\\b", "a\r\nSet-Cookie: x=y",
      "é", "a\u007f", "a\u0000", "\"a", "\"a\"b\""})
  void build_valueWithForbiddenOctets_illegalArgument(String value) {
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder("a", value).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a;b", "/a\r\nX: y", "app", "", "/a\u0000", "/é"})
  void build_badPath_illegalArgument(String path) {
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder("a", "v").path(path).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"evil.com; Secure", "a b.com", "exa\r\nmple.com", "", ".", "a..b", "example.com.",
      "ex_ample.com", "exämple.com"})
  void build_badDomain_illegalArgument(String domain) {
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder("a", "v").domain(domain).build());
  }

  @Test
  void build_pathOrDomainOver1024_illegalArgument() {
    assertThrows(IllegalArgumentException.class,
        () -> SetCookie.builder("a", "v").path("/" + "p".repeat(1024)).build());
    assertThrows(IllegalArgumentException.class,
        () -> SetCookie.builder("a", "v").domain("d".repeat(254)).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"__Host-sid", "__host-sid", "__HOST-sid"})
  void build_hostPrefixRulesBroken_illegalArgument(String name) {
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder(name, "v").secure(false).build());
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder(name, "v").domain("example.com").build());
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder(name, "v").path("/app").build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"__Secure-sid", "__secure-sid"})
  void build_securePrefixWithoutSecure_illegalArgument(String name) {
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder(name, "v").secure(false).build());
  }

  @Test
  void build_sameSiteNoneOrPartitionedWithoutSecure_illegalArgument() {
    assertThrows(IllegalArgumentException.class,
        () -> SetCookie.builder("a", "v").sameSite(SameSite.NONE).secure(false).build());
    assertThrows(IllegalArgumentException.class,
        () -> SetCookie.builder("a", "v").partitioned(true).secure(false).build());
  }

  @Test
  void build_nameAndValueOver4096_illegalArgument() {
    SetCookie.builder("a", "v".repeat(4095)).build();
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder("a", "v".repeat(4096)).build());
  }

  @Test
  void build_badMaxAge_illegalArgument() {
    assertThrows(IllegalArgumentException.class,
        () -> SetCookie.builder("a", "v").maxAge(Duration.ofSeconds(-1)).build());
    assertThrows(IllegalArgumentException.class,
        () -> SetCookie.builder("a", "v").maxAge(Duration.ofDays(401)).build());
    assertEquals("a=v; Max-Age=34560000; Path=/; Secure; HttpOnly; SameSite=Lax",
        SetCookie.builder("a", "v").maxAge(Duration.ofDays(400)).build().headerValue());
  }

  @Test
  void build_positiveMaxAgeUnderOneSecond_roundedUpNeverZero() {
    // Max-Age=0 deletes the cookie: a positive duration must never become it.
    assertTrue(SetCookie.builder("a", "v").maxAge(Duration.ofMillis(999)).build().headerValue()
        .startsWith("a=v; Max-Age=1; Path=/"));
    assertTrue(SetCookie.builder("a", "v").maxAge(Duration.ofNanos(1)).build().headerValue()
        .startsWith("a=v; Max-Age=1; Path=/"));
    assertTrue(SetCookie.builder("a", "v").maxAge(Duration.ofMillis(1500)).build().headerValue()
        .startsWith("a=v; Max-Age=2; Path=/"));
    assertTrue(SetCookie.builder("a", "v").maxAge(Duration.ofSeconds(1)).build().headerValue()
        .startsWith("a=v; Max-Age=1; Path=/"));
    assertTrue(SetCookie.builder("a", "v").maxAge(Duration.ZERO).build().headerValue()
        .startsWith("a=v; Max-Age=0; Expires="));
    assertThrows(IllegalArgumentException.class,
        () -> SetCookie.builder("a", "v").maxAge(Duration.ofDays(400).plusNanos(1)).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"__Http-sid", "__http-sid", "__HTTP-sid"})
  void build_httpPrefixWithoutHttpOnlyOrSecure_illegalArgument(String name) {
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder(name, "v").httpOnly(false).build());
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder(name, "v").secure(false).build());
    assertEquals(name + "=v; Domain=example.com; Path=/app; Secure; HttpOnly; SameSite=Lax",
        SetCookie.builder(name, "v").domain("example.com").path("/app").build().headerValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"__Host-Http-sid", "__host-http-sid", "__HOST-HTTP-sid"})
  void build_hostHttpPrefixRulesBroken_illegalArgument(String name) {
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder(name, "v").httpOnly(false).build());
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder(name, "v").secure(false).build());
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder(name, "v").domain("example.com").build());
    assertThrows(IllegalArgumentException.class, () -> SetCookie.builder(name, "v").path("/app").build());
    assertEquals(name + "=v; Path=/; Secure; HttpOnly; SameSite=Lax",
        SetCookie.builder(name, "v").build().headerValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"com", ".com", "localhost", "COM", "internal"})
  void build_singleLabelDomain_illegalArgument(String domain) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SetCookie.builder("a", "v").domain(domain).build());
    assertTrue(e.getMessage().contains("two labels"), e.getMessage());
    assertTrue(SetCookie.builder("a", "v").domain("a." + domain.replace(".", "")).build().headerValue()
        .contains("; Domain=a."));
  }

  @Test
  void builder_nulls_nullPointer() {
    assertThrows(NullPointerException.class, () -> SetCookie.builder(null, "v"));
    assertThrows(NullPointerException.class, () -> SetCookie.builder("a", null));
    assertThrows(NullPointerException.class, () -> SetCookie.builder("a", "v").sameSite(null));
  }

  @Test
  void toString_hidesTheValue() {
    assertEquals("SetCookie[sid=<redacted>; Path=/; Secure; HttpOnly; SameSite=Lax]",
        SetCookie.builder("sid", "secret-session").build().toString());
  }

  /**
   * {@link SetCookie}'s character classes checked against the grammars, character by character over the first 384
   * code units, so that every range's first and last member and both of its neighbours are pinned: RFC 7230 tchar
   * for names, RFC 6265 cookie-octet for values, no CTL or ';' in a path, letters, digits, '-' and '.' in a domain.
   */
  @Nested
  class Characters {
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
}
