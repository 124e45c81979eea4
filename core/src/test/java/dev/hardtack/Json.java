package dev.hardtack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small strict JSON reader for the test vectors, so the tests need no JSON library. */
public final class Json {
  private final String s;
  private int i;

  private Json(String s) {
    this.s = s;
  }

  /** Parses a JSON text into maps, lists, strings, doubles, booleans and nulls. */
  public static Object parse(String text) {
    Json p = new Json(text);
    p.ws();
    Object v = p.value();
    p.ws();
    if (p.i != text.length()) {
      throw new IllegalArgumentException("trailing data at " + p.i);
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

  /** Reads and parses a JSON test resource, for example {@code vectors/wycheproof/hmac_sha256_test.json}. */
  public static Map<String, Object> readVectors(String relative) throws IOException {
    return asMap(parse(readResource(relative)));
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> asList(Object o) {
    return (List<Object>) o;
  }

  public static byte[] hex(Object o) {
    return HexFormat.of().parseHex((String) o);
  }

  private Object value() {
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        expect("true");
        return true;
      case 'f':
        expect("false");
        return false;
      case 'n':
        expect("null");
        return null;
      default:
        return number();
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    i++;
    ws();
    if (s.charAt(i) == '}') {
      i++;
      return m;
    }
    while (true) {
      ws();
      String k = string();
      ws();
      expect(":");
      ws();
      m.put(k, value());
      ws();
      char c = s.charAt(i++);
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        throw new IllegalArgumentException("expected , or } at " + (i - 1));
      }
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    i++;
    ws();
    if (s.charAt(i) == ']') {
      i++;
      return l;
    }
    while (true) {
      ws();
      l.add(value());
      ws();
      char c = s.charAt(i++);
      if (c == ']') {
        return l;
      }
      if (c != ',') {
        throw new IllegalArgumentException("expected , or ] at " + (i - 1));
      }
    }
  }

  private String string() {
    expect("\"");
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = s.charAt(i++);
      switch (e) {
        case 'n':
          b.append('\n');
          break;
        case 't':
          b.append('\t');
          break;
        case 'r':
          b.append('\r');
          break;
        case 'b':
          b.append('\b');
          break;
        case 'f':
          b.append('\f');
          break;
        case 'u':
          b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
          break;
        default:
          b.append(e);
      }
    }
  }

  private Double number() {
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    return Double.valueOf(s.substring(start, i));
  }

  private void expect(String word) {
    if (!s.startsWith(word, i)) {
      throw new IllegalArgumentException("expected " + word + " at " + i);
    }
    i += word.length();
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }
}
