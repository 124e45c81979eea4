package dev.hardtack.demo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.hardtack.CookieCodec;
import dev.hardtack.CookieHeader;
import dev.hardtack.KeyRing;
import dev.hardtack.SetCookie;
import dev.hardtack.Verification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The demo: a session server on the JDK's {@code com.sun.net.httpserver}, with every Hardtack call in plain view.
 *
 * <pre>{@code
 * try (DemoServer server = DemoServer.start(new DemoServer.Settings(
 *     new InetSocketAddress(8443), sslContext, KeyRing.generate(), Duration.ofMinutes(15), Duration.ofHours(8),
 *     10_000, Clock.systemUTC(), System.err::println))) {
 *   ...
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code GET /}: counts visits in a server-side session whose id travels in the signed cookie {@value
 *       #SESSION_COOKIE}.
 *   <li>{@code POST /login} (form field {@code name}): a new session id for the signed-in user; the old id ends.
 *   <li>{@code POST /logout}: ends the session and deletes the cookie.
 *   <li>{@code GET /stateless}: counts visits in the encrypted cookie {@value #STATE_COOKIE}; no server state.
 * </ul>
 *
 * <h2>Security</h2>
 * A cookie that is missing, tampered with, expired, signed by an unknown key, or names a session that ended,
 * starts a fresh session; the log line gives the status only, never the cookie or the session id. A valid cookie
 * signed by a key other than the primary is re-issued under the primary ({@link Verification#needsResign()}),
 * so a rotation logs nobody out. POSTs whose {@code Origin} is another host are refused (on top of SameSite=Lax).
 * Pages carry a strict Content-Security-Policy and {@code Cache-Control: no-store}. In {@code --http} mode the
 * cookies keep their {@code __Host-} names and {@code Secure}: the browser talks HTTPS to the proxy in front,
 * and browsers treat {@code http://localhost} as secure for a local try-out.
 */
final class DemoServer implements AutoCloseable {
  /** The session id cookie: signed, Secure, HttpOnly, SameSite=Lax, host-only. */
  static final String SESSION_COOKIE = "__Host-sid";
  /** The stateless variant's cookie: the visit count, encrypted. */
  static final String STATE_COOKIE = "__Host-visits";
  /** The longest form body read. */
  static final int MAX_FORM_BYTES = 4096;
  /** Worker threads. */
  static final int WORKERS = 32;
  /** The longest user name accepted, in characters. */
  static final int MAX_NAME_LENGTH = 64;

  /**
   * What the server needs.
   *
   * @param address where to listen (port 0 picks a free one)
   * @param tls the TLS context, or {@code null} for plain HTTP
   * @param ring the keys; the codecs read it on every request, so changes to it apply at once
   * @param idle a session unused for longer ends
   * @param absolute every session ends this long after it began
   * @param capacity the most sessions kept in memory
   * @param clock the time for sessions and cookies
   * @param log where one-line events go; never given a cookie or a session id
   */
  record Settings(
      InetSocketAddress address, SSLContext tls, KeyRing ring, Duration idle, Duration absolute, int capacity,
      Clock clock, Consumer<String> log) {
    Settings {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(ring, "ring");
      Objects.requireNonNull(idle, "idle");
      Objects.requireNonNull(absolute, "absolute");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(log, "log");
    }
  }

  private final Settings settings;
  private final SessionStore store;
  private final CookieCodec sessionCodec;
  private final CookieCodec stateCodec;
  private final HttpServer server;
  private final ExecutorService pool;

  private DemoServer(Settings s) throws IOException {
    this.settings = s;
    this.store = new SessionStore(s.clock(), s.idle(), s.absolute(), s.capacity());
    // The session cookie is not re-signed on every visit, so its signature may live as long as the session.
    this.sessionCodec = CookieCodec.builder(s.ring()).cookieName(SESSION_COOKIE).maxAge(s.absolute())
        .clock(s.clock()).build();
    // The stateless cookie is re-issued on every visit: its age is the time since the last visit.
    this.stateCodec = CookieCodec.builder(s.ring()).cookieName(STATE_COOKIE).encrypted().maxAge(s.idle())
        .clock(s.clock()).build();
    if (s.tls() != null) {
      HttpsServer https = HttpsServer.create(s.address(), 64);
      https.setHttpsConfigurator(new HttpsConfigurator(s.tls()));
      this.server = https;
    } else {
      this.server = HttpServer.create(s.address(), 64);
    }
    AtomicInteger n = new AtomicInteger();
    // The JDK's server reads each request (and does each TLS handshake) on a worker thread, so a slow client
    // holds one: enough workers that a few cannot stall the demo (Main also caps how long a request may take).
    this.pool = Executors.newFixedThreadPool(WORKERS, r -> new Thread(r, "demo-http-" + n.incrementAndGet()));
    server.setExecutor(pool);
    server.createContext("/", this::handle);
  }

  /** Binds and starts serving. */
  static DemoServer start(Settings settings) throws IOException {
    DemoServer d = new DemoServer(settings);
    d.server.start();
    return d;
  }

  /** The port actually bound. */
  int port() {
    return server.getAddress().getPort();
  }

  /** Live server-side sessions. */
  int sessions() {
    return store.size();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String method = ex.getRequestMethod();
      switch (path) {
        case "/":
          if (allow(ex, method, "GET")) {
            home(ex);
          }
          break;
        case "/login":
          if (allow(ex, method, "POST") && sameOrigin(ex)) {
            login(ex);
          }
          break;
        case "/logout":
          if (allow(ex, method, "POST") && sameOrigin(ex)) {
            logout(ex);
          }
          break;
        case "/stateless":
          if (allow(ex, method, "GET")) {
            stateless(ex);
          }
          break;
        default:
          send(ex, 404, Html.errorPage(404, "Nothing here. Try / or /stateless."));
      }
    } catch (RuntimeException e) {
      log(ex, "failed: " + e.getClass().getName()); // the message might quote input; the class says enough
      if (ex.getResponseCode() == -1) {
        send(ex, 500, Html.errorPage(500, "Something went wrong."));
      }
    }
  }

  // ---- The session variant: GET /, POST /login, POST /logout ----

  private void home(HttpExchange ex) throws IOException {
    Verification cookie = sessionCodec.verifyHeader(cookies(ex));
    SessionStore.Session session = liveSession(ex, cookie);
    boolean issue = false;
    if (session == null) {
      session = store.create();
      issue = true;
    } else if (cookie.needsResign()) {
      // Rolling cookies: the client moves to the primary key now, long before the old key is retired.
      log(ex, "session cookie signed by key " + cookie.keyVersion() + ": re-issued with primary key "
          + settings.ring().primaryVersion());
      issue = true;
    }
    SessionStore.View view = store.visit(session);
    if (issue) {
      setSessionCookie(ex, session);
    }
    send(ex, 200, Html.sessionPage(view, settings.idle(), store.absoluteDeadline(session),
        settings.ring().primaryVersion()));
  }

  private void login(HttpExchange ex) throws IOException {
    String name = formField(ex, "name");
    if (name == null) {
      send(ex, 400, Html.errorPage(400, "Give a name of 1 to " + MAX_NAME_LENGTH + " printable characters."));
      return;
    }
    SessionStore.Session old = liveSession(ex, sessionCodec.verifyHeader(cookies(ex)));
    // No session fixation: whatever id the browser came with, it leaves with a new one, and the old one is dead.
    SessionStore.Session fresh = store.renew(old, name);
    log(ex, old == null ? "signed in: new session" : "signed in: session moved to a new id, old id ended");
    setSessionCookie(ex, fresh);
    redirect(ex, "/");
  }

  private void logout(HttpExchange ex) throws IOException {
    Verification cookie = sessionCodec.verifyHeader(cookies(ex));
    if (cookie.isValid()) {
      store.remove(cookie.value());
    }
    log(ex, "signed out: session ended, cookie deleted");
    ex.getResponseHeaders().add("Set-Cookie",
        SetCookie.builder(SESSION_COOKIE, "").maxAge(Duration.ZERO).build().headerValue());
    redirect(ex, "/");
  }

  /** The live session that the cookie names, or {@code null} after logging why there is none. */
  private SessionStore.Session liveSession(HttpExchange ex, Verification cookie) {
    if (!cookie.isValid()) {
      if (cookie.status() != Verification.Status.MISSING) {
        log(ex, "session cookie rejected: " + cookie.status() + ": fresh session");
      }
      return null;
    }
    SessionStore.Lookup found = store.find(cookie.value());
    if (found.session() == null) {
      log(ex, "session cookie valid but " + found.status() + ": fresh session");
    }
    return found.session();
  }

  private void setSessionCookie(HttpExchange ex, SessionStore.Session session) {
    // Max-Age: the session's remaining absolute lifetime, so the browser drops the cookie when the server would.
    Duration left = Duration.between(settings.clock().instant(), store.absoluteDeadline(session));
    ex.getResponseHeaders().add("Set-Cookie",
        SetCookie.builder(SESSION_COOKIE, sessionCodec.sign(session.id())).maxAge(atLeastOneSecond(left)).build()
            .headerValue());
  }

  // ---- The stateless variant: GET /stateless ----

  private void stateless(HttpExchange ex) throws IOException {
    Instant now = settings.clock().instant();
    Verification cookie = stateCodec.verifyHeader(cookies(ex));
    int visits = 0;
    long startedAt = now.getEpochSecond();
    if (cookie.isValid()) {
      long[] state = parseState(cookie.value());
      if (state == null) {
        // Authentic yet unreadable: only a server bug (or an older format) gets here.
        log(ex, "visits cookie authentic but unreadable: fresh count");
      } else if (!now.isBefore(Instant.ofEpochSecond(state[1]).plus(settings.absolute()))) {
        log(ex, "visits cookie valid but " + SessionStore.Status.ABSOLUTE_TIMEOUT + ": fresh count");
      } else {
        visits = (int) state[0];
        startedAt = state[1];
      }
    } else if (cookie.status() != Verification.Status.MISSING) {
      // EXPIRED here is the idle timeout: the cookie is re-issued on every visit, with maxAge = idle.
      log(ex, "visits cookie rejected: " + cookie.status() + ": fresh count");
    }
    visits = visits == Integer.MAX_VALUE ? visits : visits + 1;
    Instant deadline = Instant.ofEpochSecond(startedAt).plus(settings.absolute());
    Duration left = Duration.between(now, deadline);
    Duration maxAge = left.compareTo(settings.idle()) < 0 ? left : settings.idle();
    // Re-issued on every visit (the count changed), so it is always under the primary key: rotation is free.
    ex.getResponseHeaders().add("Set-Cookie",
        SetCookie.builder(STATE_COOKIE, stateCodec.sign(visits + "." + startedAt)).maxAge(atLeastOneSecond(maxAge))
            .build().headerValue());
    send(ex, 200, Html.statelessPage(visits, settings.idle(), deadline));
  }

  /** {@code "count.startedAtEpochSecond"} as two numbers, or {@code null}. */
  private static long[] parseState(String value) {
    int dot = value.indexOf('.');
    try {
      long visits = Long.parseLong(value.substring(0, Math.max(dot, 0)));
      long started = Long.parseLong(value.substring(dot + 1));
      return visits >= 0 && visits <= Integer.MAX_VALUE && started >= 0 ? new long[] {visits, started} : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  // ---- HTTP plumbing ----

  private static CookieHeader cookies(HttpExchange ex) {
    return CookieHeader.parse(ex.getRequestHeaders().get("Cookie"));
  }

  /** Whole seconds, rounded up, at least one: a {@code Max-Age} of 0 would delete the cookie. */
  private static Duration atLeastOneSecond(Duration d) {
    long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Duration.ofSeconds(Math.max(1, s));
  }

  private static boolean allow(HttpExchange ex, String method, String allowed) throws IOException {
    if (method.equals(allowed)) {
      return true;
    }
    ex.getResponseHeaders().set("Allow", allowed);
    send(ex, 405, Html.errorPage(405, "Use " + allowed + " here."));
    return false;
  }

  /** Refuses a POST whose Origin names another host (a cross-site form), on top of what SameSite=Lax does. */
  private boolean sameOrigin(HttpExchange ex) throws IOException {
    String origin = ex.getRequestHeaders().getFirst("Origin");
    String host = ex.getRequestHeaders().getFirst("Host");
    if (origin == null) {
      return true; // not a browser, or an old one: SameSite=Lax still keeps the cookie off cross-site POSTs
    }
    String authority = null;
    try {
      authority = URI.create(origin).getRawAuthority();
    } catch (IllegalArgumentException e) {
      // "null" and junk fall through to the refusal
    }
    if (authority != null && authority.equalsIgnoreCase(host)) {
      return true;
    }
    log(ex, "refused: cross-origin POST");
    send(ex, 403, Html.errorPage(403, "Cross-site requests are refused."));
    return false;
  }

  /** The form field {@code field} when it is 1 to 64 printable characters (trimmed), else {@code null}. */
  private static String formField(HttpExchange ex, String field) throws IOException {
    byte[] body = readAtMost(ex.getRequestBody(), MAX_FORM_BYTES);
    if (body == null) {
      return null;
    }
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(field)) {
        String value;
        try {
          value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).strip();
        } catch (IllegalArgumentException e) {
          return null; // a broken %-escape
        }
        if (value.isEmpty() || value.length() > MAX_NAME_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
          return null;
        }
        return value;
      }
    }
    return null;
  }

  /** The whole stream if it holds at most {@code max} bytes, else {@code null}. */
  private static byte[] readAtMost(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1024];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + n > max) {
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static void send(HttpExchange ex, int status, String html) throws IOException {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    Headers h = ex.getResponseHeaders();
    h.set("Content-Type", "text/html; charset=utf-8");
    securityHeaders(h);
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    Headers h = ex.getResponseHeaders();
    h.set("Location", location);
    securityHeaders(h);
    ex.sendResponseHeaders(303, -1);
  }

  private static void securityHeaders(Headers h) {
    h.set("Cache-Control", "no-store");
    h.set("Content-Security-Policy", Html.CSP);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    // No Strict-Transport-Security: on localhost it would pin every other local port to HTTPS too.
  }

  private void log(HttpExchange ex, String event) {
    settings.log().accept(settings.clock().instant() + " " + ex.getRequestMethod() + " "
        + ex.getRequestURI().getRawPath() + ": " + event);
  }
}
