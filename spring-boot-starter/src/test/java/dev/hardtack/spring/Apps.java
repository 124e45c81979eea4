package dev.hardtack.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts test applications on a random loopback port and talks HTTP to them, cookie by hand. */
final class Apps {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Apps() {}

  /** A running application and its port. */
  record Running(ConfigurableApplicationContext context, int port) implements AutoCloseable {
    @Override
    public void close() {
      context.close();
    }

    <T> T bean(Class<T> type) {
      return context.getBean(type);
    }
  }

  /** One HTTP exchange: status, body, and the Set-Cookie headers. */
  record Reply(int status, String body, List<String> setCookies) {
    /** The value this reply sets for cookie {@code name}: null when unset, "" when deleted. */
    String cookie(String name) {
      String value = null;
      for (String h : setCookies) {
        if (h.startsWith(name + "=")) {
          String v = h.substring(name.length() + 1, h.indexOf(';') < 0 ? h.length() : h.indexOf(';'));
          value = h.toLowerCase(Locale.ROOT).contains("max-age=0") ? "" : v;
        }
      }
      return value;
    }
  }

  static Running start(Class<?>[] sources, String... properties) {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
        "--spring.main.banner-mode=off", "--spring.jmx.enabled=false"));
    for (String p : properties) {
      args.add("--" + p);
    }
    SpringApplication app = new SpringApplication(sources);
    app.setMainApplicationClass(sources[0]);
    ConfigurableApplicationContext ctx = app.run(args.toArray(String[]::new));
    return new Running(ctx, Integer.parseInt(ctx.getEnvironment().getRequiredProperty("local.server.port")));
  }

  static Reply get(int port, String path, String cookieHeader) throws IOException, InterruptedException {
    return send(port, "GET", path, cookieHeader);
  }

  static Reply post(int port, String path, String cookieHeader) throws IOException, InterruptedException {
    return send(port, "POST", path, cookieHeader);
  }

  static Reply send(int port, String method, String path, String cookieHeader)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20)).method(method, HttpRequest.BodyPublishers.noBody());
    if (cookieHeader != null) {
      b.header("Cookie", cookieHeader);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body(), r.headers().allValues("Set-Cookie"));
  }
}
