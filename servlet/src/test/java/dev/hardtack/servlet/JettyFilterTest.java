package dev.hardtack.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.net.URI;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The filter's contract inside an embedded Jetty 12 (ee10, Servlet 6.0), on a random loopback port. */
class JettyFilterTest extends ContainerContractTest {

  @Override
  Started start(ServletContainerInitializer initializer, Path workDir) throws Exception {
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setHeaderCacheCaseSensitive(true); // as ServletRecipe: header values are compared exactly, never by case
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServletContainerInitializer(initializer);
    server.setHandler(context);
    Throwable failure = null;
    try {
      server.start();
    } catch (Exception e) {
      failure = e;
    }
    if (failure == null && !context.isAvailable()) {
      failure = new IllegalStateException("context not available");
    }
    URI base = connector.getLocalPort() > 0 ? URI.create("http://127.0.0.1:" + connector.getLocalPort()) : null;
    return Started.of(base, failure, server::stop);
  }
}
