package dev.hardtack.spring;

import dev.hardtack.CookieCodec;
import dev.hardtack.CookieHeader;
import dev.hardtack.SameSite;
import dev.hardtack.SetCookie;
import dev.hardtack.Verification;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import org.springframework.session.web.http.CookieSerializer;

/**
 * Spring Session's cookie, signed (or encrypted) by Hardtack: the cookie holds {@code codec.sign(sessionId)}
 * rather than the base64 of a bare id, so only ids this fleet issued reach the session store.
 *
 * <pre>{@code
 * @Bean CookieSerializer cookieSerializer(CookieCodec codec) {   // the starter defines this bean for you
 *   return new HardtackCookieSerializer(codec, Duration.ofHours(8), SameSite.LAX);
 * }
 * }</pre>
 *
 * <p>Reading: every {@code Cookie} header is parsed (bounded) and verified once per request with {@link
 * CookieCodec#verifyHeader}, so a tossed duplicate cannot win; a tampered, unknown-key, expired or ambiguous
 * cookie yields no id, and Spring Session then starts a new session. Writing: {@code Set-Cookie: NAME=<signed>;
 * Max-Age=...; Path=/; Secure; HttpOnly; SameSite=...}; an empty value (Spring Session's {@code invalidate()})
 * deletes the cookie. A cookie on an old key, or past half its lifetime, is re-signed by {@link
 * HardtackResignFilter} on the same response, because Spring Session writes the cookie only for a new id.
 *
 * <h2>Security</h2>
 * Fails closed: an id comes back only from a cookie that verified. The id and the cookie never appear in
 * exceptions, logs or {@link #toString()}. The cookie is always {@code Secure} and {@code HttpOnly}.
 */
public final class HardtackCookieSerializer implements CookieSerializer {
  /** Request attribute holding this request's {@link Verification}, so the cookie is verified only once. */
  public static final String VERIFICATION_ATTRIBUTE = HardtackCookieSerializer.class.getName() + ".verification";

  private final CookieCodec codec;
  private final Duration maxAge;
  private final Duration refreshAfter;
  private final SameSite sameSite;
  private final Clock clock;

  /**
   * A serializer for {@code codec}'s cookie.
   *
   * @param codec signs and verifies; its cookie name is the cookie's name
   * @param maxAge the cookie's Max-Age, normally the codec's max age; a cookie older than half of it is re-signed
   * @param sameSite the SameSite attribute
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code maxAge} is not 1 second to 400 days
   */
  public HardtackCookieSerializer(CookieCodec codec, Duration maxAge, SameSite sameSite) {
    this(codec, maxAge, sameSite, Clock.systemUTC());
  }

  HardtackCookieSerializer(CookieCodec codec, Duration maxAge, SameSite sameSite, Clock clock) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxAge.compareTo(Duration.ofSeconds(1)) < 0 || maxAge.compareTo(SetCookie.MAX_MAX_AGE) > 0) {
      throw new IllegalArgumentException(
          "maxAge must be 1 second to " + SetCookie.MAX_MAX_AGE.toDays() + " days, not " + maxAge);
    }
    this.refreshAfter = maxAge.dividedBy(2);
    // Fail at start-up, not on a request, if the name cannot make a valid header.
    deletion();
  }

  @Override
  public void writeCookieValue(CookieValue cookieValue) {
    HttpServletResponse response = cookieValue.getResponse();
    String id = cookieValue.getCookieValue();
    if (id == null || id.isEmpty() || cookieValue.getCookieMaxAge() == 0) {
      response.addHeader("Set-Cookie", deletion());
    } else {
      response.addHeader("Set-Cookie", issue(id));
    }
  }

  @Override
  public List<String> readCookieValues(HttpServletRequest request) {
    Verification v = verify(request);
    return v.isValid() ? List.of(v.value()) : List.of();
  }

  /**
   * Verifies the request's cookie, once: the result is kept in a request attribute.
   *
   * @param request the request
   * @return the result; never null, never throws
   */
  Verification verify(HttpServletRequest request) {
    Object cached = request.getAttribute(VERIFICATION_ATTRIBUTE);
    if (cached instanceof Verification known) {
      return known;
    }
    Enumeration<String> headers = request.getHeaders("Cookie");
    List<String> all = headers == null ? List.of() : Collections.list(headers);
    Verification v = codec.verifyHeader(CookieHeader.parse(all));
    request.setAttribute(VERIFICATION_ATTRIBUTE, v);
    return v;
  }

  /** Whether a valid cookie should be issued again: on an old key, or past half its lifetime. */
  boolean needsRefresh(Verification v) {
    if (!v.isValid()) {
      return false;
    }
    return v.needsResign() || v.issuedAt().plus(refreshAfter).isBefore(Instant.now(clock));
  }

  /** The Set-Cookie header value for a session id. */
  String issue(String id) {
    return SetCookie.builder(codec.cookieName(), codec.sign(id)).maxAge(maxAge).sameSite(sameSite).build()
        .headerValue();
  }

  /** The Set-Cookie header value that deletes the cookie. */
  String deletion() {
    return SetCookie.builder(codec.cookieName(), "").maxAge(Duration.ZERO).sameSite(sameSite).build()
        .headerValue();
  }

  @Override
  public String toString() {
    return "HardtackCookieSerializer[" + codec.cookieName() + ", maxAge=" + maxAge + "]";
  }
}
