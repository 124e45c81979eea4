package dev.hardtack;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@code Set-Cookie} header value with secure defaults: {@code Path=/; Secure; HttpOnly; SameSite=Lax}.
 *
 * <pre>{@code
 * String header = SetCookie.builder("__Host-sid", codec.sign(sessionId))
 *     .maxAge(Duration.ofHours(8))
 *     .build()
 *     .headerValue();
 * // __Host-sid=s1.1.1764406800.<id>.<tag>; Max-Age=28800; Path=/; Secure; HttpOnly; SameSite=Lax
 * response.addHeader("Set-Cookie", header);
 *
 * // To delete it: the same name and path, Max-Age=0.
 * SetCookie.builder("__Host-sid", "").maxAge(Duration.ZERO).build();
 * }</pre>
 *
 * <p>Every check happens in {@link Builder#build()}, which throws {@link IllegalArgumentException} rather than
 * emit a header that a browser would misread or that would let a value inject attributes.
 *
 * <h2>Security</h2>
 * Names must be RFC 7230 tokens and values RFC 6265 cookie-octets (optionally in double quotes), so neither can
 * carry {@code ;}, a comma, white space, CR or LF into the header. Paths and domains are checked the same way.
 * The {@code __Host-} prefix requires {@code Secure}, {@code Path=/} and no {@code Domain}; {@code __Secure-}
 * requires {@code Secure}; {@code __Http-} requires {@code Secure} and {@code HttpOnly}, and {@code
 * __Host-Http-} the {@code __Host-} rules and {@code HttpOnly} (RFC 6265bis); the prefixes are matched in any
 * letter case, as browsers now do, since a browser drops a cookie that breaks its prefix's rules. {@code
 * SameSite=None} and {@code Partitioned} require {@code Secure}. A {@code Domain} must have at least two labels
 * ({@code Domain=com} would offer the cookie to a whole top-level domain, and browsers drop it). {@code
 * name=value} may be at most 4096 characters, the size browsers promise to store. {@link #toString()} hides the
 * value.
 */
public final class SetCookie {
  /** The longest {@code name=value} browsers must store. */
  public static final int MAX_NAME_VALUE_LENGTH = 4096;
  /** The longest {@code Max-Age} browsers honour: 400 days. */
  public static final Duration MAX_MAX_AGE = Duration.ofDays(400);
  /** The longest {@code Path} or {@code Domain} accepted. */
  public static final int MAX_ATTRIBUTE_LENGTH = 1024;

  private static final String EPOCH_EXPIRES = "Thu, 01 Jan 1970 00:00:00 GMT";

  private final String name;
  private final String headerValue;

  private SetCookie(String name, String headerValue) {
    this.name = name;
    this.headerValue = headerValue;
  }

  /**
   * Starts a {@code Set-Cookie} header.
   *
   * @param name the cookie name: an RFC 7230 token
   * @param value the cookie value: RFC 6265 cookie-octets, for example from {@link CookieCodec#sign(String)}
   * @return a builder with the secure defaults; both arguments are checked by {@link Builder#build()}
   * @throws NullPointerException when {@code name} or {@code value} is null
   */
  public static Builder builder(String name, String value) {
    return new Builder(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
  }

  /**
   * The header's value, without the {@code Set-Cookie:} field name. Attributes come in a fixed order:
   * {@code Max-Age} (with {@code Expires} in the past when deleting), {@code Domain}, {@code Path}, {@code
   * Secure}, {@code HttpOnly}, {@code SameSite}, {@code Partitioned}.
   *
   * @return for example {@code sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax}
   */
  public String headerValue() {
    return headerValue;
  }

  /**
   * The cookie's name.
   *
   * @return the name given to {@link #builder(String, String)}
   */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    int eq = headerValue.indexOf('=');
    int semi = headerValue.indexOf(';');
    return "SetCookie[" + headerValue.substring(0, eq + 1) + "<redacted>"
        + (semi < 0 ? "" : headerValue.substring(semi)) + "]";
  }

  /** Whether {@code s} is a non-empty RFC 7230 token. */
  static boolean isToken(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code c} is an RFC 6265 cookie-octet. */
  static boolean isCookieOctet(char c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b)
        || (c >= 0x5d && c <= 0x7e);
  }

  /** Whether {@code v} is an RFC 6265 cookie-value: cookie-octets, optionally wrapped in one pair of quotes. */
  static boolean isCookieValue(String v) {
    int from = 0;
    int to = v.length();
    if (to >= 2 && v.charAt(0) == '"' && v.charAt(to - 1) == '"') {
      from = 1;
      to--;
    }
    for (int i = from; i < to; i++) {
      if (!isCookieOctet(v.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Configures a {@link SetCookie}. Each option's default is stated on its setter.
   *
   * <pre>{@code
   * String header = SetCookie.builder("theme", "dark")
   *     .maxAge(Duration.ofDays(365))
   *     .sameSite(SameSite.STRICT)
   *     .httpOnly(false)                  // a script reads it; never do this for a session cookie
   *     .build()
   *     .headerValue();
   * // theme=dark; Max-Age=31536000; Path=/; Secure; SameSite=Strict
   * }</pre>
   *
   * <p>Security: the defaults are the safe choice; each weakening is explicit in the calling code.
   */
  public static final class Builder {
    private final String name;
    private final String value;
    private Duration maxAge;
    private String domain;
    private String path = "/";
    private SameSite sameSite = SameSite.LAX;
    private boolean secure = true;
    private boolean httpOnly = true;
    private boolean partitioned;

    private Builder(String name, String value) {
      this.name = name;
      this.value = value;
    }

    /**
     * {@code Max-Age}, in whole seconds. Default: none (a session cookie, dropped when the browser closes).
     * {@link Duration#ZERO} deletes the cookie (and adds an {@code Expires} in 1970 for old browsers). A fraction
     * of a second is rounded up, so that a positive duration never becomes {@code Max-Age=0}, which would delete
     * the cookie: {@code Duration.ofMillis(999)} gives {@code Max-Age=1}. At most 400 days; not negative.
     *
     * @param maxAge from zero to 400 days; checked by {@link #build()}
     * @return this builder
     */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
      return this;
    }

    /**
     * {@code Domain}. Default: none, so the cookie goes back only to the host that set it (the safest choice,
     * and required by {@code __Host-}). A leading dot is dropped, as browsers do. A single label ({@code com},
     * {@code localhost}) is refused: for a cookie of one host, leave the domain out.
     *
     * @param domain a host name of two labels or more; checked by {@link #build()}
     * @return this builder
     */
    public Builder domain(String domain) {
      this.domain = Objects.requireNonNull(domain, "domain");
      return this;
    }

    /**
     * {@code Path}. Default: {@code /}.
     *
     * @param path starts with {@code /}; checked by {@link #build()}
     * @return this builder
     */
    public Builder path(String path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * {@code SameSite}. Default: {@link SameSite#LAX}.
     *
     * @param sameSite the policy; {@link SameSite#NONE} needs {@code Secure}
     * @return this builder
     */
    public Builder sameSite(SameSite sameSite) {
      this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
      return this;
    }

    /**
     * {@code Secure}: sent only over HTTPS. Default: {@code true}.
     *
     * @param secure {@code false} only for plain-HTTP development
     * @return this builder
     */
    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    /**
     * {@code HttpOnly}: hidden from page scripts. Default: {@code true}.
     *
     * @param httpOnly {@code false} only for a cookie that scripts must read, never a session cookie
     * @return this builder
     */
    public Builder httpOnly(boolean httpOnly) {
      this.httpOnly = httpOnly;
      return this;
    }

    /**
     * {@code Partitioned} (CHIPS): one cookie jar per top-level site. Default: {@code false}.
     *
     * @param partitioned {@code true} needs {@code Secure}
     * @return this builder
     */
    public Builder partitioned(boolean partitioned) {
      this.partitioned = partitioned;
      return this;
    }

    /**
     * Checks everything and writes the header: a mistake is reported here, never sent to a browser.
     *
     * @return the header
     * @throws IllegalArgumentException for an invalid name, value, path or domain, a name and value over 4096
     *     characters, a single-label domain, a broken {@code __Host-}, {@code __Secure-}, {@code __Http-} or
     *     {@code __Host-Http-} rule, {@code SameSite=None} or {@code Partitioned} without {@code Secure}, or a
     *     negative or over-long {@code maxAge}
     */
    public SetCookie build() {
      if (!isToken(name)) {
        throw new IllegalArgumentException("the cookie name must be a non-empty RFC 7230 token");
      }
      if (!isCookieValue(value)) {
        throw new IllegalArgumentException(
            "the cookie value may hold only RFC 6265 cookie-octets (no space, quote, comma, semicolon or backslash)");
      }
      if (name.length() + value.length() > MAX_NAME_VALUE_LENGTH) {
        throw new IllegalArgumentException(
            "name and value are " + (name.length() + value.length()) + " characters, over the "
                + MAX_NAME_VALUE_LENGTH + " browsers store");
      }
      if (!path.startsWith("/") || path.length() > MAX_ATTRIBUTE_LENGTH || !isAttributeValue(path)) {
        throw new IllegalArgumentException("the path must start with / and hold no control character or ';'");
      }
      String dom = domain;
      if (dom != null) {
        if (dom.startsWith(".")) {
          dom = dom.substring(1);
        }
        if (!isDomain(dom)) {
          throw new IllegalArgumentException("the domain must be a host name: letters, digits, '-' and '.'");
        }
        if (dom.indexOf('.') < 0) {
          throw new IllegalArgumentException(
              "the domain must have two labels or more (a single label such as com covers a whole top-level"
                  + " domain); for a cookie of one host, set no domain");
        }
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("__host-") && (!secure || dom != null || !path.equals("/"))) {
        throw new IllegalArgumentException("a __Host- cookie needs Secure, Path=/ and no Domain");
      }
      if (lower.startsWith("__secure-") && !secure) {
        throw new IllegalArgumentException("a __Secure- cookie needs Secure");
      }
      if (lower.startsWith("__host-http-") && !httpOnly) {
        throw new IllegalArgumentException("a __Host-Http- cookie needs HttpOnly");
      }
      if (lower.startsWith("__http-") && (!secure || !httpOnly)) {
        throw new IllegalArgumentException("an __Http- cookie needs Secure and HttpOnly");
      }
      if (sameSite == SameSite.NONE && !secure) {
        throw new IllegalArgumentException("SameSite=None needs Secure");
      }
      if (partitioned && !secure) {
        throw new IllegalArgumentException("Partitioned needs Secure");
      }
      if (maxAge != null && (maxAge.isNegative() || maxAge.compareTo(MAX_MAX_AGE) > 0)) {
        throw new IllegalArgumentException("Max-Age must be 0 to " + MAX_MAX_AGE.toDays() + " days, not " + maxAge);
      }
      StringBuilder h = new StringBuilder(name.length() + value.length() + 96);
      h.append(name).append('=').append(value);
      if (maxAge != null) {
        // Rounded up: a positive fraction of a second is never Max-Age=0, which deletes the cookie.
        long seconds = maxAge.getSeconds() + (maxAge.getNano() > 0 ? 1 : 0);
        h.append("; Max-Age=").append(seconds);
        if (seconds == 0) {
          h.append("; Expires=").append(EPOCH_EXPIRES);
        }
      }
      if (dom != null) {
        h.append("; Domain=").append(dom);
      }
      h.append("; Path=").append(path);
      if (secure) {
        h.append("; Secure");
      }
      if (httpOnly) {
        h.append("; HttpOnly");
      }
      h.append("; SameSite=").append(sameSite.attributeValue());
      if (partitioned) {
        h.append("; Partitioned");
      }
      return new SetCookie(name, h.toString());
    }

    private static boolean isAttributeValue(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c >= 0x7f || c == ';') {
          return false;
        }
      }
      return true;
    }

    private static boolean isDomain(String d) {
      if (d.isEmpty() || d.length() > 253 || d.startsWith(".") || d.endsWith(".") || d.contains("..")) {
        return false;
      }
      for (int i = 0; i < d.length(); i++) {
        char c = d.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
          return false;
        }
      }
      return true;
    }
  }
}
