package dev.hardtack.examples;

import dev.hardtack.CookieCodec;
import dev.hardtack.CookieHeader;
import dev.hardtack.KeyRing;
import dev.hardtack.SessionIdGenerator;
import dev.hardtack.SetCookie;
import dev.hardtack.Verification;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * The framework-neutral part of every recipe: find the request's session in its {@code Cookie} headers, or
 * start a new one, and say which {@code Set-Cookie} header (if any) the response needs.
 */
public final class SessionCookies {
  /** {@code __Host-}: the browser keeps it only if Secure, Path=/ and no Domain, so no subdomain can set it. */
  public static final String COOKIE_NAME = "__Host-sid";
  /** The request attribute where the recipes leave the session id for the application. */
  public static final String REQUEST_ATTRIBUTE = "hardtack.sessionId";
  /** The cookie's lifetime, in the browser and in the signature. */
  public static final Duration LIFETIME = Duration.ofHours(8);

  private final CookieCodec codec;
  private final SessionIdGenerator ids;

  /**
   * Session cookies signed with {@code ring}.
   *
   * @param ring the keys; rotate them on the ring, the codec follows
   */
  public SessionCookies(KeyRing ring) {
    this(CookieCodec.builder(ring).cookieName(COOKIE_NAME).maxAge(LIFETIME).build(), SessionIdGenerator.create());
  }

  /**
   * Session cookies made by a codec built elsewhere (the Spring Boot starter's bean, for instance).
   *
   * @param codec named {@link #COOKIE_NAME}, with {@link #LIFETIME} as its max age
   * @param ids new session ids
   */
  public SessionCookies(CookieCodec codec, SessionIdGenerator ids) {
    this.codec = codec;
    this.ids = ids;
  }

  /**
   * The session of a request.
   *
   * @param cookieHeaders every {@code Cookie} header of the request; empty or null when there is none
   * @return the session id, and the {@code Set-Cookie} header to send when it is new or signed by an old key
   */
  public Session resolve(Collection<String> cookieHeaders) {
    Verification r = codec.verifyHeader(CookieHeader.parse(cookieHeaders));
    if (r.isValid()) {
      String id = r.value();
      return new Session(id, r.needsResign() ? Optional.of(setCookie(id)) : Optional.empty());
    }
    String id = ids.next(); // missing, expired, tampered or tossed: a fresh session, never the client's id
    return new Session(id, Optional.of(setCookie(id)));
  }

  /**
   * The {@code Set-Cookie} header value that stores {@code sessionId}, signed by the primary key.
   *
   * @param sessionId the session id
   * @return {@code __Host-sid=s1...; Max-Age=28800; Path=/; Secure; HttpOnly; SameSite=Lax}
   */
  public String setCookie(String sessionId) {
    return SetCookie.builder(COOKIE_NAME, codec.sign(sessionId)).maxAge(LIFETIME).build().headerValue();
  }

  /**
   * A request's session.
   *
   * @param id the session id, trusted: it was signed by this server or just made
   * @param setCookie the header value to add to the response, when one is needed
   */
  public record Session(String id, Optional<String> setCookie) {}
}
