package dev.hardtack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import dev.hardtack.Verification;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Drives the running demo over HTTPS (and once over HTTP) on a random loopback port. */
class DemoServerTest {
  private static final Duration IDLE = Duration.ofMinutes(15);
  private static final Duration ABSOLUTE = Duration.ofHours(8);
  private static final int CAPACITY = 20;
  private static final String SID = DemoServer.SESSION_COOKIE;
  private static final String STATE = DemoServer.STATE_COOKIE;

  private final TestClock clock = new TestClock(Instant.parse("2026-11-29T09:00:00Z"));
  private final List<String> log = new CopyOnWriteArrayList<>();
  private KeyRing ring = KeyRing.generate();
  private DemoServer server;
  private DemoClient client;

  @TempDir Path dir;

  private void start(SSLContext tls) throws Exception {
    start(tls, CAPACITY);
  }

  private void start(SSLContext tls, int capacity) throws Exception {
    server = DemoServer.start(new DemoServer.Settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        tls, ring, IDLE, ABSOLUTE, capacity, clock, log::add));
    HttpClient http = tls != null ? TestTls.client() : HttpClient.newHttpClient();
    client = new DemoClient(http, URI.create((tls != null ? "https" : "http") + "://127.0.0.1:" + server.port()));
  }

  private void start() throws Exception {
    start(TestTls.server());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    ring.close();
  }

  /** The session id inside a cookie value, checked with the server's own ring. */
  private String sessionId(String cookie) {
    Verification v = codec(SID).verify(cookie);
    assertTrue(v.isValid(), v.toString());
    return v.value();
  }

  private CookieCodec codec(String name) {
    CookieCodec.Builder b = CookieCodec.builder(ring).cookieName(name).clock(clock);
    return name.equals(STATE) ? b.encrypted().build() : b.build();
  }

  /**
   * One character of the tag changed, five from the end: a middle base64url character carries six full bits, so
   * the result is still canonical and fails on its tag (BAD_SIGNATURE). Changing the last character, as this test
   * once did, gave MALFORMED whenever the new character had padding bits set (one run in four).
   */
  private static String tamper(String cookie) {
    int i = cookie.length() - 5;
    char c = cookie.charAt(i);
    return cookie.substring(0, i) + (c == 'A' ? 'B' : 'A') + cookie.substring(i + 1);
  }

  private String logText() {
    return String.join("\n", log);
  }

  @Test
  void get_repeatedVisits_countRises() throws Exception {
    start();
    assertEquals("Welcome to this page for the first time!", client.get("/").visits());
    assertEquals("You visited this page 2 times", client.get("/").visits());
    assertEquals("You visited this page 3 times", client.get("/").visits());
    assertEquals(1, server.sessions());
    assertEquals("", logText(), "nothing unusual happened, so nothing is logged");
  }

  @Test
  void get_firstVisit_setsSignedHostOnlySecureHttpOnlyLaxCookie() throws Exception {
    start();
    DemoClient.Response first = client.get("/");
    String header = first.setCookie(SID).orElseThrow();
    String value = client.jar.get(SID);
    assertEquals(SID + "=" + value + "; Max-Age=28800; Path=/; Secure; HttpOnly; SameSite=Lax", header);
    assertTrue(value.startsWith("s1."), value);
    assertEquals(32, sessionId(value).length(), "a 192-bit id from SessionIdGenerator");

    DemoClient.Response second = client.get("/");
    assertTrue(second.setCookies().isEmpty(), "a valid cookie under the primary key is not re-sent");
    assertEquals("no-store", second.header("Cache-Control"));
    assertTrue(second.header("Content-Security-Policy").contains("script-src 'sha256-"));
  }

  @Test
  void get_tamperedCookie_startsFreshSessionAndLogsStatusOnly() throws Exception {
    start();
    client.get("/");
    client.get("/");
    String good = client.jar.get(SID);
    String tampered = tamper(good);
    client.jar.put(SID, tampered);

    DemoClient.Response r = client.get("/");

    assertEquals("Welcome to this page for the first time!", r.visits());
    assertNotEquals(sessionId(good), sessionId(client.jar.get(SID)), "a new session, with a new id");
    assertTrue(logText().contains("session cookie rejected: BAD_SIGNATURE"), logText());
    assertFalse(logText().contains(tampered), "the cookie is never logged");
    assertFalse(logText().contains(sessionId(good)), "the session id is never logged");
  }

  /**
   * Regression: Jetty's HTTP/1.1 parser keeps a per-connection cache of header fields and, by default, matches a
   * new header line against it ignoring case, so a {@code Cookie} header that differs from the previous one on the
   * same connection only in the case of one letter reached the handler as the previous, valid, value. The tamper
   * test above hit this once in 64 runs (when the character it changes was an {@code 'a'}).
   */
  @Test
  void get_cookieDifferingOnlyInLetterCase_isRejectedOnSameConnection() throws Exception {
    start(null); // plain HTTP, so that one raw socket can carry both requests
    client.get("/");
    String good = client.jar.get(SID);
    int i = good.length() - 2; // a tag character that carries six full bits, so the result stays canonical
    while (!Character.isLetter(good.charAt(i))) {
      i--;
    }
    char c = good.charAt(i);
    char flipped = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
    String tampered = good.substring(0, i) + flipped + good.substring(i + 1);
    String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + SID + "=%s\r\n%s\r\n";

    String responses;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
      s.setSoTimeout(10_000);
      // Two requests down one connection: the second's Cookie line differs from the first's in one letter's case.
      s.getOutputStream().write((String.format(request, good, "")
          + String.format(request, tampered, "Connection: close\r\n")).getBytes(StandardCharsets.US_ASCII));
      responses = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    int second = responses.indexOf("HTTP/1.1 200", 1);
    assertTrue(second > 0, responses);
    assertTrue(responses.substring(0, second).contains("You visited this page 2 times"), responses);
    assertTrue(responses.substring(second).contains("Welcome to this page for the first time!"),
        "the altered cookie was read as the previous request's: " + responses.substring(second));
    assertTrue(logText().contains("session cookie rejected: BAD_SIGNATURE"), logText());
  }

  @Test
  void get_junkAndForeignCookies_startFreshSessions() throws Exception {
    start();
    client.jar.put(SID, "not-a-cookie");
    assertEquals("Welcome to this page for the first time!", client.get("/").visits());
    assertTrue(logText().contains("rejected: MALFORMED"), logText());

    // Signed by another server's key: authentic-looking, but not ours.
    KeyRing other = KeyRing.generate();
    client.jar.put(SID, CookieCodec.builder(other).cookieName(SID).clock(clock).build().sign("someone-elses-id"));
    assertEquals("Welcome to this page for the first time!", client.get("/").visits());
    assertTrue(logText().contains("rejected: BAD_SIGNATURE"), logText());

    // Signed by our key, but for an id the store never issued.
    client.jar.put(SID, codec(SID).sign("x".repeat(32)));
    assertEquals("Welcome to this page for the first time!", client.get("/").visits());
    assertTrue(logText().contains("valid but UNKNOWN_SESSION"), logText());
  }

  @Test
  void get_withinIdleTimeout_keepsSession_afterIt_startsFresh() throws Exception {
    start();
    client.get("/");
    clock.advance(IDLE.minusSeconds(1));
    assertEquals("You visited this page 2 times", client.get("/").visits(), "each visit restarts the idle clock");
    clock.advance(IDLE.minusSeconds(1));
    assertEquals("You visited this page 3 times", client.get("/").visits());
    String before = client.jar.get(SID);

    clock.advance(IDLE);

    assertEquals("Welcome to this page for the first time!", client.get("/").visits());
    assertNotEquals(sessionId(before), sessionId(client.jar.get(SID)));
    assertTrue(logText().contains("valid but IDLE_TIMEOUT"), logText());
  }

  @Test
  void get_afterAbsoluteTimeout_startsFreshEvenForABusySession() throws Exception {
    start();
    client.get("/");
    int visits = 1;
    for (Duration t = Duration.ZERO; t.plus(IDLE.dividedBy(2)).compareTo(ABSOLUTE) < 0;
        t = t.plus(IDLE.dividedBy(2))) {
      clock.advance(IDLE.dividedBy(2));
      assertEquals("You visited this page " + ++visits + " times", client.get("/").visits());
    }
    clock.advance(IDLE.dividedBy(2)); // now exactly 8 hours after the session began

    assertEquals("Welcome to this page for the first time!", client.get("/").visits());
    // The cookie's own maxAge (the absolute timeout) says so before the store is even asked.
    assertTrue(logText().contains("session cookie rejected: EXPIRED"), logText());
  }

  @Test
  void get_absoluteTimeout_holdsEvenWhenTheCookieWasResigned() throws Exception {
    start();
    client.get("/");
    for (int minutes = 10; minutes < 480; minutes += 10) {
      clock.advance(Duration.ofMinutes(10));
      if (minutes == 460) {
        ring.rotate(); // this visit re-signs the cookie, so the cookie's own age restarts...
      }
      client.get("/");
    }
    assertTrue(logText().contains("re-issued with primary key 2"), logText());
    clock.advance(Duration.ofMinutes(10)); // ...but the server-side session began 8 hours ago

    assertEquals("Welcome to this page for the first time!", client.get("/").visits());
    assertTrue(logText().contains("valid but ABSOLUTE_TIMEOUT"), logText());
  }

  @Test
  void login_changesSessionIdKeepsCount_andOldIdStopsWorking() throws Exception {
    start();
    client.get("/");
    client.get("/");
    String before = client.jar.get(SID);

    DemoClient.Response r = client.post("/login", "name=Ada+%3Cscript%3E");

    assertEquals(303, r.status());
    assertEquals("/", r.header("Location"));
    String after = client.jar.get(SID);
    assertTrue(r.setCookie(SID).orElseThrow().endsWith("; Max-Age=28800; Path=/; Secure; HttpOnly; SameSite=Lax"));
    assertNotEquals(sessionId(before), sessionId(after), "no session fixation");
    DemoClient.Response page = client.get("/");
    assertEquals("You visited this page 3 times", page.visits());
    assertTrue(page.body().contains("Signed in as <b>Ada &lt;script&gt;</b>"), page.body());

    client.jar.put(SID, before); // an attacker who planted or saw the pre-login id
    DemoClient.Response planted = client.get("/");
    assertEquals("Welcome to this page for the first time!", planted.visits());
    assertFalse(planted.body().contains("Signed in as"));
  }

  @Test
  void login_withoutCookie_startsSignedInSession() throws Exception {
    start();
    assertEquals(303, client.post("/login", "name=Grace").status());
    DemoClient.Response page = client.get("/");
    assertTrue(page.body().contains("Signed in as <b>Grace</b>"), page.body());
  }

  @Test
  void login_badNameOrForeignOrigin_isRefused() throws Exception {
    start();
    assertEquals(400, client.post("/login", "name=").status());
    assertEquals(400, client.post("/login", "name=" + "x".repeat(65)).status());
    assertEquals(400, client.post("/login", "name=%zz").status());
    assertEquals(400, client.post("/login", "name=" + "x".repeat(5000)).status());
    assertEquals(403, client.send(client.request("/login").header("Origin", "https://evil.example")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=Eve"))).status());
    assertTrue(client.jar.isEmpty(), "no cookie came back from any of these");
    assertEquals(405, client.get("/login").status());
    assertEquals(404, client.get("/favicon.ico").status());
    assertEquals(0, server.sessions());
  }

  @Test
  void logout_endsSessionAndDeletesCookie() throws Exception {
    start();
    client.post("/login", "name=Ada");
    client.get("/");
    String before = client.jar.get(SID);

    DemoClient.Response r = client.post("/logout", "");

    assertEquals(303, r.status());
    assertEquals(SID + "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Secure; HttpOnly; SameSite=Lax",
        r.setCookie(SID).orElseThrow());
    assertNull(client.jar.get(SID));
    assertEquals(0, server.sessions());
    client.jar.put(SID, before); // a copy of the cookie kept from before the logout
    assertEquals("Welcome to this page for the first time!", client.get("/").visits());
    assertTrue(logText().contains("valid but UNKNOWN_SESSION"), logText());
  }

  @Test
  void rotation_inMemory_reissuesCookieUnderNewKey_andNobodyIsLoggedOut() throws Exception {
    start();
    client.get("/");
    ring.rotate();

    DemoClient.Response r = client.get("/");

    assertEquals("You visited this page 2 times", r.visits());
    assertEquals(2, codec(SID).verify(client.jar.get(SID)).keyVersion(), "rolled to the new primary");
    assertTrue(r.setCookie(SID).isPresent());
    ring.revoke(1);
    assertEquals("You visited this page 3 times", client.get("/").visits());
  }

  @Test
  void rotation_throughKeyringFile_takesEffectLive_andClientKeepsSession() throws Exception {
    Path file = dir.resolve("demo.keyring");
    ring = Main.openKeyRing(file, log::add);
    assertTrue(Files.exists(file), "created on first start");
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
    start();
    client.get("/");
    client.get("/");
    String signedByV1 = client.jar.get(SID);

    // A second process (the CLI, say) rotates the key in the file; the server is not restarted.
    KeyRing admin = KeyRing.load(file);
    assertEquals(2, admin.rotate());
    admin.save(file);
    await(() -> ring.primaryVersion() == 2, "the server picks up the rotation");

    DemoClient.Response r = client.get("/");
    assertEquals("You visited this page 3 times", r.visits(), "nobody is logged out");
    assertEquals(2, codec(SID).verify(client.jar.get(SID)).keyVersion(), "the cookie rolled to key 2");
    assertTrue(logText().contains("re-issued with primary key 2"), logText());

    // Once every cookie has rolled, the old key goes; the client that rolled keeps its session.
    admin.revoke(1);
    admin.save(file);
    await(() -> ring.keys().size() == 1, "the server picks up the revocation");
    assertEquals("You visited this page 4 times", client.get("/").visits());

    client.jar.put(SID, signedByV1); // a cookie that never rolled
    assertEquals("Welcome to this page for the first time!", client.get("/").visits());
    assertTrue(logText().contains("session cookie rejected: UNKNOWN_KEY"), logText());
  }

  @Test
  void keyringFile_existing_isLoadedNotReplaced() throws Exception {
    Path file = dir.resolve("k");
    KeyRing first = KeyRing.generate();
    first.rotate();
    first.save(file);
    byte[] before = Files.readAllBytes(file);
    try (KeyRing again = Main.openKeyRing(file, log::add)) {
      assertEquals(2, again.primaryVersion());
    }
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)));
  }

  @Test
  void stateless_countsInEncryptedCookie_withoutServerState() throws Exception {
    start();
    assertEquals("Welcome to this page for the first time!", client.get("/stateless").visits());
    assertEquals("You visited this page 2 times", client.get("/stateless").visits());
    DemoClient.Response third = client.get("/stateless");
    assertEquals("You visited this page 3 times", third.visits());

    String value = client.jar.get(STATE);
    assertTrue(value.startsWith("e1."), "encrypted format: " + value);
    assertTrue(codec(STATE).verify(value).value().startsWith("3."), "the count is inside, encrypted");
    assertEquals(STATE + "=" + value + "; Max-Age=900; Path=/; Secure; HttpOnly; SameSite=Lax",
        third.setCookie(STATE).orElseThrow());
    assertEquals(0, server.sessions(), "nothing stored on the server");
    assertFalse(client.jar.containsKey(SID));
  }

  @Test
  void stateless_tamperedOrSignedNotEncrypted_startsFresh() throws Exception {
    start();
    client.get("/stateless");
    client.get("/stateless");
    String good = client.jar.get(STATE);
    client.jar.put(STATE, tamper(good));
    assertEquals("Welcome to this page for the first time!", client.get("/stateless").visits());
    assertTrue(logText().contains("visits cookie rejected: BAD_SIGNATURE"), logText());

    // A signed (readable) cookie carrying a big count is not accepted in place of an encrypted one.
    client.jar.put(STATE, CookieCodec.builder(ring).cookieName(STATE).clock(clock).build()
        .sign("1000." + clock.instant().getEpochSecond()));
    assertEquals("Welcome to this page for the first time!", client.get("/stateless").visits());
    assertFalse(logText().contains(good));
  }

  @Test
  void stateless_idleAndAbsoluteTimeouts() throws Exception {
    start();
    client.get("/stateless");
    clock.advance(IDLE.minusSeconds(1));
    assertEquals("You visited this page 2 times", client.get("/stateless").visits());
    clock.advance(IDLE);
    assertEquals("Welcome to this page for the first time!", client.get("/stateless").visits());
    assertTrue(logText().contains("visits cookie rejected: EXPIRED"), logText());

    int visits = 1;
    for (Duration t = Duration.ZERO; t.plus(Duration.ofMinutes(10)).compareTo(ABSOLUTE) < 0;
        t = t.plus(Duration.ofMinutes(10))) {
      clock.advance(Duration.ofMinutes(10));
      assertEquals("You visited this page " + ++visits + " times", client.get("/stateless").visits());
    }
    DemoClient.Response last = client.get("/stateless");
    assertEquals("Max-Age=600", last.setCookie(STATE).orElseThrow().split("; ", -1)[1],
        "the cookie's lifetime shrinks to what is left of the absolute timeout");
    clock.advance(Duration.ofMinutes(10));
    assertEquals("Welcome to this page for the first time!", client.get("/stateless").visits());
    assertTrue(logText().contains("visits cookie valid but ABSOLUTE_TIMEOUT"), logText());
  }

  @Test
  void stateless_survivesRotation() throws Exception {
    start();
    client.get("/stateless");
    ring.rotate();
    assertEquals("You visited this page 2 times", client.get("/stateless").visits());
    assertEquals(2, codec(STATE).verify(client.jar.get(STATE)).keyVersion());
  }

  @Test
  void httpMode_sameCookieAndCounter() throws Exception {
    start(null);
    DemoClient.Response first = client.get("/");
    assertEquals("Welcome to this page for the first time!", first.visits());
    assertTrue(first.setCookie(SID).orElseThrow().endsWith("; Path=/; Secure; HttpOnly; SameSite=Lax"),
        "still Secure: a TLS proxy in front, or a browser on http://localhost, keeps it");
    assertEquals("You visited this page 2 times", client.get("/").visits());
  }

  @Test
  void keystore_givenFile_servesItsCertificate() throws Exception {
    Path p12 = dir.resolve("tls.p12");
    try (java.io.OutputStream out = Files.newOutputStream(p12)) {
      TestTls.CERT.keyStore().store(out, TestTls.CERT.password());
    }
    start(Main.fromKeyStore(p12, new String(TestTls.CERT.password())));
    assertEquals("Welcome to this page for the first time!", client.get("/").visits());
    org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> Main.fromKeyStore(p12, "wrong password"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Main.fromKeyStore(p12, null));
  }

  @Test
  @Tag("slow")
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void flood_20000AnonymousRequests_returningAndSignedInSessionsSurvive_storeStaysBounded() throws Exception {
    int capacity = 500;
    start(null, capacity); // plain HTTP: the flood is about the store, and HTTP keeps the test quick
    DemoClient returning = client.fresh();
    returning.get("/");
    returning.get("/");
    DemoClient signedIn = client.fresh();
    assertEquals(303, signedIn.post("/login", "name=Ada").status());
    signedIn.get("/");
    int returningVisits = 2;
    int signedInVisits = 1;
    DemoClient anonymous = client.fresh();
    for (int i = 1; i <= 20_000; i++) {
      anonymous.jar.clear();
      assertEquals(200, anonymous.get("/").status());
      // Each comes back only after twice the store's capacity of anonymous visitors: a least-recently-used store
      // would have evicted both every time.
      if (i % (2 * capacity) == 0) {
        assertEquals("You visited this page " + ++returningVisits + " times", returning.get("/").visits(),
            "after " + i + " anonymous requests");
        DemoClient.Response page = signedIn.get("/");
        assertEquals("You visited this page " + ++signedInVisits + " times", page.visits());
        assertTrue(page.body().contains("Signed in as <b>Ada</b>"));
      }
    }
    assertTrue(server.sessions() <= 2L * capacity, "bounded: " + server.sessions());
    assertFalse(logText().contains("UNKNOWN_SESSION"), logText());
  }

  @Test
  void post_crossOriginOrWrongSchemeOrPort_isRefused() throws Exception {
    start();
    int port = server.port();
    for (String origin : List.of("https://evil.example", "http://127.0.0.1:" + port, "https://127.0.0.1:" + (port
        + 1), "https://127.0.0.1", "null", "https://127.0.0.1:" + port + "/path", "https://user@127.0.0.1:" + port,
        "https://127.0.0.1.evil.example:" + port)) {
      DemoClient.Response r = client.send(form("/login", "name=Eve").header("Origin", origin));
      assertEquals(403, r.status(), origin);
    }
    assertEquals(403, client.send(form("/logout", "").header("Origin", "https://evil.example")).status());
    assertTrue(client.jar.isEmpty(), "no cookie came back");
    assertEquals(0, server.sessions());
    assertTrue(logText().contains("refused: cross-origin POST"), logText());
  }

  @Test
  void post_withoutOrigin_needsSecFetchSiteSameOrigin() throws Exception {
    start();
    assertEquals(403, client.send(form("/login", "name=Eve")).status(), "neither Origin nor Sec-Fetch-Site");
    assertEquals(403, client.send(form("/login", "name=Eve").header("Sec-Fetch-Site", "cross-site")).status());
    assertEquals(403, client.send(form("/login", "name=Eve").header("Sec-Fetch-Site", "same-site")).status());
    assertTrue(logText().contains("refused: POST without Origin or Sec-Fetch-Site"), logText());
    assertEquals(303, client.send(form("/login", "name=Ada").header("Sec-Fetch-Site", "same-origin")).status());
    assertTrue(client.get("/").body().contains("Signed in as <b>Ada</b>"));
    assertEquals(303, client.post("/login", "name=Grace").status(), "a same-origin Origin");
  }

  @Test
  void post_httpBehindTlsProxy_originSchemeFromForwardedProto() throws Exception {
    start(null);
    String https = "https://127.0.0.1:" + server.port();
    assertEquals(403, client.send(form("/login", "name=Ada").header("Origin", https)).status());
    assertEquals(303, client.send(form("/login", "name=Ada").header("Origin", https)
        .header("X-Forwarded-Proto", "https")).status());
    assertEquals(303, client.post("/login", "name=Ada").status(), "http://127.0.0.1:port itself");
  }

  @Test
  void sameOrigin_defaultPortsCaseAndIpv6() {
    assertTrue(DemoServer.sameOrigin("https://example.com", "https", "example.com:443"));
    assertTrue(DemoServer.sameOrigin("https://Example.COM:443", "https", "example.com"));
    assertTrue(DemoServer.sameOrigin("http://[::1]:8080", "http", "[::1]:8080"));
    assertFalse(DemoServer.sameOrigin("https://example.com", "https", "example.com:8443"));
    assertFalse(DemoServer.sameOrigin("http://example.com", "https", "example.com"));
    assertFalse(DemoServer.sameOrigin("https://example.com", "https", null));
    assertFalse(DemoServer.sameOrigin("https://example.com", "https", "example.com/x"));
    assertFalse(DemoServer.sameOrigin("https://example.com", "https", "a b"));
    assertFalse(DemoServer.sameOrigin("https://example.com?x", "https", "example.com"));
  }

  private HttpRequest.Builder form(String path, String body) {
    return client.request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  @Test
  void tls_cbcSha1SuiteUnderTls12_isRefused_aeadAndTls13Work() throws Exception {
    start();
    assertThrows(IOException.class, () -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"));
    assertThrows(IOException.class, () -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"));
    assertThrows(IOException.class, () -> handshake("TLSv1.1", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"));
    assertEquals("TLSv1.2", handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
    assertEquals("TLSv1.3", handshake("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
    assertEquals("TLSv1.3", handshake("TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256"));
  }

  /** A real TLS client handshake offering one protocol and one suite; returns the protocol agreed. */
  private String handshake(String protocol, String suite) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, TestTls.trustManagers(), null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
      s.setSoTimeout(10_000);
      s.setEnabledProtocols(new String[] {protocol});
      s.setEnabledCipherSuites(new String[] {suite});
      s.startHandshake();
      return s.getSession().getProtocol();
    }
  }

  @Test
  @Tag("slow")
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void slowloris_200PartialHttpRequests_normalRequestStillServed() throws Exception {
    start(null);
    byte[] partial = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-slow: ".getBytes(StandardCharsets.US_ASCII);
    assertServedBeside(200, partial, false);
  }

  @Test
  @Tag("slow")
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void slowloris_200OneByteTlsHellos_normalRequestStillServed() throws Exception {
    start();
    assertServedBeside(200, new byte[] {0x16}, true); // the first byte of a TLS record: a handshake, never finished
  }

  /** Opens {@code n} connections that each send {@code prefix} and stall; then a normal visit must succeed. */
  private void assertServedBeside(int n, byte[] prefix, boolean tls) throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        Socket s = new Socket();
        slow.add(s);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
        s.getOutputStream().write(prefix);
        s.getOutputStream().flush();
      }
      await(() -> server.openConnections() >= n, "the server holds all " + n + " slow connections");
      for (int i = 0; i < 3; i++) {
        // A new visitor (fresh connection pool and cookies) within a generous bound; no latency claim here.
        DemoClient visitor = new DemoClient(tls ? TestTls.client() : HttpClient.newHttpClient(),
            URI.create(client.origin()));
        assertEquals("Welcome to this page for the first time!", visitor.get("/").visits());
        for (Socket s : slow) {
          s.getOutputStream().write('a'); // still trickling
        }
      }
      assertTrue(server.openConnections() >= n, "the slow connections are still open, yet others are served");
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
