package dev.hardtack.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import dev.hardtack.Verification;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.session.web.http.CookieSerializer;

/**
 * Spring Session's cookie in a real application on a real embedded server (Spring Session's in-memory
 * repository: the store is not what is tested here; FleetRedisTest runs the same on Redis).
 */
class SpringSessionCookieTest {
  static final String NAME = "__Host-SESSION";

  @TempDir Path dir;
  Path file;
  Apps.Running app;
  CookieCodec codec;
  KeyRing ring;

  @BeforeEach
  void start() throws Exception {
    file = dir.resolve("keys.hardtack");
    Cli.run("keyring", "init", file.toString());
    app = Apps.start(new Class<?>[] {WebApp.class, InMemorySessions.class}, "hardtack.keyring.file=" + file);
    codec = app.bean(CookieCodec.class);
    ring = app.bean(KeyRing.class);
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private String login() throws Exception {
    Apps.Reply r = Apps.post(app.port(), "/login?user=alice", null);
    assertEquals(200, r.status());
    String cookie = r.cookie(NAME);
    assertNotNull(cookie, () -> "no session cookie in " + r.setCookies());
    return cookie;
  }

  private Apps.Reply me(String cookie) throws Exception {
    return Apps.get(app.port(), "/me", cookie == null ? null : NAME + "=" + cookie);
  }

  @Test
  void serializer_springSessionPresent_isHardtacks() {
    assertTrue(app.bean(CookieSerializer.class) instanceof HardtackCookieSerializer);
  }

  @Test
  void login_newSession_cookieIsSignedWithSecureDefaults() throws Exception {
    Apps.Reply r = Apps.post(app.port(), "/login?user=alice", null);
    String header = r.setCookies().stream().filter(h -> h.startsWith(NAME + "=")).findFirst().orElseThrow();
    assertTrue(header.contains("; Max-Age=28800"), header);
    assertTrue(header.contains("; Path=/"), header);
    assertTrue(header.contains("; Secure"), header);
    assertTrue(header.contains("; HttpOnly"), header);
    assertTrue(header.contains("; SameSite=Lax"), header);
    String cookie = r.cookie(NAME);
    assertTrue(cookie.startsWith("s1.1."), cookie);
    Verification v = codec.verify(cookie);
    assertTrue(v.isValid());
    // The signed value is the session id, from Hardtack's generator (192 bits: 32 base64url characters).
    assertEquals(32, v.value().length(), v.value());
    assertEquals("alice", me(cookie).body());
  }

  @Test
  void me_tamperedCookie_newSessionAndCookieDeleted() throws Exception {
    String cookie = login();
    String tampered = cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("AA") ? "BB" : "AA");
    Apps.Reply r = me(tampered);
    assertEquals(401, r.status());
    assertEquals("", r.cookie(NAME), () -> "the rejected cookie is not deleted: " + r.setCookies());
    // The id alone, unsigned, as Spring Session's own cookie would carry it: refused too.
    assertEquals(401, me(codec.verify(cookie).value()).status());
    assertEquals("alice", me(cookie).body());
  }

  @Test
  void me_unknownKeyCookie_newSession() throws Exception {
    String cookie = login();
    String id = codec.verify(cookie).value();
    CookieCodec stranger = CookieCodec.builder(KeyRing.generate()).cookieName(NAME).build();
    assertEquals(401, me(stranger.sign(id)).status());
  }

  @Test
  void me_expiredCookie_newSession() throws Exception {
    String cookie = login();
    String id = codec.verify(cookie).value();
    // The same ring and id, signed nine hours ago: past the default 8 h max age.
    CookieCodec past = CookieCodec.builder(ring).cookieName(NAME)
        .clock(Clock.fixed(Instant.now().minus(Duration.ofHours(9)), ZoneOffset.UTC)).build();
    assertEquals(401, me(past.sign(id)).status());
    // Signed five hours ago: valid, past half its life, so re-issued fresh.
    CookieCodec older = CookieCodec.builder(ring).cookieName(NAME)
        .clock(Clock.fixed(Instant.now().minus(Duration.ofHours(5)), ZoneOffset.UTC)).build();
    Apps.Reply r = me(older.sign(id));
    assertEquals("alice", r.body());
    String fresh = r.cookie(NAME);
    assertNotNull(fresh);
    assertTrue(codec.verify(fresh).issuedAt().isAfter(Instant.now().minus(Duration.ofMinutes(1))));
  }

  @Test
  void me_cookieOnOldKey_reissuedOnPrimaryAndStaysLoggedIn() throws Exception {
    String cookie = login();
    Apps.Reply plain = me(cookie);
    assertNull(plain.cookie(NAME), "a current cookie is not re-issued");
    Cli.run("keyring", "stage", file.toString());
    Cli.run("keyring", "promote", file.toString(), "2");
    assertTrue(Cli.await(ring, r -> r.primaryVersion() == 2, Duration.ofSeconds(5)));
    Apps.Reply r = me(cookie);
    assertEquals("alice", r.body());
    String reissued = r.cookie(NAME);
    assertNotNull(reissued, "a cookie on the retired key is re-issued");
    assertTrue(reissued.startsWith("s1.2."), reissued);
    assertEquals(codec.verify(cookie).value(), codec.verify(reissued).value());
    // Revoking the old key: the old cookie is refused, the re-issued one still works.
    Cli.run("keyring", "revoke", file.toString(), "1");
    assertTrue(Cli.await(ring, k -> !Cli.hasVersion(k, 1), Duration.ofSeconds(5)));
    assertEquals(401, me(cookie).status());
    assertEquals("alice", me(reissued).body());
  }

  @Test
  void logout_invalidate_clearsCookie() throws Exception {
    String cookie = login();
    Apps.Reply r = Apps.post(app.port(), "/logout", NAME + "=" + cookie);
    assertEquals("bye", r.body());
    assertEquals("", r.cookie(NAME), () -> "not cleared: " + r.setCookies());
    String header = r.setCookies().stream().filter(h -> h.startsWith(NAME + "=")).findFirst().orElseThrow();
    assertTrue(header.contains("Max-Age=0") && header.contains("Path=/") && header.contains("Secure"), header);
    assertEquals(401, me(cookie).status());
  }

  @Test
  void boom_applicationFailure_notTurnedInto503() throws Exception {
    // Only an unreachable session store becomes 503 (FleetRedisTest); an application's own failure stays 500.
    assertEquals(500, Apps.get(app.port(), "/boom", NAME + "=" + login()).status());
  }

  @Test
  void me_noCookie_noSetCookie() throws Exception {
    Apps.Reply r = me(null);
    assertEquals(401, r.status());
    assertFalse(r.setCookies().stream().anyMatch(h -> h.startsWith(NAME)), r.setCookies().toString());
  }
}
