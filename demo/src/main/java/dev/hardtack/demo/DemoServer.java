package dev.hardtack.demo;

import dev.hardtack.CookieCodec;
import dev.hardtack.CookieHeader;
import dev.hardtack.KeyRing;
import dev.hardtack.SetCookie;
import dev.hardtack.Verification;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.ConnectionStatistics;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * The demo: a session server on Jetty 12 (its core API, no servlets), with every Hardtack call in plain view.
 *
 * <pre>{@code
 * try (DemoServer server = DemoServer.start(new DemoServer.Settings(
 *     new InetSocketAddress(InetAddress.getLoopbackAddress(), 8443), sslContext, KeyRing.generate(),
 *     Duration.ofMinutes(15), Duration.ofHours(8), 10_000, Clock.systemUTC(), System.err::println))) {
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
 * <p>Why Jetty: the JDK's {@code HttpServer} reads each request (and does each TLS handshake) on a worker thread,
 * so 40 connections that trickle a request line, or send one TLS byte, held all its workers and a normal visitor
 * waited 10 s. Jetty reads requests without blocking, so a slow client holds a connection, not a thread.
 *
 * <h2>Security</h2>
 * A cookie that is missing, tampered with, expired, signed by an unknown key, or names a session that ended,
 * starts a fresh session; the log line gives the status only, never the cookie or the session id. A valid cookie
 * signed by a key other than the primary is re-issued under the primary ({@link Verification#needsResign()}),
 * so a rotation logs nobody out. State-changing POSTs need a same-origin {@code Origin} (scheme, host and port)
 * or, without one, {@code Sec-Fetch-Site: same-origin}; anything else is refused, on top of SameSite=Lax, which
 * does not stop login CSRF (the attacker's login needs no cookie of the victim's). TLS is 1.3, or 1.2 with AEAD
 * suites only ({@link #TLS_CIPHER_SUITES}). Pages carry a strict Content-Security-Policy and {@code
 * Cache-Control: no-store}. In {@code --http} mode the cookies keep their {@code __Host-} names and {@code
 * Secure}: the browser talks HTTPS to the proxy in front, and browsers treat {@code http://localhost} as secure.
 */
final class DemoServer implements AutoCloseable {
  /** The session id cookie: signed, Secure, HttpOnly, SameSite=Lax, host-only. */
  static final String SESSION_COOKIE = "__Host-sid";
  /** The stateless variant's cookie: the visit count, encrypted. */
  static final String STATE_COOKIE = "__Host-visits";
  /** The longest form body read. */
  static final int MAX_FORM_BYTES = 4096;
  /** The longest user name accepted, in characters. */
  static final int MAX_NAME_LENGTH = 64;
  /** Open connections at most; beyond, new ones wait in the kernel's backlog. */
  static final int MAX_CONNECTIONS = 5_000;
  /** A connection that sends nothing for this long is closed. */
  static final Duration CONNECTION_IDLE_TIMEOUT = Duration.ofSeconds(20);
  /** TLS versions offered. */
  static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  /** TLS suites offered: TLS 1.3's, and TLS 1.2's with forward secrecy and AEAD (no CBC, no SHA-1 MAC). */
  static final List<String> TLS_CIPHER_SUITES = List.of(
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /**
   * What the server needs.
   *
   * @param address where to listen (port 0 picks a free one); the demo's default is the loopback address
   * @param tls the TLS context, or {@code null} for plain HTTP
   * @param ring the keys; the codecs read it on every request, so changes to it apply at once
   * @param idle a session unused for longer ends
   * @param absolute every session ends this long after it began
   * @param capacity the most sessions in each of the store's two tiers, fresh and kept (see {@link SessionStore})
   * @param clock the time for sessions and cookies
   * @param log where one-line events go; never given a cookie or a session id
   * @param unsignedBaseline for the load benchmark only: the session cookie carries the bare id, neither signed
   *     nor verified (Hardtack's share of a request, taken out); never for real use
   */
  record Settings(
      InetSocketAddress address, SSLContext tls, KeyRing ring, Duration idle, Duration absolute, int capacity,
      Clock clock, Consumer<String> log, boolean unsignedBaseline) {
    Settings {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(ring, "ring");
      Objects.requireNonNull(idle, "idle");
      Objects.requireNonNull(absolute, "absolute");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(log, "log");
    }

    Settings(InetSocketAddress address, SSLContext tls, KeyRing ring, Duration idle, Duration absolute,
        int capacity, Clock clock, Consumer<String> log) {
      this(address, tls, ring, idle, absolute, capacity, clock, log, false);
    }
  }

  private final Settings settings;
  private final SessionStore store;
  private final CookieCodec sessionCodec;
  private final CookieCodec stateCodec;
  private final Server server;
  private final ServerConnector connector;
  private final ConnectionStatistics connections = new ConnectionStatistics();

  private DemoServer(Settings s) {
    this.settings = s;
    this.store = new SessionStore(s.clock(), s.idle(), s.absolute(), s.capacity());
    // The session cookie is not re-signed on every visit, so its signature may live as long as the session.
    this.sessionCodec = CookieCodec.builder(s.ring()).cookieName(SESSION_COOKIE).maxAge(s.absolute())
        .clock(s.clock()).build();
    // The stateless cookie is re-issued on every visit: its age is the time since the last visit.
    this.stateCodec = CookieCodec.builder(s.ring()).cookieName(STATE_COOKIE).encrypted().maxAge(s.idle())
        .clock(s.clock()).build();

    this.server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    // Jetty's HTTP/1.1 parser reuses a header line seen before on the connection when the new one matches it, by
    // default ignoring case: a Cookie whose tag differed from the previous request's in one letter's case reached
    // us as the previous, valid, value. Header values (cookies, tags, tokens) are case-sensitive: exact matches only.
    http.setHeaderCacheCaseSensitive(true);
    HttpConnectionFactory h1 = new HttpConnectionFactory(http);
    if (s.tls() != null) {
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setSslContext(s.tls());
      tls.setIncludeProtocols(TLS_PROTOCOLS.toArray(String[]::new));
      tls.setIncludeCipherSuites(TLS_CIPHER_SUITES.toArray(String[]::new));
      tls.setRenegotiationAllowed(false);
      this.connector = new ServerConnector(server, tls, h1);
    } else {
      this.connector = new ServerConnector(server, h1);
    }
    InetSocketAddress at = s.address();
    connector.setHost(at.getAddress() != null ? at.getAddress().getHostAddress() : at.getHostString());
    connector.setPort(s.address().getPort());
    connector.setIdleTimeout(CONNECTION_IDLE_TIMEOUT.toMillis());
    connector.addBean(connections);
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
    ErrorHandler errors = new ErrorHandler(); // Jetty's own 400s and the like: no stack trace, no message echo
    errors.setShowStacks(false);
    errors.setShowMessageInTitle(false);
    server.setErrorHandler(errors);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        DemoServer.this.handle(request, response, callback);
        return true;
      }
    });
  }

  /** Binds and starts serving. */
  static DemoServer start(Settings settings) throws IOException {
    DemoServer d = new DemoServer(settings);
    try {
      d.server.start();
    } catch (Exception e) {
      d.close();
      throw new IOException("cannot listen on " + settings.address() + ": " + e.getMessage(), e);
    }
    return d;
  }

  /** The port actually bound. */
  int port() {
    return connector.getLocalPort();
  }

  /** Where the server listens, as bound. */
  InetSocketAddress address() throws IOException {
    return (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
  }

  /** Live server-side sessions (and ended ones not yet dropped). */
  long sessions() {
    return store.size();
  }

  /** Connections open now. */
  long openConnections() {
    return connections.getConnections();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      settings.log().accept("stopping the server: " + e.getClass().getName());
    }
  }

  private void handle(Request req, Response res, Callback done) {
    try {
      String path = req.getHttpURI().getPath();
      switch (path == null ? "" : path) {
        case "/":
          if (allow(req, res, done, "GET")) {
            home(req, res, done);
          }
          break;
        case "/login":
          if (allow(req, res, done, "POST") && sameOrigin(req, res, done)) {
            login(req, res, done);
          }
          break;
        case "/logout":
          if (allow(req, res, done, "POST") && sameOrigin(req, res, done)) {
            logout(req, res, done);
          }
          break;
        case "/stateless":
          if (allow(req, res, done, "GET")) {
            stateless(req, res, done);
          }
          break;
        default:
          send(res, done, 404, Html.errorPage(404, "Nothing here. Try / or /stateless."));
      }
    } catch (RuntimeException e) {
      fail(req, res, done, e);
    }
  }

  private void fail(Request req, Response res, Callback done, Throwable e) {
    log(req, "failed: " + e.getClass().getName()); // the message might quote input; the class says enough
    if (res.isCommitted()) {
      done.failed(e);
    } else {
      send(res, done, 500, Html.errorPage(500, "Something went wrong."));
    }
  }

  // ---- The session variant: GET /, POST /login, POST /logout ----

  private void home(Request req, Response res, Callback done) {
    SessionCookie cookie = sessionCookie(req);
    SessionStore.Session session = cookie == null ? null : liveSession(req, cookie.id());
    boolean issue = false;
    if (session == null) {
      session = store.create();
      issue = true;
    } else if (cookie.resign()) {
      // Rolling cookies: the client moves to the primary key now, long before the old key is retired.
      log(req, "session cookie signed by key " + cookie.keyVersion() + ": re-issued with primary key "
          + settings.ring().primaryVersion());
      issue = true;
    }
    SessionStore.View view = store.visit(session);
    if (issue) {
      setSessionCookie(res, session);
    }
    send(res, done, 200, Html.sessionPage(view, settings.idle(), store.absoluteDeadline(session),
        settings.ring().primaryVersion()));
  }

  private void login(Request req, Response res, Callback done) {
    // The form is read without holding a thread: a client that trickles its body costs a connection only. Once
    // it is in, the rest runs on a pool thread (BLOCKING), not on Jetty's selector: it takes locks and signs.
    FormFields.onFields(req, StandardCharsets.UTF_8, 8, MAX_FORM_BYTES, Promise.Invocable.from(
        InvocationType.BLOCKING, (Fields fields, Throwable failure) -> {
      try {
        String name = failure == null ? name(fields) : null;
        if (name == null) {
          send(res, done, 400, Html.errorPage(400, "Give a name of 1 to " + MAX_NAME_LENGTH
              + " printable characters."));
          return;
        }
        SessionCookie cookie = sessionCookie(req);
        SessionStore.Session old = cookie == null ? null : liveSession(req, cookie.id());
        // No session fixation: whatever id the browser came with, it leaves with a new one, and the old one ends.
        SessionStore.Session fresh = store.renew(old, name);
        log(req, old == null ? "signed in: new session" : "signed in: session moved to a new id, old id ended");
        setSessionCookie(res, fresh);
        redirect(res, done, "/");
      } catch (RuntimeException e) {
        fail(req, res, done, e);
      }
    }));
  }

  private void logout(Request req, Response res, Callback done) {
    SessionCookie cookie = sessionCookie(req);
    if (cookie != null) {
      store.remove(cookie.id());
    }
    log(req, "signed out: session ended, cookie deleted");
    res.getHeaders().add(HttpHeader.SET_COOKIE,
        SetCookie.builder(SESSION_COOKIE, "").maxAge(Duration.ZERO).build().headerValue());
    redirect(res, done, "/");
  }

  /** A session cookie that passed verification: the id it carries, and whether to re-sign it. */
  private record SessionCookie(String id, boolean resign, int keyVersion) {}

  /** The request's session cookie when it is valid; otherwise {@code null}, after logging why. */
  private SessionCookie sessionCookie(Request req) {
    CookieHeader header = cookies(req);
    if (settings.unsignedBaseline()) { // the load benchmark's "without Hardtack": the bare id, unchecked
      List<String> raw = header.values(SESSION_COOKIE);
      return raw.isEmpty() ? null : new SessionCookie(raw.get(0), false, 0);
    }
    Verification cookie = sessionCodec.verifyHeader(header);
    if (!cookie.isValid()) {
      if (cookie.status() != Verification.Status.MISSING) {
        log(req, "session cookie rejected: " + cookie.status() + ": fresh session");
      }
      return null;
    }
    return new SessionCookie(cookie.value(), cookie.needsResign(), cookie.keyVersion());
  }

  /** The live session of that id, or {@code null} after logging why there is none. */
  private SessionStore.Session liveSession(Request req, String id) {
    SessionStore.Lookup found = store.find(id);
    if (found.session() == null) {
      log(req, "session cookie valid but " + found.status() + ": fresh session");
    }
    return found.session();
  }

  private void setSessionCookie(Response res, SessionStore.Session session) {
    // Max-Age: the session's remaining absolute lifetime, so the browser drops the cookie when the server would.
    Duration left = Duration.between(settings.clock().instant(), store.absoluteDeadline(session));
    String value = settings.unsignedBaseline() ? session.id() : sessionCodec.sign(session.id());
    res.getHeaders().add(HttpHeader.SET_COOKIE,
        SetCookie.builder(SESSION_COOKIE, value).maxAge(atLeastOneSecond(left)).build().headerValue());
  }

  // ---- The stateless variant: GET /stateless ----

  private void stateless(Request req, Response res, Callback done) {
    Instant now = settings.clock().instant();
    Verification cookie = stateCodec.verifyHeader(cookies(req));
    int visits = 0;
    long startedAt = now.getEpochSecond();
    if (cookie.isValid()) {
      long[] state = parseState(cookie.value());
      if (state == null) {
        // Authentic yet unreadable: only a server bug (or an older format) gets here.
        log(req, "visits cookie authentic but unreadable: fresh count");
      } else if (!now.isBefore(Instant.ofEpochSecond(state[1]).plus(settings.absolute()))) {
        log(req, "visits cookie valid but " + SessionStore.Status.ABSOLUTE_TIMEOUT + ": fresh count");
      } else {
        visits = (int) state[0];
        startedAt = state[1];
      }
    } else if (cookie.status() != Verification.Status.MISSING) {
      // EXPIRED here is the idle timeout: the cookie is re-issued on every visit, with maxAge = idle.
      log(req, "visits cookie rejected: " + cookie.status() + ": fresh count");
    }
    visits = visits == Integer.MAX_VALUE ? visits : visits + 1;
    Instant deadline = Instant.ofEpochSecond(startedAt).plus(settings.absolute());
    Duration left = Duration.between(now, deadline);
    Duration maxAge = left.compareTo(settings.idle()) < 0 ? left : settings.idle();
    // Re-issued on every visit (the count changed), so it is always under the primary key: rotation is free.
    res.getHeaders().add(HttpHeader.SET_COOKIE,
        SetCookie.builder(STATE_COOKIE, stateCodec.sign(visits + "." + startedAt)).maxAge(atLeastOneSecond(maxAge))
            .build().headerValue());
    send(res, done, 200, Html.statelessPage(visits, settings.idle(), deadline));
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

  private static CookieHeader cookies(Request req) {
    return CookieHeader.parse(req.getHeaders().getValuesList(HttpHeader.COOKIE));
  }

  /** Whole seconds, rounded up, at least one: a {@code Max-Age} of 0 would delete the cookie. */
  private static Duration atLeastOneSecond(Duration d) {
    long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Duration.ofSeconds(Math.max(1, s));
  }

  private static boolean allow(Request req, Response res, Callback done, String allowed) {
    if (req.getMethod().equals(allowed)) {
      return true;
    }
    res.getHeaders().put(HttpHeader.ALLOW, allowed);
    closeIfBodyUnread(req, res);
    send(res, done, 405, Html.errorPage(405, "Use " + allowed + " here."));
    return false;
  }

  /**
   * Lets a POST through only when the browser says it comes from this very origin: an {@code Origin} header
   * equal to this server's scheme, host and port, or, when a browser sends no {@code Origin}, {@code
   * Sec-Fetch-Site: same-origin}. SameSite=Lax alone is not enough: it keeps the victim's cookie off a
   * cross-site POST, but a login CSRF needs no cookie of the victim's (the attacker's form logs the victim in as
   * the attacker), and a "same-site" sibling subdomain passes SameSite.
   */
  private boolean sameOrigin(Request req, Response res, Callback done) {
    HttpFields h = req.getHeaders();
    String origin = h.get(HttpHeader.ORIGIN);
    boolean ok;
    if (origin != null) {
      ok = sameOrigin(origin, scheme(h), h.get(HttpHeader.HOST));
    } else {
      ok = "same-origin".equals(h.get("Sec-Fetch-Site"));
    }
    if (!ok) {
      log(req, origin != null ? "refused: cross-origin POST" : "refused: POST without Origin or Sec-Fetch-Site");
      closeIfBodyUnread(req, res);
      send(res, done, 403, Html.errorPage(403, "Cross-site requests are refused."));
    }
    return ok;
  }

  /**
   * A refusal does not read the request's body. What has arrived is skipped; if more is on its way, the response
   * says {@code Connection: close}, so that the client does not send its next request down a connection that
   * Jetty is about to close.
   */
  private static void closeIfBodyUnread(Request req, Response res) {
    if (!req.consumeAvailable()) {
      res.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
  }

  /**
   * This server's scheme as the browser sees it: https with TLS; behind a TLS proxy ({@code --http}), what the
   * proxy's {@code X-Forwarded-Proto} says. A cross-site form cannot set that header, so it cannot lie with it.
   */
  private String scheme(HttpFields h) {
    if (settings.tls() != null) {
      return "https";
    }
    return "https".equalsIgnoreCase(h.get("X-Forwarded-Proto")) ? "https" : "http";
  }

  /** Whether {@code origin} is exactly {@code scheme://host} (ports compared with the scheme's default filled in). */
  static boolean sameOrigin(String origin, String scheme, String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    try {
      URI o = new URI(origin);
      URI self = new URI(scheme + "://" + host);
      return o.getScheme() != null && o.getScheme().equalsIgnoreCase(scheme)
          && o.getRawUserInfo() == null && (o.getRawPath() == null || o.getRawPath().isEmpty())
          && o.getRawQuery() == null && o.getRawFragment() == null
          && o.getHost() != null && self.getHost() != null
          && o.getHost().toLowerCase(Locale.ROOT).equals(self.getHost().toLowerCase(Locale.ROOT))
          && port(o) == port(self)
          && self.getRawUserInfo() == null && self.getRawPath().isEmpty();
    } catch (java.net.URISyntaxException e) {
      return false; // "null", junk, or a Host header that is no host
    }
  }

  private static int port(URI u) {
    return u.getPort() != -1 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  /** The user name from the form: 1 to 64 printable characters (trimmed), else {@code null}. */
  private static String name(Fields fields) {
    String value = fields.getValue("name");
    if (value == null) {
      return null;
    }
    value = value.strip();
    if (value.isEmpty() || value.length() > MAX_NAME_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
      return null;
    }
    return value;
  }

  private static void send(Response res, Callback done, int status, String html) {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    res.setStatus(status);
    HttpFields.Mutable h = res.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    h.put(HttpHeader.CONTENT_LENGTH, body.length);
    securityHeaders(h);
    res.write(true, ByteBuffer.wrap(body), done);
  }

  private static void redirect(Response res, Callback done, String location) {
    res.setStatus(303);
    HttpFields.Mutable h = res.getHeaders();
    h.put(HttpHeader.LOCATION, location);
    h.put(HttpHeader.CONTENT_LENGTH, 0);
    securityHeaders(h);
    res.write(true, null, done);
  }

  private static void securityHeaders(HttpFields.Mutable h) {
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    h.put("Content-Security-Policy", Html.CSP);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("Referrer-Policy", "no-referrer");
    // No Strict-Transport-Security: on localhost it would pin every other local port to HTTPS too.
  }

  private void log(Request req, String event) {
    settings.log().accept(settings.clock().instant() + " " + req.getMethod() + " " + req.getHttpURI().getPath()
        + ": " + event);
  }
}
