package dev.hardtack.servlet;

import dev.hardtack.CookieCodec;
import dev.hardtack.CookieHeader;
import dev.hardtack.KeyRing;
import dev.hardtack.SameSite;
import dev.hardtack.SetCookie;
import dev.hardtack.Verification;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A Jakarta Servlet 6 filter that verifies the Hardtack session cookie once per request and hands the verified
 * value to the application.
 *
 * <p>For each request it reads every {@code Cookie} header, verifies the cookie with {@link
 * CookieCodec#verifyHeader(CookieHeader)} and then:
 * <ul>
 *   <li><b>valid</b>: the value is available from {@link #verifiedValue(ServletRequest)} and the request attribute
 *       {@value #VALUE_ATTRIBUTE}; when it was signed by an older key ({@link Verification#needsResign()}), the
 *       response carries the same value signed by the primary key, so a rotation logs nobody out;
 *   <li><b>missing</b>: no value, no header;
 *   <li><b>rejected</b> (tampered, expired, unknown or revoked key, or several cookies of the name that disagree):
 *       no value, and the response deletes the cookie ({@code Max-Age=0}, same name, path and attributes).
 * </ul>
 * The application starts or replaces a session with {@link #issue(HttpServletRequest, HttpServletResponse,
 * String)} and ends one with {@link #clear(HttpServletRequest, HttpServletResponse)}; either replaces any header
 * the filter had already set for the cookie, so a response never carries two of them.
 *
 * <p>Configured by init-parameters ({@code web.xml}), all optional but {@value #KEYRING_FILE}:
 * <pre>{@code
 * <filter>
 *   <filter-name>hardtack</filter-name>
 *   <filter-class>dev.hardtack.servlet.HardtackFilter</filter-class>
 *   <init-param><param-name>keyring.file</param-name><param-value>/etc/myapp/keys.hardtack</param-value></init-param>
 * </filter>
 * <filter-mapping><filter-name>hardtack</filter-name><url-pattern>/*</url-pattern></filter-mapping>
 * }</pre>
 * or built in code, over a codec the application owns:
 * <pre>{@code
 * CookieCodec codec = CookieCodec.builder(ring).cookieName("__Host-sid").maxAge(Duration.ofHours(8)).build();
 * servletContext.addFilter("hardtack", HardtackFilter.builder(codec).maxAge(Duration.ofHours(8)).build())
 *     .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
 *
 * // in a servlet:
 * String id = HardtackFilter.verifiedValue(request).orElseGet(() -> {
 *   String fresh = ids.next();                          // a new session: never reuse a rejected id
 *   HardtackFilter.issue(request, response, fresh);     // before the body is written
 *   return fresh;
 * });
 * }</pre>
 *
 * <p>Every configuration mistake (a missing or corrupt keyring file, a wrong passphrase, an unknown
 * init-parameter, a bad duration or cookie name) fails {@link #init(FilterConfig)} with one sentence that names
 * it, so the application does not start unprotected. One {@code HardtackFilter} per application: map it to every
 * URL that reads the session, for the {@code REQUEST} dispatcher at least.
 *
 * <h2>Security</h2>
 * Every {@code Cookie} header is read, never the container's cookie map, which returns one of several cookies of
 * a name (cookie tossing): when they disagree none is trusted. The verified value is a bearer credential: the
 * filter never logs it, nor the cookie, nor a request's id; it logs a rejection's status only, at {@code DEBUG},
 * since anybody can send a bad cookie. A rejected cookie's value never reaches the application, so it must not
 * reuse it (no session fixation). Headers set by the filter use {@link SetCookie}'s defaults: {@code Path=/},
 * {@code Secure}, {@code HttpOnly}, {@code SameSite=Lax}. Re-issuing on an old key stamps a new issue time, so
 * the cookie's lifetime starts again; the old key's cookies stop working when it is revoked or its retirement
 * deadline passes.
 */
public final class HardtackFilter implements Filter {
  /**
   * The request attribute that holds the verified value, a {@code String}: set by the filter for a valid cookie,
   * by {@link #issue} to the new value, and removed for a rejected cookie and by {@link #clear}.
   */
  public static final String VALUE_ATTRIBUTE = "dev.hardtack.servlet.value";
  /** The request attribute that holds the request's {@link Verification}, including the status of a rejection. */
  public static final String VERIFICATION_ATTRIBUTE = "dev.hardtack.servlet.verification";

  /** Init-parameter: the keyring file, followed live with {@link KeyRing#watch}. Required. */
  public static final String KEYRING_FILE = "keyring.file";
  /** Init-parameter: the name of the environment variable holding the keyring file's passphrase. Default: none. */
  public static final String KEYRING_PASSPHRASE_ENV = "keyring.passphrase-env";
  /** Init-parameter: the cookie name. Default: {@value #DEFAULT_COOKIE_NAME}. */
  public static final String COOKIE_NAME = "cookie.name";
  /**
   * Init-parameter: how long a cookie lives, in the signature and in {@code Max-Age}: {@code 90s}, {@code 15m},
   * {@code 8h}, {@code 30d} or ISO-8601 ({@code PT8H}), 1 second to 400 days. Default: {@code 8h}.
   */
  public static final String COOKIE_MAX_AGE = "cookie.max-age";
  /** Init-parameter: {@code true} to encrypt the value (AES-256-GCM), {@code false} to sign it. Default: false. */
  public static final String COOKIE_ENCRYPTED = "cookie.encrypted";
  /** Init-parameter: {@code SameSite}: {@code Strict}, {@code Lax} or {@code None}. Default: {@code Lax}. */
  public static final String COOKIE_SAME_SITE = "cookie.same-site";
  /** The cookie name used when {@value #COOKIE_NAME} is not given. */
  public static final String DEFAULT_COOKIE_NAME = "__Host-sid";
  /** The lifetime used when {@value #COOKIE_MAX_AGE} is not given. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(8);

  private static final String STATE_ATTRIBUTE = HardtackFilter.class.getName() + ".state";
  private static final String SET_COOKIE = "Set-Cookie";
  private static final System.Logger LOG = System.getLogger(HardtackFilter.class.getName());

  private final UnaryOperator<String> environment;
  /** The settings given to the builder; null for a filter configured by init-parameters. */
  private final Settings built;
  private volatile Settings settings;
  private volatile KeyRing ownedRing;

  /**
   * A filter to be configured by its init-parameters, as a container makes it from {@code web.xml}. It reads the
   * passphrase's environment variable, if any, from the process environment.
   */
  public HardtackFilter() {
    this(System::getenv);
  }

  /** A filter configured by init-parameters that reads environment variables through {@code environment}. */
  HardtackFilter(UnaryOperator<String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.built = null;
  }

  private HardtackFilter(Settings settings) {
    this.environment = name -> null;
    this.built = settings;
    this.settings = settings;
  }

  /**
   * Starts a filter over {@code codec}, configured in code rather than by init-parameters. The application owns
   * the codec's {@link KeyRing} and closes it.
   *
   * @param codec the codec of the session cookie; its name is the cookie's name
   * @return a builder; every option has a default
   * @throws NullPointerException when {@code codec} is null
   */
  public static Builder builder(CookieCodec codec) {
    return new Builder(Objects.requireNonNull(codec, "codec"));
  }

  /**
   * Reads the init-parameters, loads and starts following the keyring file; for a filter made by {@link
   * #builder(CookieCodec)}, checks that there are no init-parameters.
   *
   * @param filterConfig the container's configuration of this filter
   * @throws ServletException with one sentence naming the mistake: an unknown or invalid init-parameter, a
   *     missing, unreadable or corrupt keyring file, a missing passphrase variable or a wrong passphrase
   */
  @Override
  public void init(FilterConfig filterConfig) throws ServletException {
    List<String> names = Collections.list(filterConfig.getInitParameterNames());
    if (built != null) {
      if (!names.isEmpty()) {
        throw new ServletException("HardtackFilter " + filterConfig.getFilterName()
            + " was configured by HardtackFilter.builder(), so it takes no init-parameters, but has " + names);
      }
      settings = built;
      return;
    }
    destroy(); // a second init (a context restart) without destroy in between: let go of the first ring
    InitParameters.Loaded loaded;
    try {
      loaded = InitParameters.load(filterConfig.getFilterName(), names, filterConfig::getInitParameter,
          environment, new RingLog());
    } catch (InitParameters.ConfigException e) {
      throw new ServletException(e.getMessage(), e.getCause());
    }
    ownedRing = loaded.ring;
    settings = loaded.settings;
    LOG.log(Level.INFO, "HardtackFilter {0} ready: {1}", filterConfig.getFilterName(), loaded.description);
  }

  /**
   * Verifies the request's cookie (once: a request dispatched through the filter again keeps its first
   * result), sets the request attributes and any needed {@code Set-Cookie} header, then calls the chain. Never
   * throws on a cookie, whatever it holds.
   *
   * @param request the request
   * @param response the response
   * @param chain the rest of the chain
   * @throws IOException from the chain
   * @throws ServletException from the chain, or when the filter was not initialized or a second, differently
   *     configured {@code HardtackFilter} meets the same request
   */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Settings s = settings;
    if (s == null) {
      throw new ServletException("HardtackFilter was not initialized (init failed or was never called)");
    }
    if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)) {
      chain.doFilter(request, response);
      return;
    }
    Object existing = request.getAttribute(STATE_ATTRIBUTE);
    if (existing != null) {
      if (!(existing instanceof State earlier) || earlier.settings != s) {
        throw new ServletException("two differently configured HardtackFilters met one request: use one");
      }
      chain.doFilter(request, response); // a forward, include, error or async dispatch: verified already
      return;
    }
    Enumeration<String> headers = req.getHeaders("Cookie");
    Verification r = s.codec.verifyHeader(
        headers == null ? CookieHeader.parse(List.<String>of()) : CookieHeader.parse(Collections.list(headers)));
    State state = new State(s, r);
    req.setAttribute(STATE_ATTRIBUTE, state);
    req.setAttribute(VERIFICATION_ATTRIBUTE, r);
    if (r.isValid()) {
      state.value = r.value();
      req.setAttribute(VALUE_ATTRIBUTE, state.value);
      if (r.needsResign() && !res.isCommitted()) {
        try {
          state.put(res, s.setCookie(state.value));
        } catch (IllegalArgumentException e) {
          // The re-signed cookie would be too long (a longer key version): the old one stays valid until its key goes.
          LOG.log(Level.WARNING, "HardtackFilter: could not re-sign a cookie under the primary key: {0}",
              e.getMessage());
        }
      }
    } else {
      req.removeAttribute(VALUE_ATTRIBUTE);
      if (r.status() != Verification.Status.MISSING) {
        LOG.log(Level.DEBUG, "session cookie rejected: {0}", r.status());
        if (!res.isCommitted()) {
          state.put(res, s.clearing);
        }
      }
    }
    chain.doFilter(request, response);
  }

  /**
   * Stops following the keyring file, if this filter loaded one; a codec given to the builder is left alone. A
   * filter configured by init-parameters loads its file again at its next {@link #init(FilterConfig)}.
   */
  @Override
  public void destroy() {
    KeyRing ring = ownedRing;
    if (ring != null) {
      ring.close();
      ownedRing = null;
    }
    if (built == null) {
      settings = null;
    }
  }

  /**
   * The trusted value of the request's session cookie.
   *
   * @param request a request the filter has seen
   * @return the value of the verified cookie, or the one {@link #issue issued} during this request; empty when
   *     the cookie is missing or rejected, after {@link #clear}, and when no {@code HardtackFilter} ran on this
   *     request
   */
  public static Optional<String> verifiedValue(ServletRequest request) {
    return request.getAttribute(STATE_ATTRIBUTE) instanceof State s ? Optional.ofNullable(s.value) : Optional.empty();
  }

  /**
   * What the filter concluded about the request's cookie, for logs and metrics (its status, never its value).
   *
   * @param request a request the filter has seen
   * @return the verification; empty when no {@code HardtackFilter} ran on this request
   */
  public static Optional<Verification> verification(ServletRequest request) {
    return request.getAttribute(STATE_ATTRIBUTE) instanceof State s ? Optional.of(s.verification) : Optional.empty();
  }

  /**
   * Signs {@code value} with the primary key and sets it as the session cookie on {@code response}, replacing
   * any {@code Set-Cookie} header the filter had set for it (a re-issue or a deletion). From then on {@link
   * #verifiedValue} returns {@code value}. Call it before the response is committed, for a new session or a new
   * id after a log-in.
   *
   * @param request the request the filter has seen
   * @param response its response, not yet committed
   * @param value the value to store, typically a new session id from {@code SessionIdGenerator}
   * @throws IllegalStateException when no {@code HardtackFilter} ran on this request, or the response is
   *     already committed
   * @throws IllegalArgumentException when the signed cookie would be longer than browsers store
   */
  public static void issue(HttpServletRequest request, HttpServletResponse response, String value) {
    Objects.requireNonNull(value, "value");
    State state = requireState(request, response);
    state.put(response, state.settings.setCookie(value));
    state.value = value;
    request.setAttribute(VALUE_ATTRIBUTE, value);
  }

  /**
   * Deletes the session cookie on {@code response} ({@code Max-Age=0}, same name, path and attributes),
   * replacing any {@code Set-Cookie} header the filter had set for it; {@link #verifiedValue} is then empty. Call
   * it at log-out, before the response is committed.
   *
   * @param request the request the filter has seen
   * @param response its response, not yet committed
   * @throws IllegalStateException when no {@code HardtackFilter} ran on this request, or the response is
   *     already committed
   */
  public static void clear(HttpServletRequest request, HttpServletResponse response) {
    State state = requireState(request, response);
    state.put(response, state.settings.clearing);
    state.value = null;
    request.removeAttribute(VALUE_ATTRIBUTE);
  }

  private static State requireState(HttpServletRequest request, HttpServletResponse response) {
    if (!(request.getAttribute(STATE_ATTRIBUTE) instanceof State s)) {
      throw new IllegalStateException("no HardtackFilter ran on this request: map it to this URL");
    }
    if (response.isCommitted()) {
      throw new IllegalStateException("the response is already committed: set the cookie before writing the body");
    }
    return s;
  }

  @Override
  public String toString() {
    Settings s = settings;
    return "HardtackFilter[" + (s == null ? "not initialized" : s.codec) + "]";
  }

  /** The filter's configuration: immutable, shared by all requests. */
  static final class Settings {
    final CookieCodec codec;
    final Duration maxAge;
    final SameSite sameSite;
    /** The header that deletes the cookie: built once, which also checks the attributes at configuration. */
    final String clearing;

    Settings(CookieCodec codec, Duration maxAge, SameSite sameSite) {
      this.codec = codec;
      this.maxAge = maxAge;
      this.sameSite = sameSite;
      this.clearing = SetCookie.builder(codec.cookieName(), "").maxAge(Duration.ZERO).sameSite(sameSite).build()
          .headerValue();
    }

    String setCookie(String value) {
      SetCookie.Builder b = SetCookie.builder(codec.cookieName(), codec.sign(value)).sameSite(sameSite);
      if (maxAge != null) {
        b.maxAge(maxAge);
      }
      return b.build().headerValue();
    }
  }

  /** One request's result and the {@code Set-Cookie} header the filter set for it, if any. */
  private static final class State {
    final Settings settings;
    final Verification verification;
    String value;
    /** The header set for the cookie on this response, replaced rather than repeated by the next one. */
    String header;

    State(Settings settings, Verification verification) {
      this.settings = settings;
      this.verification = verification;
    }

    /**
     * Sets {@code next} as the response's only {@code Set-Cookie} header for the cookie: RFC 6265 asks servers not
     * to send two for one name, and browsers would apply both in order.
     */
    void put(HttpServletResponse res, String next) {
      String previous = header;
      header = next;
      if (previous != null) {
        List<String> all = new ArrayList<>(res.getHeaders(SET_COOKIE));
        if (all.remove(previous)) {
          all.add(next);
          res.setHeader(SET_COOKIE, all.get(0));
          for (int i = 1; i < all.size(); i++) {
            res.addHeader(SET_COOKIE, all.get(i));
          }
          return;
        }
      }
      res.addHeader(SET_COOKIE, next);
    }

    @Override
    public String toString() {
      return "HardtackFilter.State"; // the value is a bearer credential
    }
  }

  /** Logs what a watched keyring file does: versions and states, the problem's message; never key material. */
  private static final class RingLog implements KeyRing.Listener {
    @Override
    public void reloaded(java.nio.file.Path file, List<dev.hardtack.KeyInfo> keys) {
      LOG.log(Level.INFO, "HardtackFilter: keyring file {0} reloaded: {1}", file, keys);
    }

    @Override
    public void rejected(java.nio.file.Path file, IOException problem) {
      LOG.log(Level.WARNING, "HardtackFilter: keyring file {0} rejected, still using the last good keys: {1}", file,
          problem.getMessage());
    }
  }

  /**
   * Configures a {@link HardtackFilter} in code. Each option's default is stated on its setter.
   *
   * <pre>{@code
   * Filter filter = HardtackFilter.builder(codec)
   *     .maxAge(Duration.ofHours(8))      // the codec's maxAge, so the browser drops it when the server would
   *     .sameSite(SameSite.STRICT)
   *     .build();
   * }</pre>
   *
   * <p>Security: {@link #build()} checks the cookie's attributes (for example the {@code __Host-} prefix rules)
   * once, so a mistake fails at start-up, never on a request.
   */
  public static final class Builder {
    private final CookieCodec codec;
    private Duration maxAge;
    private SameSite sameSite = SameSite.LAX;

    private Builder(CookieCodec codec) {
      this.codec = codec;
    }

    /**
     * The cookie's {@code Max-Age}. Default: none, so the browser keeps it until it closes; the codec's own
     * {@code maxAge} still bounds it on the server. Give both the same lifetime.
     *
     * @param maxAge from 1 second to 400 days; checked by {@link #build()}
     * @return this builder
     * @throws NullPointerException when {@code maxAge} is null
     */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
      return this;
    }

    /**
     * The cookie's {@code SameSite} attribute. Default: {@link SameSite#LAX}.
     *
     * @param sameSite the policy
     * @return this builder
     * @throws NullPointerException when {@code sameSite} is null
     */
    public Builder sameSite(SameSite sameSite) {
      this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
      return this;
    }

    /**
     * Checks the options and builds the filter.
     *
     * @return a filter to register with the container; it takes no init-parameters
     * @throws IllegalArgumentException when {@code maxAge} is out of range
     */
    public HardtackFilter build() {
      if (maxAge != null
          && (maxAge.compareTo(Duration.ofSeconds(1)) < 0 || maxAge.compareTo(CookieCodec.MAX_MAX_AGE) > 0)) {
        throw new IllegalArgumentException(
            "maxAge must be 1 second to " + CookieCodec.MAX_MAX_AGE.toDays() + " days, not " + maxAge);
      }
      return new HardtackFilter(new Settings(codec, maxAge, sameSite));
    }
  }
}
