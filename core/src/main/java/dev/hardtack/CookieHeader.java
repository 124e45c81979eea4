package dev.hardtack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cookies of a request's {@code Cookie} header(s), parsed as RFC 6265 section 5.4 describes and tolerant of
 * junk.
 *
 * <pre>{@code
 * CookieHeader cookies = CookieHeader.parse(request.getHeaders("Cookie"));
 * Verification r = codec.verifyHeader(cookies);   // cookie tossing handled
 * List<String> all = cookies.values("theme");       // every value of that name, in order
 * }</pre>
 *
 * <p>Parsing never throws. Pairs are split on {@code ;}; names and values are trimmed of spaces and tabs; a pair
 * without {@code =} or with an empty name is skipped; values are kept exactly as sent (never URL-decoded, quotes
 * kept). Input past 16 KiB, and pairs past the 256th, are ignored: real browsers send far less.
 *
 * <h2>Security</h2>
 * A request can carry several cookies of one name (cookie tossing from a sibling subdomain or an HTTP page):
 * {@link #values(String)} returns them all and {@link CookieCodec#verifyHeader(CookieHeader)} trusts none unless
 * they agree. {@link #toString()} shows names only, never values.
 */
public final class CookieHeader {
  /** Characters of header text read at most; the rest is ignored. */
  public static final int MAX_INPUT = 16 * 1024;
  /** Pairs kept at most. */
  public static final int MAX_PAIRS = 256;

  private static final CookieHeader EMPTY = new CookieHeader(List.of(), List.of());

  private final List<String> names;
  private final List<String> values;

  private CookieHeader(List<String> names, List<String> values) {
    this.names = names;
    this.values = values;
  }

  /**
   * Parses one {@code Cookie} header value. Never throws.
   *
   * @param header the header's value, without the {@code Cookie:} field name; {@code null} gives an empty result
   * @return the pairs found, in order
   */
  public static CookieHeader parse(String header) {
    return header == null ? EMPTY : parse(List.of(header));
  }

  /**
   * Parses every {@code Cookie} header of a request (HTTP/2 may split one into several), in order; {@code null}
   * or an empty collection gives an empty result, and {@code null} elements are skipped. Never throws.
   *
   * @param headers the values of every {@code Cookie} header of the request, in order
   * @return the pairs found, in order
   */
  public static CookieHeader parse(Collection<String> headers) {
    if (headers == null || headers.isEmpty()) {
      return EMPTY;
    }
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    int budget = MAX_INPUT;
    for (String header : headers) {
      if (header == null) {
        continue;
      }
      int end = Math.min(header.length(), budget);
      budget -= end;
      parseInto(header, end, names, values);
      if (budget <= 0 || names.size() >= MAX_PAIRS) {
        break;
      }
    }
    return names.isEmpty() ? EMPTY : new CookieHeader(names, values);
  }

  private static void parseInto(String h, int end, List<String> names, List<String> values) {
    int i = 0;
    while (i < end && names.size() < MAX_PAIRS) {
      int semi = h.indexOf(';', i);
      int pairEnd = semi < 0 || semi > end ? end : semi;
      int eq = h.indexOf('=', i);
      if (eq >= 0 && eq < pairEnd) {
        String name = trim(h, i, eq);
        if (!name.isEmpty()) {
          names.add(name);
          values.add(trim(h, eq + 1, pairEnd));
        }
      }
      i = pairEnd + 1;
    }
  }

  private static String trim(String s, int from, int to) {
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
      to--;
    }
    return s.substring(from, to);
  }

  /**
   * Every value sent under {@code name}, in the order sent.
   *
   * @param name the cookie name, matched case-sensitively
   * @return the values, unmodifiable; empty when there is none
   */
  public List<String> values(String name) {
    List<String> out = null;
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equals(name)) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(values.get(i));
      }
    }
    return out == null ? List.of() : Collections.unmodifiableList(out);
  }

  /**
   * The distinct names, in the order first sent.
   *
   * @return the names, unmodifiable
   */
  public Set<String> names() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(names));
  }

  /**
   * How many name-value pairs were kept.
   *
   * @return the count, at most {@link #MAX_PAIRS}
   */
  public int size() {
    return names.size();
  }

  @Override
  public String toString() {
    return "CookieHeader" + names;
  }
}
