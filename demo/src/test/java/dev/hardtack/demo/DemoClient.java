package dev.hardtack.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser stand-in on {@link HttpClient} that keeps its cookies by hand, so tests see every Set-Cookie header
 * exactly as sent and can send back whatever cookie they like.
 */
final class DemoClient {
  private static final Pattern VISITS = Pattern.compile("<p id=\"visits\">([^<]*)</p>");

  /** One response: status, body and the raw Set-Cookie headers. */
  record Response(int status, String body, List<String> setCookies, Map<String, List<String>> headers) {
    /** The visit line of a page, e.g. "You visited this page 3 times". */
    String visits() {
      Matcher m = VISITS.matcher(body);
      if (!m.find()) {
        throw new AssertionError("no visit line in:\n" + body);
      }
      return m.group(1);
    }

    /** The Set-Cookie header for {@code name}, if one was sent. */
    Optional<String> setCookie(String name) {
      return setCookies.stream().filter(h -> h.startsWith(name + "=")).findFirst();
    }

    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return v == null ? null : v.get(0);
    }
  }

  private final HttpClient http;
  private final URI base;
  /** name -> value, as a browser's cookie jar for this one host would hold them. */
  final Map<String, String> jar = new LinkedHashMap<>();

  DemoClient(HttpClient http, URI base) {
    this.http = http;
    this.base = base;
  }

  /** Another visitor: same connection pool, empty cookie jar. */
  DemoClient fresh() {
    return new DemoClient(http, base);
  }

  Response get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  /** A form POST as a browser sends it from one of this server's own pages: with the page's {@code Origin}. */
  Response post(String path, String form) throws IOException, InterruptedException {
    return send(request(path).header("Origin", origin()).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  /** This server's origin, {@code scheme://host:port}, as a browser would send it. */
  String origin() {
    return base.getScheme() + "://" + base.getRawAuthority();
  }

  Response send(HttpRequest.Builder builder) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    List<String> setCookies = r.headers().allValues("set-cookie");
    for (String h : setCookies) {
      String pair = h.split(";", 2)[0];
      String name = pair.substring(0, pair.indexOf('='));
      if (h.contains("; Max-Age=0")) {
        jar.remove(name);
      } else {
        jar.put(name, pair.substring(name.length() + 1));
      }
    }
    return new Response(r.statusCode(), r.body(), setCookies, r.headers().map());
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    if (!jar.isEmpty()) {
      b.header("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
    return b;
  }
}
