package dev.hardtack.examples.jdk;

import com.sun.net.httpserver.HttpServer;
import dev.hardtack.KeyRing;
import dev.hardtack.examples.RoundTrip;
import dev.hardtack.examples.SessionCookies;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class JdkHttpServerRecipeTest {
  @Test
  void filter_onJdkHttpServerLoopback_signedCookieRoundTrips() throws Exception {
    KeyRing ring = KeyRing.generate();
    HttpServer server = JdkHttpServerRecipe.start(
        new SessionCookies(ring), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    try {
      RoundTrip.check(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), ring);
    } finally {
      server.stop(0);
    }
  }
}
