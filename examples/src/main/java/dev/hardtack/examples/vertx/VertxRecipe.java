package dev.hardtack.examples.vertx;

import dev.hardtack.examples.SessionCookies;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/** Vert.x Web 5: a route handler for every path verifies the session cookie, or issues one, then calls next(). */
public final class VertxRecipe {
  private VertxRecipe() {}

  /**
   * The router; serve it with {@code vertx.createHttpServer().requestHandler(router).listen(port, host)}.
   *
   * @param vertx the Vert.x instance
   * @param cookies the session cookies; verifying is CPU-only, so it runs on the event loop
   * @return the router
   */
  public static Router router(Vertx vertx, SessionCookies cookies) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      SessionCookies.Session session = cookies.resolve(ctx.request().headers().getAll(HttpHeaders.COOKIE));
      session.setCookie().ifPresent(header -> ctx.response().headers().add(HttpHeaders.SET_COOKIE, header));
      ctx.put(SessionCookies.REQUEST_ATTRIBUTE, session.id());
      ctx.next();
    });
    router.get("/whoami").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
        .end(ctx.<String>get(SessionCookies.REQUEST_ATTRIBUTE)));
    return router;
  }
}
