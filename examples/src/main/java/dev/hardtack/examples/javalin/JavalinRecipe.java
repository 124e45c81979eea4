package dev.hardtack.examples.javalin;

import dev.hardtack.examples.SessionCookies;
import io.javalin.Javalin;
import java.util.Collections;

/** Javalin 7: a {@code before} handler verifies the session cookie, or issues one, for every route. */
public final class JavalinRecipe {
  private JavalinRecipe() {}

  /**
   * Creates the application; {@code start(host, port)} it.
   *
   * @param cookies the session cookies
   * @return the application, not started
   */
  public static Javalin create(SessionCookies cookies) {
    return Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.routes.before(ctx -> {
        // Every Cookie header, not ctx.cookie(name): a tossed duplicate must not win silently.
        SessionCookies.Session session = cookies.resolve(Collections.list(ctx.req().getHeaders("Cookie")));
        session.setCookie().ifPresent(header -> ctx.res().addHeader("Set-Cookie", header));
        ctx.attribute(SessionCookies.REQUEST_ATTRIBUTE, session.id());
      });
      config.routes.get("/whoami", ctx -> ctx.result(ctx.<String>attribute(SessionCookies.REQUEST_ATTRIBUTE)));
    });
  }
}
