package dev.hardtack;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The one duration syntax of Hardtack's settings (the CLI's {@code --max-age}, the servlet filter's {@code
 * cookie.max-age}, the demo's timeouts), for applications that read a cookie lifetime from their own
 * configuration: {@code 90s}, {@code 15m}, {@code 8h}, {@code 2d}, or ISO-8601 such as {@code PT15M} or {@code
 * P2D}.
 *
 * <pre>{@code
 * Duration maxAge = Durations.parse(config.getProperty("session.max-age", "8h"),
 *     Duration.ofSeconds(1), CookieCodec.MAX_MAX_AGE);
 * CookieCodec codec = CookieCodec.builder(ring).cookieName("__Host-sid").maxAge(maxAge).build();
 * }</pre>
 *
 * <p>The grammar: spaces, tabs and line ends around the text are ignored; then either ASCII
 * digits followed by one unit letter, {@code s}, {@code m} (minutes), {@code h} or {@code d}, or an ISO-8601
 * duration of days, hours, minutes and seconds ({@link Duration#parse(CharSequence)}) in whole numbers. Letters
 * are case-insensitive ({@code 15M} is 15 minutes: there are no months). Nothing else is accepted: no sign, no
 * fraction, no white space inside, no years or weeks, no digits outside ASCII.
 *
 * <h2>Security</h2>
 * Meant for configuration, which can still be wrong or hostile: a text longer than {@value #MAX_LENGTH}
 * characters is refused before it is parsed; a number too large for a {@link Duration} is refused, never wrapped
 * around; negative and out-of-range durations are refused, each caller passing the bounds it can honour. Every
 * refusal is an {@link IllegalArgumentException} whose message does not repeat the text, so a setting that held
 * a secret by mistake does not reach a log through it.
 */
public final class Durations {
  /** The longest text {@link #parse} reads, white space included; longer text is refused unread. */
  public static final int MAX_LENGTH = 64;

  private static final String FORMS = "write 90s, 15m, 8h, 2d or ISO-8601 such as PT15M, in whole numbers";

  private Durations() {}

  /**
   * Parses a duration and checks it against bounds.
   *
   * <p>The exception's message is written to follow the setting's name: {@code "--max-age " + e.getMessage()}
   * reads {@code --max-age is not a duration: write 90s, 15m, 8h, 2d or ISO-8601 such as PT15M, in whole
   * numbers}, or {@code --max-age is out of range: from 1s to 400d}.
   *
   * @param text the setting's text; {@code null} is refused like any text that is not a duration
   * @param min the shortest duration accepted, zero or more
   * @param max the longest duration accepted, at least {@code min}
   * @return the duration, from {@code min} to {@code max}
   * @throws IllegalArgumentException when {@code text} is not a duration in this syntax, or is out of range; and
   *     when {@code min} is negative or greater than {@code max}
   * @throws NullPointerException when {@code min} or {@code max} is null
   */
  public static Duration parse(CharSequence text, Duration min, Duration max) {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.isNegative() || min.compareTo(max) > 0) {
      throw new IllegalArgumentException("the bounds must satisfy 0 <= min <= max, not " + min + " and " + max);
    }
    Duration d = text == null || text.length() > MAX_LENGTH ? null : read(strip(text));
    if (d == null) {
      throw new IllegalArgumentException("is not a duration: " + FORMS);
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException("is out of range: from " + show(min) + " to " + show(max));
    }
    return d;
  }

  /** {@code text} without the spaces, tabs, CRs and LFs around it. */
  private static String strip(CharSequence text) {
    int from = 0;
    int to = text.length();
    while (from < to && " \t\r\n".indexOf(text.charAt(from)) >= 0) {
      from++;
    }
    while (to > from && " \t\r\n".indexOf(text.charAt(to - 1)) >= 0) {
      to--;
    }
    return text.subSequence(from, to).toString();
  }

  /** The duration {@code s} (stripped) spells, or null. */
  private static Duration read(String s) {
    if (s.isEmpty()) {
      return null;
    }
    char first = s.charAt(0);
    if (first == 'P' || first == 'p') {
      return iso(s);
    }
    long n = 0;
    int last = s.length() - 1;
    for (int i = 0; i < last; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9' || n > (Long.MAX_VALUE - 9) / 10) {
        return null;
      }
      n = n * 10 + (c - '0');
    }
    if (last == 0) {
      return null; // a unit without a number
    }
    try {
      return switch (s.charAt(last)) {
        case 's', 'S' -> Duration.ofSeconds(n);
        case 'm', 'M' -> Duration.ofMinutes(n);
        case 'h', 'H' -> Duration.ofHours(n);
        case 'd', 'D' -> Duration.ofDays(n);
        default -> null;
      };
    } catch (ArithmeticException e) {
      return null; // more seconds than a long holds
    }
  }

  /** ISO-8601 in whole days, hours, minutes and seconds, without signs; or null. */
  private static Duration iso(String s) {
    for (int i = 0; i < s.length(); i++) {
      if ("0123456789PTDHMSptdhms".indexOf(s.charAt(i)) < 0) {
        return null;
      }
    }
    try {
      return Duration.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code d} in the short syntax when it is whole seconds ({@code 400d}, {@code 90s}), else ISO-8601. */
  private static String show(Duration d) {
    long s = d.getSeconds();
    if (d.getNano() != 0 || s == 0) {
      return d.toString();
    }
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
