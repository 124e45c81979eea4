package dev.hardtack.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import dev.hardtack.SessionIdGenerator;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter's contract, run over real HTTP inside a real container on a random loopback port: each subclass
 * starts one container (Tomcat, Jetty) and every scenario here runs in both. The filter and the test servlet are
 * registered the standard way, from a {@link ServletContainerInitializer} calling {@code ServletContext.addFilter},
 * as an application does.
 */
abstract class ContainerContractTest {
  static final String NAME = "__Host-sid";
  static final Duration LIFETIME = Duration.ofHours(8);
  static final String CLEARED = NAME + "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Secure; HttpOnly;"
      + " SameSite=Lax";

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /** Every log record of the run (the filter's DEBUG ones included), to prove that none shows a secret. */
  private static final List<LogRecord> LOGS = new CopyOnWriteArrayList<>();
  private static final Handler CAPTURE = new Handler() {
    @Override
    public void publish(LogRecord r) {
      LOGS.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private static final Logger FILTER_LOG = Logger.getLogger(HardtackFilter.class.getName());

  /** The values and cookies a scenario used: none may appear in any log record. */
  private final List<String> secrets = new ArrayList<>();
  private final SessionIdGenerator ids = SessionIdGenerator.create();
  private final List<Started> started = new ArrayList<>();

  @TempDir
  Path dir;

  /** A started container: where it listens, or why it failed to start. */
  interface Started {
    /** Stops the container. */
    void stop() throws Exception;

    /** The base URI, such as {@code http://127.0.0.1:54321}; null when nothing listens. */
    URI base();

    /** The exception the container reported for a failed start, or null when the context started. */
    Throwable failure();

    /** A started (or failed) container: its base URI, its failure, and how to stop it. */
    static Started of(URI base, Throwable failure, Stopper stopper) {
      return new Started() {
        @Override
        public void stop() throws Exception {
          stopper.stop();
        }

        @Override
        public URI base() {
          return base;
        }

        @Override
        public Throwable failure() {
          return failure;
        }
      };
    }
  }

  /** Stops a container. */
  @FunctionalInterface
  interface Stopper {
    void stop() throws Exception;
  }

  /** Starts the container with one context at {@code /}, set up by {@code initializer}; never throws for it. */
  abstract Started start(ServletContainerInitializer initializer, Path workDir) throws Exception;

  @BeforeAll
  static void captureLogs() {
    Logger.getLogger("").addHandler(CAPTURE);
    CAPTURE.setLevel(Level.ALL);
    FILTER_LOG.setLevel(Level.ALL);
  }

  @AfterAll
  static void stopCapturing() {
    Logger.getLogger("").removeHandler(CAPTURE);
    FILTER_LOG.setLevel(null);
  }

  @BeforeEach
  void clearLogs() {
    LOGS.clear();
  }

  @AfterEach
  void stopAndCheckLogs() throws Exception {
    for (Started s : started) {
      s.stop();
    }
    List<String> leaks = new ArrayList<>();
    for (LogRecord r : LOGS) {
      String text = render(r);
      for (String secret : secrets) {
        if (text.contains(secret)) {
          leaks.add(r.getLoggerName() + ": " + r.getMessage());
        }
      }
    }
    assertEquals(List.of(), leaks, "log records that show a cookie or a value");
  }

  private static String render(LogRecord r) {
    StringBuilder b = new StringBuilder(String.valueOf(r.getMessage()));
    if (r.getParameters() != null) {
      b.append(' ').append(Arrays.toString(r.getParameters()));
      try {
        b.append(' ').append(MessageFormat.format(String.valueOf(r.getMessage()), r.getParameters()));
      } catch (IllegalArgumentException e) {
        // not a MessageFormat pattern: the parameters are already there
      }
    }
    for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
      b.append(' ').append(t);
    }
    return b.toString();
  }

  // ------------------------------------------------------------------------------------------ set-up helpers

  /** A fresh secret value for a scenario, remembered so that the logs can be checked for it. */
  String newValue() {
    String v = ids.next();
    secrets.add(v);
    return v;
  }

  String signed(CookieCodec codec, String value) {
    String token = codec.sign(value);
    secrets.add(token);
    return NAME + "=" + token;
  }

  static CookieCodec codec(KeyRing ring) {
    return CookieCodec.builder(ring).cookieName(NAME).maxAge(LIFETIME).build();
  }

  /** The filter built in code over {@code ring}, as the programmatic example does. */
  URI startBuilt(KeyRing ring) throws Exception {
    return startOk(HardtackFilter.builder(codec(ring)).maxAge(LIFETIME).build(), Map.of());
  }

  URI startOk(Filter filter, Map<String, String> initParameters) throws Exception {
    Started s = startWith(filter, initParameters);
    assertEquals(null, s.failure(), "the context should start");
    assertNotNull(s.base());
    return s.base();
  }

  /**
   * Starts a context where the filter ({@code filter}, or {@link HardtackFilter} by class name as {@code web.xml}
   * does when null) runs for {@code REQUEST} and {@code FORWARD} dispatches before {@link App}.
   */
  Started startWith(Filter filter, Map<String, String> initParameters) throws Exception {
    return startWith(filter, initParameters, null);
  }

  /** {@link #startWith(Filter, Map)}, with the application's own {@code next} filter after it when not null. */
  Started startWith(Filter filter, Map<String, String> initParameters, Filter next) throws Exception {
    ServletContainerInitializer init = (classes, ctx) -> {
      FilterRegistration.Dynamic f = filter == null
          ? ctx.addFilter("hardtack", HardtackFilter.class.getName())
          : ctx.addFilter("hardtack", filter);
      initParameters.forEach(f::setInitParameter);
      f.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD), false, "/*");
      if (next != null) {
        ctx.addFilter("next", next).addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
      }
      ctx.addServlet("app", new App()).addMapping("/*");
    };
    Path work = Files.createTempDirectory(dir, "container");
    Started s = start(init, work);
    started.add(s);
    return s;
  }

  /** The test application: shows what the filter left on the request, and calls issue and clear. */
  static final class App extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
      String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
      switch (path) {
        case "/forward":
          req.getRequestDispatcher("/whoami").forward(req, res);
          return;
        case "/issue":
          HardtackFilter.issue(req, res, req.getParameter("value"));
          break;
        case "/clear":
          HardtackFilter.clear(req, res);
          break;
        case "/late":
          res.getWriter().write("body first;");
          res.flushBuffer();
          try {
            HardtackFilter.issue(req, res, "too-late");
            res.getWriter().write(" issued");
          } catch (IllegalStateException e) {
            res.getWriter().write(" refused: " + e.getMessage());
          }
          return;
        default:
          break;
      }
      res.setContentType("text/plain");
      res.getWriter().write("value=" + HardtackFilter.verifiedValue(req).orElse("-")
          + " status=" + HardtackFilter.verification(req).map(v -> v.status().name()).orElse("none")
          + " attribute=" + req.getAttribute(HardtackFilter.VALUE_ATTRIBUTE));
    }
  }

  static HttpResponse<String> get(URI base, String path, String... cookieHeaders)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET();
    for (String c : cookieHeaders) {
      b.header("Cookie", c);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static List<String> setCookies(HttpResponse<?> r) {
    return r.headers().allValues("Set-Cookie");
  }

  static String onlySetCookie(HttpResponse<?> r) {
    List<String> all = setCookies(r);
    assertEquals(1, all.size(), all::toString);
    return all.get(0);
  }

  /** The {@code name=value} part of a {@code Set-Cookie} header: what the browser sends back. */
  static String cookieOf(String setCookie) {
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  static String body(String value, String status) {
    return "value=" + value + " status=" + status + " attribute=" + ("-".equals(value) ? "null" : value);
  }

  /** One character of the tag changed: its first, which carries 6 bits of it (the last may carry padding bits). */
  static String tamper(String cookie) {
    int i = cookie.lastIndexOf('.') + 1;
    char c = cookie.charAt(i);
    return cookie.substring(0, i) + (c == 'A' ? 'B' : 'A') + cookie.substring(i + 1);
  }

  // ------------------------------------------------------------------------------------------ the scenarios

  @Test
  void doFilter_noCookie_noValueAndNoSetCookie() throws Exception {
    URI base = startBuilt(KeyRing.generate());
    HttpResponse<String> r = get(base, "/whoami");
    assertEquals(200, r.statusCode());
    assertEquals(body("-", "MISSING"), r.body());
    assertEquals(List.of(), setCookies(r));
  }

  @Test
  void doFilter_validCookie_valueVisibleToTheServletAndNoSetCookie() throws Exception {
    KeyRing ring = KeyRing.generate();
    URI base = startBuilt(ring);
    String value = newValue();
    HttpResponse<String> r = get(base, "/whoami", "theme=dark; " + signed(codec(ring), value) + "; lang=en");
    assertEquals(200, r.statusCode());
    assertEquals(body(value, "VALID"), r.body());
    assertEquals(List.of(), setCookies(r));
  }

  @Test
  void doFilter_tamperedCookie_noValueAndCookieClearedWithSameAttributes() throws Exception {
    KeyRing ring = KeyRing.generate();
    URI base = startBuilt(ring);
    String value = newValue();
    String tampered = tamper(signed(codec(ring), value));
    HttpResponse<String> r = get(base, "/whoami", tampered);
    assertEquals(200, r.statusCode());
    assertEquals(body("-", "BAD_SIGNATURE"), r.body());
    assertEquals(CLEARED, onlySetCookie(r));
  }

  @Test
  void doFilter_cookieOnOldKeyAfterRotation_acceptedAndReissuedUnderTheNewKey() throws Exception {
    KeyRing ring = KeyRing.generate();
    URI base = startBuilt(ring);
    String value = newValue();
    String old = signed(codec(ring), value);
    int next = ring.rotate();

    HttpResponse<String> r = get(base, "/whoami", old);
    assertEquals(body(value, "VALID"), r.body(), "the old key still verifies: nobody is logged out");
    String reissued = onlySetCookie(r);
    secrets.add(cookieOf(reissued));
    assertTrue(reissued.startsWith(NAME + "=s1." + next + "."), reissued);
    assertTrue(reissued.endsWith("; Max-Age=28800; Path=/; Secure; HttpOnly; SameSite=Lax"), reissued);

    HttpResponse<String> again = get(base, "/whoami", cookieOf(reissued));
    assertEquals(body(value, "VALID"), again.body());
    assertEquals(List.of(), setCookies(again), "the new cookie is on the primary key: nothing to re-issue");
  }

  @Test
  void doFilter_revokedKey_rejectedAndCleared() throws Exception {
    KeyRing ring = KeyRing.generate();
    URI base = startBuilt(ring);
    String old = signed(codec(ring), newValue());
    ring.rotate();
    ring.revoke(1);
    HttpResponse<String> r = get(base, "/whoami", old);
    assertEquals(body("-", "UNKNOWN_KEY"), r.body());
    assertEquals(CLEARED, onlySetCookie(r));
  }

  @Test
  void doFilter_twoValidCookiesOfTheNameDisagree_ambiguousAndNeitherTrusted() throws Exception {
    KeyRing ring = KeyRing.generate();
    URI base = startBuilt(ring);
    String mine = signed(codec(ring), newValue());
    String tossed = signed(codec(ring), newValue()); // e.g. the attacker's own valid session, planted by a sibling
    for (String[] headers : List.of(new String[] {tossed + "; " + mine}, new String[] {tossed, mine},
        new String[] {mine, tossed})) {
      HttpResponse<String> r = get(base, "/whoami", headers);
      assertEquals(body("-", "AMBIGUOUS"), r.body(), Arrays.toString(headers));
      assertEquals(CLEARED, onlySetCookie(r));
    }
  }

  @Test
  void doFilter_forgedCookieTossedBesideAValidOne_validOneWins() throws Exception {
    KeyRing ring = KeyRing.generate();
    URI base = startBuilt(ring);
    String value = newValue();
    String mine = signed(codec(ring), value);
    String forged = tamper(signed(codec(ring), newValue()));
    HttpResponse<String> r = get(base, "/whoami", forged, mine);
    assertEquals(body(value, "VALID"), r.body());
    assertEquals(List.of(), setCookies(r));
  }

  @Test
  void doFilter_forwardedRequest_verifiedOnceAndOneSetCookie() throws Exception {
    KeyRing ring = KeyRing.generate();
    URI base = startBuilt(ring);
    String value = newValue();
    String old = signed(codec(ring), value);
    ring.rotate();
    HttpResponse<String> r = get(base, "/forward", old);
    assertEquals(body(value, "VALID"), r.body());
    secrets.add(cookieOf(onlySetCookie(r)));
  }

  @Test
  void issue_afterRejectedCookie_oneSetCookieCarryingTheNewValue() throws Exception {
    KeyRing ring = KeyRing.generate();
    URI base = startBuilt(ring);
    String fresh = newValue();
    String tampered = tamper(signed(codec(ring), newValue()));
    HttpResponse<String> r = get(base, "/issue?value=" + fresh, tampered);
    assertEquals(body(fresh, "BAD_SIGNATURE"), r.body(), "the new value is the request's from now on");
    String issued = onlySetCookie(r); // the deletion was replaced, not followed, by the new cookie
    secrets.add(cookieOf(issued));
    assertTrue(issued.startsWith(NAME + "=s1.1."), issued);
    assertTrue(issued.endsWith("; Max-Age=28800; Path=/; Secure; HttpOnly; SameSite=Lax"), issued);
    assertEquals(body(fresh, "VALID"), get(base, "/whoami", cookieOf(issued)).body());
  }

  @Test
  void issue_afterReissueOnOldKey_replacesTheReissuedCookie() throws Exception {
    KeyRing ring = KeyRing.generate();
    URI base = startBuilt(ring);
    String old = signed(codec(ring), newValue());
    ring.rotate();
    String fresh = newValue(); // a new id at log-in: no session fixation
    HttpResponse<String> r = get(base, "/issue?value=" + fresh, old);
    String issued = onlySetCookie(r);
    secrets.add(cookieOf(issued));
    assertEquals(body(fresh, "VALID"), get(base, "/whoami", cookieOf(issued)).body());
  }

  @Test
  void issue_besideOtherCookiesOfTheApplication_keepsThem() throws Exception {
    KeyRing ring = KeyRing.generate();
    // The application's own filter, after Hardtack's, sets a cookie of its own.
    Filter theme = (req, res, chain) -> {
      ((HttpServletResponse) res).addHeader("Set-Cookie", "theme=dark; Path=/");
      ((HttpServletResponse) res).addCookie(new jakarta.servlet.http.Cookie("lang", "en"));
      chain.doFilter(req, res);
    };
    Started s = startWith(HardtackFilter.builder(codec(ring)).maxAge(LIFETIME).build(), Map.of(), theme);
    assertEquals(null, s.failure());
    String fresh = newValue();
    HttpResponse<String> r = get(s.base(), "/issue?value=" + fresh, tamper(signed(codec(ring), newValue())));
    List<String> all = setCookies(r);
    assertEquals(3, all.size(), all::toString);
    assertEquals("theme=dark; Path=/", all.get(0));
    assertTrue(all.get(1).startsWith("lang=en"), all::toString); // as the container wrote it
    assertTrue(all.get(2).startsWith(NAME + "=s1.1."), all::toString);
    secrets.add(cookieOf(all.get(2)));
    assertEquals(body(fresh, "VALID"), get(s.base(), "/whoami", cookieOf(all.get(2))).body());
  }

  @Test
  void clear_validCookie_deletesItAndNoValue() throws Exception {
    KeyRing ring = KeyRing.generate();
    URI base = startBuilt(ring);
    HttpResponse<String> r = get(base, "/clear", signed(codec(ring), newValue()));
    assertEquals(body("-", "VALID"), r.body());
    assertEquals(CLEARED, onlySetCookie(r));
  }

  @Test
  void issue_afterTheResponseIsCommitted_refusedWithAClearMessage() throws Exception {
    URI base = startBuilt(KeyRing.generate());
    HttpResponse<String> r = get(base, "/late");
    assertEquals("body first; refused: the response is already committed: set the cookie before writing the body",
        r.body());
    assertEquals(List.of(), setCookies(r));
  }

  // ------------------------------------------------------------------------------------------ init-parameters

  @Test
  void initParameters_keyringFile_verifiesAndFollowsTheFileLive() throws Exception {
    Path file = dir.resolve("keys.hardtack");
    KeyRing.generate().save(file);
    Map<String, String> params = Map.of(HardtackFilter.KEYRING_FILE, file.toString());
    URI base = startOk(null, params); // by class name, as web.xml does

    String value = newValue();
    String cookie = signed(codec(KeyRing.load(file)), value);
    HttpResponse<String> r = get(base, "/whoami", cookie);
    assertEquals(body(value, "VALID"), r.body());
    assertEquals(List.of(), setCookies(r));

    // Rotate in the file, as `hardtack keyring rotate` does: the filter follows, and re-issues the old cookie.
    KeyRing admin = KeyRing.load(file);
    int next = admin.rotate();
    admin.save(file);
    HttpResponse<String> reissued = awaitSetCookie(base, cookie, NAME + "=s1." + next + ".");
    assertEquals(body(value, "VALID"), reissued.body(), "nobody logged out by the rotation");
    secrets.add(cookieOf(onlySetCookie(reissued)));

    // Revoke the old key in the file: its cookies are refused within a couple of seconds.
    admin.revoke(1);
    admin.save(file);
    HttpResponse<String> refused = awaitSetCookie(base, cookie, CLEARED);
    assertEquals(body("-", "UNKNOWN_KEY"), refused.body());
  }

  @Test
  void destroy_filterThatLoadedTheKeyringFile_stopsFollowingIt_butNotARingTheApplicationOwns() throws Exception {
    Path file = dir.resolve("destroy-" + System.nanoTime() + ".hardtack");
    KeyRing.generate().save(file);
    String watcher = "hardtack-keyring-watch " + file.getFileName();
    Started s = startWith(null, Map.of(HardtackFilter.KEYRING_FILE, file.toString()));
    assertEquals(null, s.failure());
    assertTrue(awaitThread(watcher, true), "the filter follows the file");
    s.stop();
    started.remove(s);
    assertTrue(awaitThread(watcher, false), "destroy() closed the ring: no thread follows the file any more");

    KeyRing owned = KeyRing.watch(file);
    try {
      Started built = startWith(HardtackFilter.builder(codec(owned)).build(), Map.of());
      built.stop();
      started.remove(built);
      assertTrue(awaitThread(watcher, true), "the application's own ring is the application's to close");
    } finally {
      owned.close();
    }
  }

  @Test
  void init_sameInitParameterFilterStartedAgain_loadsAgainAndServes() throws Exception {
    // A context restart (a reload, or a redeploy that registers the same instance) calls init after destroy.
    Path file = dir.resolve("keys.hardtack");
    KeyRing.generate().save(file);
    HardtackFilter filter = new HardtackFilter(name -> null);
    Map<String, String> params = Map.of(HardtackFilter.KEYRING_FILE, file.toString());
    String value = newValue();
    String cookie = signed(codec(KeyRing.load(file)), value);
    for (int i = 0; i < 2; i++) {
      Started s = startWith(filter, params);
      assertEquals(null, s.failure(), "start " + (i + 1));
      assertEquals(body(value, "VALID"), get(s.base(), "/whoami", cookie).body());
      s.stop();
      started.remove(s);
    }
  }

  private static boolean awaitThread(String name, boolean alive) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      boolean found = Thread.getAllStackTraces().keySet().stream()
          .anyMatch(t -> t.getName().equals(name) && t.isAlive());
      if (found == alive) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** Polls for up to 5 s until a response to {@code cookie} carries a Set-Cookie starting with {@code prefix}. */
  private static HttpResponse<String> awaitSetCookie(URI base, String cookie, String prefix) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      HttpResponse<String> r = get(base, "/whoami", cookie);
      if (setCookies(r).stream().anyMatch(h -> h.startsWith(prefix)) || System.nanoTime() > deadline) {
        assertTrue(setCookies(r).stream().anyMatch(h -> h.startsWith(prefix)), setCookies(r)::toString);
        return r;
      }
      Thread.sleep(100);
    }
  }

  @Test
  void initParameters_encryptedFileWithPassphraseFromEnvironment_everyOptionApplied() throws Exception {
    Path file = dir.resolve("keys.hardtack");
    String passphrase = "correct horse battery staple";
    secrets.add(passphrase);
    KeyRing.generate().save(file, passphrase.toCharArray());
    UnaryOperator<String> env = name -> "HARDTACK_TEST_PASSPHRASE".equals(name) ? passphrase : null;
    Map<String, String> params = new LinkedHashMap<>();
    params.put(HardtackFilter.KEYRING_FILE, file.toString());
    params.put(HardtackFilter.KEYRING_PASSPHRASE_ENV, "HARDTACK_TEST_PASSPHRASE");
    params.put(HardtackFilter.COOKIE_NAME, "__Host-prefs");
    params.put(HardtackFilter.COOKIE_MAX_AGE, "30m");
    params.put(HardtackFilter.COOKIE_ENCRYPTED, "true");
    params.put(HardtackFilter.COOKIE_SAME_SITE, "Strict");
    URI base = startOk(new HardtackFilter(env), params);

    String value = newValue();
    HttpResponse<String> r = get(base, "/issue?value=" + value);
    String issued = onlySetCookie(r);
    secrets.add(cookieOf(issued));
    assertTrue(issued.startsWith("__Host-prefs=e1.1."), issued);
    assertFalse(issued.contains(value), "encrypted: the value is not readable in the cookie");
    assertTrue(issued.endsWith("; Max-Age=1800; Path=/; Secure; HttpOnly; SameSite=Strict"), issued);
    assertEquals(body(value, "VALID"), get(base, "/whoami", cookieOf(issued)).body());
    // A signed cookie of the same name and keys is not accepted by an encrypting filter.
    String signedOnly = "__Host-prefs=" + CookieCodec.builder(KeyRing.load(file, passphrase.toCharArray()))
        .cookieName("__Host-prefs").build().sign(value);
    secrets.add(signedOnly);
    assertNotEquals(body(value, "VALID"), get(base, "/whoami", signedOnly).body());
  }

  @Test
  void init_badConfiguration_failsWithOneClearSentenceAndServesNothing() throws Exception {
    Path good = dir.resolve("keys.hardtack");
    KeyRing.generate().save(good);
    Path encrypted = dir.resolve("locked.hardtack");
    KeyRing.generate().save(encrypted, "a passphrase of some length".toCharArray());
    Path corrupt = dir.resolve("corrupt.hardtack");
    Files.writeString(corrupt, "not a keyring\n");
    Path missing = dir.resolve("missing.hardtack");
    String f = HardtackFilter.KEYRING_FILE;

    Map<Map<String, String>, String> cases = new LinkedHashMap<>();
    cases.put(Map.of(), "HardtackFilter hardtack: the init-parameter keyring.file is required: the path of a keyring"
        + " file made by 'hardtack keyring init' or KeyRing.save");
    cases.put(Map.of(f, missing.toString()), "HardtackFilter hardtack: the keyring file " + missing
        + " does not exist: create it with 'hardtack keyring init' or KeyRing.save");
    cases.put(Map.of(f, corrupt.toString()), "HardtackFilter hardtack: cannot use the keyring file: " + corrupt
        + ": line 1: not a Hardtack keyring file (expected 'hardtack-keyring 1')");
    cases.put(Map.of(f, good.toString(), "cookie.nmae", "sid"), "HardtackFilter hardtack: unknown init-parameter"
        + " 'cookie.nmae'; the known ones are " + InitParameters.KNOWN);
    cases.put(Map.of(f, good.toString(), HardtackFilter.COOKIE_MAX_AGE, "8 hours"), "HardtackFilter hardtack:"
        + " cookie.max-age takes a duration such as 90s, 15m, 8h, 30d or PT8H, not '8 hours'");
    cases.put(Map.of(f, good.toString(), HardtackFilter.COOKIE_MAX_AGE, "401d"), "HardtackFilter hardtack:"
        + " cookie.max-age must be 1 second to 400 days, not '401d'");
    cases.put(Map.of(f, good.toString(), HardtackFilter.COOKIE_ENCRYPTED, "yes"), "HardtackFilter hardtack:"
        + " cookie.encrypted takes true or false, not 'yes'");
    cases.put(Map.of(f, good.toString(), HardtackFilter.COOKIE_SAME_SITE, "lenient"), "HardtackFilter hardtack:"
        + " cookie.same-site takes Strict, Lax or None, not 'lenient'");
    cases.put(Map.of(f, good.toString(), HardtackFilter.COOKIE_NAME, "s i d"), "HardtackFilter hardtack: the"
        + " cookie is misconfigured: the cookie name must be an RFC 7230 token of 1..1024 characters");
    cases.put(Map.of(f, encrypted.toString(), HardtackFilter.KEYRING_PASSPHRASE_ENV, "HARDTACK_UNSET_VARIABLE"),
        "HardtackFilter hardtack: the environment variable 'HARDTACK_UNSET_VARIABLE' named by"
            + " keyring.passphrase-env is not set or empty");
    cases.put(Map.of(f, encrypted.toString()), "HardtackFilter hardtack: cannot use the keyring file: " + encrypted
        + ": line 1: the file is encrypted: give its passphrase (or make it a plain file with 'hardtack keyring decrypt')");

    for (Map.Entry<Map<String, String>, String> c : cases.entrySet()) {
      Started s = startWith(new HardtackFilter(name -> null), c.getKey());
      assertFailedClosed(s, c.getValue(), c.getKey().toString());
    }
    // A wrong passphrase: its message is core's, checked for its start only.
    Started wrong = startWith(new HardtackFilter(name -> "not the passphrase at all"),
        Map.of(f, encrypted.toString(), HardtackFilter.KEYRING_PASSPHRASE_ENV, "P"));
    assertFailedClosed(wrong, "HardtackFilter hardtack: cannot use the keyring file: " + encrypted + ": ", "wrong");
    // A filter built in code takes no init-parameters: a leftover one is a mistake, not silently ignored.
    Started both = startWith(HardtackFilter.builder(codec(KeyRing.generate())).build(), Map.of(f, good.toString()));
    assertFailedClosed(both, "HardtackFilter hardtack was configured by HardtackFilter.builder(), so it takes no"
        + " init-parameters, but has [keyring.file]", "builder");
  }

  /** The start failed with {@code expected} (or a message starting with it) and no request reaches the app. */
  private static void assertFailedClosed(Started s, String expected, String what) throws Exception {
    Throwable failure = s.failure();
    assertNotNull(failure, what + ": the context should not start");
    String message = null;
    for (Throwable t = failure; t != null && message == null; t = t.getCause()) {
      if (t instanceof ServletException && String.valueOf(t.getMessage()).startsWith("HardtackFilter")) {
        message = t.getMessage();
      }
    }
    assertNotNull(message, what + ": no HardtackFilter message in " + failure);
    assertTrue(message.startsWith(expected), what + ": " + message);
    if (!expected.endsWith(": ")) {
      assertEquals(expected, message, what);
    }
    if (s.base() != null) {
      HttpResponse<String> r = get(s.base(), "/whoami");
      assertNotEquals(200, r.statusCode(), what + ": served without its filter");
      assertFalse(r.body().contains("value="), what + ": the application ran");
    }
  }
}
