package dev.hardtack.examples.servlet;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import dev.hardtack.SessionIdGenerator;
import dev.hardtack.examples.SessionCookies;
import dev.hardtack.servlet.HardtackFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * hardtack-servlet's {@link HardtackFilter} in an embedded Jetty 12 (ee10) server; any Servlet 6 container
 * registers it the same way.
 */
public final class ServletRecipe {
  private ServletRecipe() {}

  /**
   * Starts Jetty on {@code host}:{@code port} (0 picks a free port) with the filter in front of {@code /whoami}.
   *
   * @param ring the keys; rotate them on the ring, the filter follows
   * @param host the address to bind
   * @param port the port, or 0
   * @return the started server; {@code stop()} it
   * @throws Exception when Jetty cannot start
   */
  public static Server start(KeyRing ring, String host, int port) throws Exception {
    CookieCodec codec = CookieCodec.builder(ring)
        .cookieName(SessionCookies.COOKIE_NAME)
        .maxAge(SessionCookies.LIFETIME)
        .build();
    HardtackFilter filter = HardtackFilter.builder(codec).maxAge(SessionCookies.LIFETIME).build();

    Server server = new Server();
    // Jetty reuses a header line seen before on the connection when a new one matches it ignoring case: a Cookie
    // whose tag differs from the last request's only in a letter's case would reach the filter as the old value.
    HttpConfiguration http = new HttpConfiguration();
    http.setHeaderCacheCaseSensitive(true);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new WhoAmI()), "/whoami");
    server.setHandler(context);
    server.start();
    return server;
  }

  /** Answers with the session id: the verified one, or a new one, issued as a signed cookie. */
  static final class WhoAmI extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient SessionIdGenerator ids = SessionIdGenerator.create();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      String sessionId = HardtackFilter.verifiedValue(req).orElseGet(() -> {
        String fresh = ids.next(); // missing, expired, tampered or tossed: a new session, never the client's id
        HardtackFilter.issue(req, res, fresh);
        return fresh;
      });
      res.setContentType("text/plain");
      res.getWriter().write(sessionId);
    }
  }
}
