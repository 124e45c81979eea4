package dev.hardtack.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  @Test
  void parse_wellFormedText_readsEveryKindOfValue() {
    Object v = Json.parse(" {\"a\": [1, -0.5, 2e3, 1E-2, 0], \"b\": {\"c\": \"x\\n\\u00e9\\\"\\/\"},"
        + " \"t\": true, \"f\": false, \"n\": null}\r\n");
    Map<String, Object> m = Json.asMap(v);
    assertEquals(List.of("a", "b", "t", "f", "n"), List.copyOf(m.keySet()));
    assertEquals(List.of(1.0, -0.5, 2000.0, 0.01, 0.0), m.get("a"));
    assertEquals("x\n\u00e9\"/", Json.asMap(m.get("b")).get("c"));
    assertEquals(true, m.get("t"));
    assertEquals(false, m.get("f"));
    assertNull(m.get("n"));
    assertEquals(List.of(), Json.parse("[]"));
    assertEquals(Map.of(), Json.parse("{ }"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "{\"a\":1,\"a\":2}", "{} {}", "[1] x", "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{a:1}",
      "\"unterminated", "\"tab\there\"", "\"bad \\x escape\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\u\u0663\u0663\u0663\u0663\"",
      "01", "1.", ".5", "+1", "-", "1e", "1e+", "NaN", "tru", "nul", "\u00a0[]", "[]\u000b", "[", "{", "{\"a\":"
  })
  void parse_malformedText_isRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
  }

  @Test
  void parse_nestingAtTheLimit_isReadAndDeeperIsRefused() {
    assertEquals(1, Json.asList(Json.parse(nested(Json.MAX_DEPTH))).size());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Json.parse(nested(Json.MAX_DEPTH + 1)));
    assertTrue(e.getMessage().startsWith("nesting deeper than"), e.getMessage());
  }

  @Test
  void parse_duplicateKey_namesTheKeyAndOffset() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"k\": 1, \"k\": 1}"));
    assertTrue(e.getMessage().startsWith("duplicate key \"k\" at offset 9"), e.getMessage());
  }

  @Test
  void quote_controlAndQuoteCharacters_roundTripThroughParse() {
    String text = "a\"b\\c\u0001\n\u00e9";
    assertEquals(text, Json.parse(Json.quote(text)));
  }

  private static String nested(int depth) {
    char[] open = new char[depth];
    char[] close = new char[depth];
    Arrays.fill(open, '[');
    Arrays.fill(close, ']');
    return new String(open) + new String(close);
  }
}
