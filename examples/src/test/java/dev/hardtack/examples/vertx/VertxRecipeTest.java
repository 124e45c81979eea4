package dev.hardtack.examples.vertx;

import dev.hardtack.KeyRing;
import dev.hardtack.examples.RoundTrip;
import dev.hardtack.examples.SessionCookies;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VertxRecipeTest {
  @Test
  void routeHandler_onVertxLoopback_signedCookieRoundTrips() throws Exception {
    KeyRing ring = KeyRing.generate();
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server = vertx.createHttpServer()
          .requestHandler(VertxRecipe.router(vertx, new SessionCookies(ring)))
          .listen(0, "127.0.0.1")
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      RoundTrip.check(URI.create("http://127.0.0.1:" + server.actualPort()), ring);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
