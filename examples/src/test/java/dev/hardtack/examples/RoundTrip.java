package dev.hardtack.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.KeyRing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The check every recipe's test makes against a running server: a signed cookie round trip over real HTTP on
 * loopback, a tampered cookie refused, and a cookie of a rotated-out key re-issued under the new one.
 */
public final class RoundTrip {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RoundTrip() {}

  /**
   * Runs the whole check against {@code base}{@code /whoami}.
   *
   * @param base for example {@code http://127.0.0.1:54321}
   * @param ring the server's key ring, rotated here in the last step
   * @throws IOException on a transport failure
   * @throws InterruptedException when interrupted
   */
  public static void check(URI base, KeyRing ring) throws IOException, InterruptedException {
    URI whoami = base.resolve("/whoami");

    // 1. No cookie: a new session, and a signed __Host- cookie with the secure defaults.
    HttpResponse<String> first = get(whoami, Optional.empty());
    assertEquals(200, first.statusCode());
    String setCookie = onlySetCookie(first);
    assertTrue(setCookie.startsWith(SessionCookies.COOKIE_NAME + "=s1."), setCookie);
    assertTrue(setCookie.endsWith("; Max-Age=28800; Path=/; Secure; HttpOnly; SameSite=Lax"), setCookie);
    String sessionId = first.body();
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    assertTrue(cookie.contains("." + sessionId + "."), "the signed value carries the session id");

    // 2. The cookie sent back: the same session, nothing to set.
    HttpResponse<String> second = get(whoami, Optional.of(cookie));
    assertEquals(200, second.statusCode());
    assertEquals(sessionId, second.body());
    assertEquals(List.of(), second.headers().allValues("Set-Cookie"));

    // 3. One character of the tag changed: refused, so a new session, never the claimed one.
    char last = cookie.charAt(cookie.length() - 1);
    String tampered = cookie.substring(0, cookie.length() - 1) + (last == 'A' ? 'B' : 'A');
    HttpResponse<String> third = get(whoami, Optional.of(tampered));
    assertNotEquals(sessionId, third.body());
    assertFalse(onlySetCookie(third).contains(sessionId));

    // 4. The key rotated: the old cookie still works, and comes back signed by the new primary.
    int newVersion = ring.rotate();
    HttpResponse<String> fourth = get(whoami, Optional.of(cookie));
    assertEquals(sessionId, fourth.body());
    assertTrue(onlySetCookie(fourth).startsWith(SessionCookies.COOKIE_NAME + "=s1." + newVersion + "."));
  }

  private static HttpResponse<String> get(URI uri, Optional<String> cookie)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
    cookie.ifPresent(c -> request.header("Cookie", c));
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String onlySetCookie(HttpResponse<String> response) {
    List<String> all = response.headers().allValues("Set-Cookie");
    assertEquals(1, all.size(), all::toString);
    return all.get(0);
  }
}
