package dev.hardtack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link Html#escape}: the five characters that matter in HTML text and attribute values, and nothing else. */
class HtmlTest {

  @Test
  void escape_eachSpecialCharacter_itsEntity() {
    assertEquals("&lt;", Html.escape("<"));
    assertEquals("&gt;", Html.escape(">"));
    assertEquals("&amp;", Html.escape("&"));
    assertEquals("&quot;", Html.escape("\""));
    assertEquals("&#39;", Html.escape("'"));
  }

  @Test
  void escape_mixedText_onlySpecialCharactersReplacedInPlace() {
    assertEquals("&lt;a href=&quot;x&quot; title=&#39;T&amp;C&#39;&gt;Ada é 😀&lt;/a&gt;",
        Html.escape("<a href=\"x\" title='T&C'>Ada é 😀</a>"));
    assertEquals("", Html.escape(""));
    assertEquals("plain text; 1 + 1 = 2", Html.escape("plain text; 1 + 1 = 2"));
  }
}
