package dev.hardtack.examples.javalin;

import dev.hardtack.KeyRing;
import dev.hardtack.examples.RoundTrip;
import dev.hardtack.examples.SessionCookies;
import io.javalin.Javalin;
import java.net.URI;
import org.junit.jupiter.api.Test;

class JavalinRecipeTest {
  @Test
  void beforeHandler_onJavalinLoopback_signedCookieRoundTrips() throws Exception {
    KeyRing ring = KeyRing.generate();
    Javalin app = JavalinRecipe.create(new SessionCookies(ring)).start("127.0.0.1", 0);
    try {
      RoundTrip.check(URI.create("http://127.0.0.1:" + app.port()), ring);
    } finally {
      app.stop();
    }
  }
}
