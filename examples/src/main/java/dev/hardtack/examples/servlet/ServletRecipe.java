package dev.hardtack.examples.servlet;

import dev.hardtack.examples.SessionCookies;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The filter in an embedded Jetty 12 (ee10) server; any Servlet 6 container registers it the same way. */
public final class ServletRecipe {
  private ServletRecipe() {}

  /**
   * Starts Jetty on {@code host}:{@code port} (0 picks a free port) with the filter in front of {@code /whoami}.
   *
   * @param cookies the session cookies
   * @param host the address to bind
   * @param port the port, or 0
   * @return the started server; {@code stop()} it
   * @throws Exception when Jetty cannot start
   */
  public static Server start(SessionCookies cookies, String host, int port) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(new HardtackSessionFilter(cookies)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new WhoAmI()), "/whoami");
    server.setHandler(context);
    server.start();
    return server;
  }

  /** Answers with the session id that the filter left on the request. */
  static final class WhoAmI extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.setContentType("text/plain");
      res.getWriter().write((String) req.getAttribute(SessionCookies.REQUEST_ATTRIBUTE));
    }
  }
}
