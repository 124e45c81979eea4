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
 * <p>Parsing never throws, and its work is linear in the text it reads: each character is looked at a bounded
 * number of times. Pairs are split on {@code ;}; names and values are trimmed of spaces and tabs; a pair without
 * {@code =} or with an empty name is skipped; values are kept exactly as sent (never URL-decoded, quotes kept).
 * At most {@link #MAX_INPUT} characters (16 KiB, over all headers) are read and at most {@link #MAX_PAIRS} pairs
 * kept: real browsers send far less. When a limit cuts anything off, the pair cut in two is dropped (never kept
 * shortened) and {@link #isTruncated()} says so.
 *
 * <h2>Security</h2>
 * A request can carry several cookies of one name (cookie tossing from a sibling subdomain or an HTTP page):
 * {@link #values(String)} returns them all and {@link CookieCodec#verifyHeader(CookieHeader)} trusts none unless
 * they agree. An attacker who can add cookies can also pad the header so that a limit drops the genuine
 * duplicate; so a truncated header that holds the wanted name is {@link Verification.Status#AMBIGUOUS} there,
 * never valid. {@link #toString()} shows names only, never values.
 */
public final class CookieHeader {
  /** Characters of header text read at most, over all headers; the rest is ignored. */
  public static final int MAX_INPUT = 16 * 1024;
  /** Pairs kept at most. */
  public static final int MAX_PAIRS = 256;

  private static final CookieHeader EMPTY = new CookieHeader(List.of(), List.of(), false);
  private static final CookieHeader EMPTY_TRUNCATED = new CookieHeader(List.of(), List.of(), true);

  private final List<String> names;
  private final List<String> values;
  private final boolean truncated;

  private CookieHeader(List<String> names, List<String> values, boolean truncated) {
    this.names = names;
    this.values = values;
    this.truncated = truncated;
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
    return headers == null || headers.isEmpty() ? EMPTY : parseAll(headers, null);
  }

  /**
   * The parser. Linear: the {@code ;} searches start where the last one ended, the {@code =} search starts past
   * the last {@code =} found (an {@code =} in a later piece is remembered, never searched for again), and a
   * header longer than the input left is cut to it before any search. When {@code work} is not null, {@code
   * work[0]} is increased by an upper bound of the characters read (searched, trimmed, copied), for tests.
   */
  static CookieHeader parseAll(Collection<String> headers, long[] work) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    int budget = MAX_INPUT;
    boolean truncated = false;
    for (String h : headers) {
      if (h == null) {
        continue;
      }
      int len = h.length();
      if (budget <= 0) {
        truncated |= len > 0; // not read at all
        continue;
      }
      boolean cut = len > budget;
      String text = cut ? h.substring(0, budget) : h;
      if (cut && work != null) {
        work[0] += budget;
      }
      budget -= text.length();
      if (!parseInto(text, cut, names, values, work)) {
        truncated = true;
        break;
      }
    }
    if (names.isEmpty()) {
      return truncated ? EMPTY_TRUNCATED : EMPTY;
    }
    return new CookieHeader(names, values, truncated);
  }

  /**
   * Adds the pairs of {@code h}. Returns {@code false} when something was cut off: the last pair ran past the
   * input limit ({@code cut}), or a pair beyond the {@link #MAX_PAIRS}th was found.
   */
  private static boolean parseInto(String h, boolean cut, List<String> names, List<String> values, long[] work) {
    int n = h.length();
    long read = 0;
    int i = 0;
    int eq = -1; // the first '=' at or after i, n when there is none; stale when below i
    boolean complete = true;
    while (true) {
      int semi = h.indexOf(';', i);
      int pairEnd = semi < 0 ? n : semi;
      read += Math.min(pairEnd + 1, n) - i;
      if (semi < 0 && cut) {
        complete = false; // the pair in progress is cut in two: dropped, never kept shortened
        break;
      }
      if (eq < i) {
        int e = h.indexOf('=', i);
        eq = e < 0 ? n : e;
        read += Math.min(eq + 1, n) - i;
      }
      if (eq < pairEnd) {
        read += 2L * (pairEnd - i); // trimming and copying the name and the value
        String name = trim(h, i, eq);
        if (!name.isEmpty()) {
          if (names.size() == MAX_PAIRS) {
            complete = false;
            break;
          }
          names.add(name);
          values.add(trim(h, eq + 1, pairEnd));
        }
      }
      if (semi < 0) {
        break;
      }
      i = semi + 1;
    }
    if (work != null) {
      work[0] += read;
    }
    return complete;
  }

  private static String trim(String s, int from, int to) {
    while (from < to && isBlank(s.charAt(from))) {
      from++;
    }
    while (to > from && isBlank(s.charAt(to - 1))) {
      to--;
    }
    return s.substring(from, to);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
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

  /**
   * Whether a limit cut anything off: text past {@link #MAX_INPUT} characters, or pairs past the {@link
   * #MAX_PAIRS}th. A pair that was cut off may have been a second cookie of any name, so {@link
   * CookieCodec#verifyHeader(CookieHeader)} trusts no cookie of a truncated header. Default: {@code false} for
   * an empty or {@code null} input.
   *
   * @return {@code true} when some of the input was not parsed
   */
  public boolean isTruncated() {
    return truncated;
  }

  @Override
  public String toString() {
    return "CookieHeader" + names + (truncated ? " (truncated)" : "");
  }
}
