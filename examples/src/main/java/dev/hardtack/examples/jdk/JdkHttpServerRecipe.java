package dev.hardtack.examples.jdk;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hardtack.examples.SessionCookies;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The JDK's own {@code com.sun.net.httpserver}: a {@link Filter} on the context, no dependency at all. */
public final class JdkHttpServerRecipe {
  private JdkHttpServerRecipe() {}

  /**
   * Starts a server on {@code address} (port 0 picks a free port) with the filter in front of {@code /whoami}.
   *
   * @param cookies the session cookies
   * @param address where to listen
   * @return the started server; {@code stop(0)} it
   * @throws IOException when the address cannot be bound
   */
  public static HttpServer start(SessionCookies cookies, InetSocketAddress address) throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    server.createContext("/whoami", JdkHttpServerRecipe::whoami).getFilters().add(new SessionFilter(cookies));
    server.start();
    return server;
  }

  private static void whoami(HttpExchange exchange) throws IOException {
    byte[] body = ((String) exchange.getAttribute(SessionCookies.REQUEST_ATTRIBUTE)).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Verifies the session cookie, or issues one, before the handler runs. */
  public static final class SessionFilter extends Filter {
    private final SessionCookies cookies;

    /**
     * A filter over these session cookies.
     *
     * @param cookies the signer and verifier
     */
    public SessionFilter(SessionCookies cookies) {
      this.cookies = cookies;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
      List<String> cookieHeaders = exchange.getRequestHeaders().get("Cookie");
      SessionCookies.Session session = cookies.resolve(cookieHeaders);
      session.setCookie().ifPresent(header -> exchange.getResponseHeaders().add("Set-Cookie", header));
      exchange.setAttribute(SessionCookies.REQUEST_ATTRIBUTE, session.id());
      chain.doFilter(exchange);
    }

    @Override
    public String description() {
      return "Hardtack session cookie";
    }
  }
}
