package dev.hardtack.express;

import dev.hardtack.internal.Base64Codec;
import dev.hardtack.internal.ConstantTime;
import dev.hardtack.internal.HmacSha256;
import dev.hardtack.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Byte-compatible with the npm packages cookie-signature 1.2 and express-session 1.19, so that a Java service can
 * read and write the session cookies of an Express application during a migration, or beside it.
 *
 * <pre>{@code
 * ExpressCookies ex = ExpressCookies.of(List.of("new secret", "old secret")); // the first signs
 * String raw = ex.toCookieValue(sessionId);        // "s%3A<id>.<tag>", as express-session writes it
 * Optional<String> id = ex.fromCookieValue(raw);   // the session id, or empty
 * String signed = ex.sign("hello");                // "hello.<base64 HMAC-SHA256 without '='>"
 * Optional<String> v = ex.unsign(signed);          // Optional[hello]
 * }</pre>
 *
 * <p>Wire format: {@code value + "." + base64(HMAC-SHA256(secret, value))}, in the standard base64 alphabet with
 * the {@code =} padding removed; the value is signed as UTF-8 (unpaired surrogates as U+FFFD, as Node does), and
 * the secret's UTF-8 bytes are the HMAC key as they are. express-session stores {@code "s:" + signed} in the
 * cookie, percent-encoded as JavaScript's {@code encodeURIComponent} does.
 *
 * <p>Immutable and thread-safe. Unsigning never throws.
 *
 * <h2>Security</h2>
 * This format is weaker than {@link dev.hardtack.CookieCodec}'s and exists for compatibility: the secret is the
 * HMAC key directly (no key derivation), the cookie name is not bound into the tag, and there is no issued-at
 * or expiry in the cookie (express-session keeps expiry on the server). So short legacy secrets are accepted
 * here, unlike in {@link dev.hardtack.KeyRing}, to let an existing application migrate; only the empty secret is
 * refused. Tags are compared in constant time, and a signature with padding, trailing data, another alphabet or
 * non-canonical bits is refused, as cookie-signature 1.2 refuses it. {@link #toString()} shows no secret.
 */
public final class ExpressCookies {
  private static final int TAG_CHARS = 43;
  private static final String PREFIX = "s:";
  private static final String UNRESERVED =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final List<HmacSha256> macs;

  private ExpressCookies(List<HmacSha256> macs) {
    this.macs = macs;
  }

  /**
   * Reads and writes Express cookies under these secrets.
   *
   * @param secrets express-session's secret option, as a list: the first signs, every one verifies
   * @return an immutable, thread-safe instance
   * @throws NullPointerException when the list or a secret is null
   * @throws IllegalArgumentException when the list or a secret is empty
   */
  public static ExpressCookies of(List<String> secrets) {
    Objects.requireNonNull(secrets, "secrets");
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one secret is needed");
    }
    List<HmacSha256> macs = new ArrayList<>(secrets.size());
    for (String secret : secrets) {
      Objects.requireNonNull(secret, "a secret is null");
      if (secret.isEmpty()) {
        throw new IllegalArgumentException("a secret must not be empty");
      }
      macs.add(new HmacSha256(secret.getBytes(StandardCharsets.UTF_8)));
    }
    return new ExpressCookies(List.copyOf(macs));
  }

  /**
   * Signs as cookie-signature's {@code sign(value, secrets[0])} does.
   *
   * @param value any string
   * @return {@code value + "." + tag}
   * @throws NullPointerException when {@code value} is null
   * @see #unsign(String)
   */
  public String sign(String value) {
    Objects.requireNonNull(value, "value");
    return value + "." + Base64Codec.STANDARD.encode(macs.get(0).compute(Utf8.encodeLikeNode(value)));
  }

  /**
   * Checks a signed string against every secret, as express-session does with cookie-signature's {@code unsign}.
   * Never throws.
   *
   * @param signed a string made by {@code sign}, here or in Node; {@code null} gives empty
   * @return the value when some secret's tag matches exactly, else empty (also for {@code null})
   * @see #sign(String)
   */
  public Optional<String> unsign(String signed) {
    if (signed == null) {
      return Optional.empty();
    }
    int dot = signed.lastIndexOf('.');
    if (dot < 0 || signed.length() - dot - 1 != TAG_CHARS) {
      return Optional.empty();
    }
    byte[] given = new byte[HmacSha256.TAG_LENGTH];
    if (Base64Codec.STANDARD.decode(signed, dot + 1, signed.length(), given, 0) != given.length) {
      return Optional.empty();
    }
    String value = signed.substring(0, dot);
    byte[] message = Utf8.encodeLikeNode(value);
    boolean match = false;
    for (HmacSha256 mac : macs) {
      match |= ConstantTime.equal(mac.compute(message), given);
    }
    return match ? Optional.of(value) : Optional.empty();
  }

  /**
   * The cookie value express-session writes for {@code sessionId}: {@code encodeURIComponent("s:" +
   * sign(sessionId))}.
   *
   * @param sessionId the session id, as express-session's store knows it
   * @return the cookie value, percent-encoded
   * @throws NullPointerException when {@code sessionId} is null
   * @throws IllegalArgumentException when it has an unpaired surrogate, which {@code encodeURIComponent} refuses
   * @see #fromCookieValue(String)
   */
  public String toCookieValue(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    if (!Utf8.isWellFormed(sessionId)) {
      throw new IllegalArgumentException("the session id has an unpaired surrogate");
    }
    return encodeUriComponent(PREFIX + sign(sessionId));
  }

  /**
   * The session id in an express-session cookie value, in its percent-encoded form (as sent by the browser) or
   * its decoded {@code s:} form (as cookie-parser hands it on). Never throws.
   *
   * @param raw the cookie value; {@code null} gives empty
   * @return the session id, or empty for junk, a bad percent-encoding, a missing {@code s:}, or a bad signature
   * @see #toCookieValue(String)
   */
  public Optional<String> fromCookieValue(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    // encodeURIComponent never writes ':', so a leading "s:" marks the decoded form, whose value may hold '%'.
    String decoded = raw.startsWith(PREFIX) || raw.indexOf('%') < 0 ? raw : decodeUriComponent(raw);
    if (decoded == null || !decoded.startsWith(PREFIX)) {
      return Optional.empty();
    }
    return unsign(decoded.substring(PREFIX.length()));
  }

  /** JavaScript's {@code encodeURIComponent} for a well-formed string. */
  static String encodeUriComponent(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    byte[] bytes = Utf8.encodeLikeNode(s);
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && UNRESERVED.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
    }
    return out.toString();
  }

  /** JavaScript's {@code decodeURIComponent}; {@code null} where it would throw a {@code URIError}. */
  static String decodeUriComponent(String s) {
    byte[] bytes = new byte[s.length()];
    int n = 0;
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '%') {
        if (n > 0) {
          String part = Utf8.decodeStrict(bytes, 0, n);
          if (part == null) {
            return null;
          }
          out.append(part);
          n = 0;
        }
        out.append(c);
        i++;
        continue;
      }
      if (i + 2 >= s.length()) {
        return null;
      }
      int hi = Character.digit(s.charAt(i + 1), 16);
      int lo = Character.digit(s.charAt(i + 2), 16);
      if (hi < 0 || lo < 0 || s.charAt(i + 1) > 0x7f || s.charAt(i + 2) > 0x7f) {
        return null;
      }
      bytes[n++] = (byte) (hi << 4 | lo);
      i += 3;
    }
    if (n > 0) {
      String part = Utf8.decodeStrict(bytes, 0, n);
      if (part == null) {
        return null;
      }
      out.append(part);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "ExpressCookies[secrets=" + macs.size() + ", <redacted>]";
  }
}
