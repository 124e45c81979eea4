package dev.hardtack.examples.servlet;

import dev.hardtack.KeyRing;
import dev.hardtack.examples.RoundTrip;
import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

class ServletRecipeTest {
  @Test
  void filter_onJettyLoopback_signedCookieRoundTrips() throws Exception {
    KeyRing ring = KeyRing.generate();
    Server server = ServletRecipe.start(ring, "127.0.0.1", 0);
    try {
      int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      RoundTrip.check(URI.create("http://127.0.0.1:" + port), ring);
    } finally {
      server.stop();
    }
  }
}
