package dev.hardtack.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one strict JSON reader of the tests (RFC 8259), so that no module's tests need a JSON library: core reads its
 * test vectors with it and the demo its browser's DevTools messages. Values become {@link LinkedHashMap}s (keys in
 * file order), {@link ArrayList}s, strings, doubles, booleans and {@code null}.
 *
 * <p>Strict, so that a damaged vector file fails its test instead of being read as fewer or other vectors: a
 * duplicate key, data after the value, nesting deeper than {@value #MAX_DEPTH}, white space other than space, tab,
 * CR and LF, a control character or an unknown escape in a string, {@code \\u} without four hex digits, a number
 * outside JSON's grammar ({@code 01}, {@code 1.}, {@code .5}, {@code +1}) and a truncated text are all refused with
 * an {@link IllegalArgumentException} that names the offset.
 */
public final class Json {
  /** The deepest nesting of arrays and objects read; deeper input is refused rather than overflowing the stack. */
  public static final int MAX_DEPTH = 64;

  private final String s;
  private int i;
  private int depth;

  private Json(String s) {
    this.s = s;
  }

  /** Parses a whole JSON text (white space allowed around the value, nothing else). */
  public static Object parse(String text) {
    Json p = new Json(text);
    p.ws();
    Object v = p.value();
    p.ws();
    if (p.i != text.length()) {
      throw p.error("trailing data");
    }
    return v;
  }

  /**
   * Reads a test resource as UTF-8: the vectors live in the repository ({@code src/test/resources/vectors}, each
   * folder with its SOURCE.md and licence), so no test reads outside the checkout. A missing file fails the test.
   */
  public static String readResource(String relative) throws IOException {
    try (InputStream in = Json.class.getClassLoader().getResourceAsStream(relative)) {
      if (in == null) {
        throw new NoSuchFileException("test resource " + relative);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Reads and parses a JSON test resource whose top level is an object, e.g. {@code vectors/x/y_test.json}. */
  public static Map<String, Object> readVectors(String relative) throws IOException {
    return asMap(parse(readResource(relative)));
  }

  /** {@code o} as a JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  /** {@code o} as a JSON array. */
  @SuppressWarnings("unchecked")
  public static List<Object> asList(Object o) {
    return (List<Object>) o;
  }

  /** The bytes of a hex string value. */
  public static byte[] hex(Object o) {
    return HexFormat.of().parseHex((String) o);
  }

  /** {@code text} as a JSON string literal, for writing messages. */
  public static String quote(String text) {
    StringBuilder b = new StringBuilder("\"");
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private Object value() {
    return switch (peek()) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", true);
      case 'f' -> literal("false", false);
      case 'n' -> literal("null", null);
      default -> number();
    };
  }

  private Map<String, Object> object() {
    enter();
    Map<String, Object> m = new LinkedHashMap<>();
    ws();
    if (peek() == '}') {
      i++;
      depth--;
      return m;
    }
    while (true) {
      ws();
      int at = i;
      String k = string();
      ws();
      expect(':');
      ws();
      Object v = value();
      if (m.containsKey(k)) {
        i = at;
        throw error("duplicate key " + quote(k));
      }
      m.put(k, v);
      ws();
      if (peek() == ',') {
        i++;
      } else {
        expect('}');
        depth--;
        return m;
      }
    }
  }

  private List<Object> array() {
    enter();
    List<Object> l = new ArrayList<>();
    ws();
    if (peek() == ']') {
      i++;
      depth--;
      return l;
    }
    while (true) {
      ws();
      l.add(value());
      ws();
      if (peek() == ',') {
        i++;
      } else {
        expect(']');
        depth--;
        return l;
      }
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
    i++;
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = peek();
      i++;
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        i--;
        throw error("control character in a string");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = peek();
      i++;
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> b.append(hex4());
        default -> {
          i--;
          throw error("unknown escape");
        }
      }
    }
  }

  private char hex4() {
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(peek(), 16);
      if (d < 0 || peek() > 'f') { // Character.digit also takes non-ASCII digits
        throw error("\\u needs four hex digits");
      }
      v = v << 4 | d;
      i++;
    }
    return (char) v;
  }

  private Double number() {
    int start = i;
    skip('-');
    if (!skip('0')) {
      if (digits() == 0) {
        i = start;
        throw error("unexpected character");
      }
    }
    if (skip('.') && digits() == 0) {
      throw error("digit expected after '.'");
    }
    if (skip('e') || skip('E')) {
      if (!skip('+')) {
        skip('-');
      }
      if (digits() == 0) {
        throw error("digit expected in the exponent");
      }
    }
    return Double.valueOf(s.substring(start, i));
  }

  private int digits() {
    int start = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - start;
  }

  private boolean skip(char c) {
    if (i < s.length() && s.charAt(i) == c) {
      i++;
      return true;
    }
    return false;
  }

  private Object literal(String word, Object v) {
    if (!s.startsWith(word, i)) {
      throw error("bad literal");
    }
    i += word.length();
    return v;
  }

  private void ws() {
    while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  private char peek() {
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(i);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    i++;
  }

  private IllegalArgumentException error(String what) {
    int from = Math.max(0, i - 20);
    int to = Math.min(s.length(), i + 20);
    return new IllegalArgumentException(what + " at offset " + i + ", near " + quote(s.substring(from, to)));
  }
}
