package dev.hardtack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.KeyRing;
import dev.hardtack.testsupport.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real browser against the real server over HTTPS: headless Chromium, a fresh profile, the demo's own
 * self-signed certificate trusted by its key hash alone. Skipped (loudly) only when no Chromium is installed;
 * {@code .ci/run} installs it.
 */
@Tag("slow")
class ChromiumTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void browser_threeVisits_countRises_andPageScriptCannotReadSessionCookie() throws Exception {
    Path chromium = DevTools.findChromium();
    Assumptions.assumeTrue(chromium != null,
        "SKIPPED: no chromium on PATH (set -Dhardtack.chromium=PATH, or apt-get install chromium)");

    try (KeyRing ring = KeyRing.generate();
        DemoServer server = DemoServer.start(new DemoServer.Settings(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TestTls.server(), ring,
            Duration.ofMinutes(15), Duration.ofHours(8), 100, Clock.systemUTC(), line -> { }));
        DevTools browser = DevTools.launch(chromium, dir.resolve("profile"),
            SelfSignedCertificate.spkiHash(TestTls.CERT.certificate()))) {
      String url = "https://localhost:" + server.port() + "/";
      browser.call("Page.enable", "{}");

      browser.navigate(url);
      assertEquals("Welcome to this page for the first time!", browser.evaluate(visits()));
      browser.navigate(url);
      assertEquals("You visited this page 2 times", browser.evaluate(visits()));
      browser.navigate(url);
      assertEquals("You visited this page 3 times", browser.evaluate(visits()));

      // The browser does hold the session cookie, flagged as the server asked...
      Map<String, Object> sid = cookie(browser, url, DemoServer.SESSION_COOKIE);
      assertNotNull(sid, "the browser stored " + DemoServer.SESSION_COOKIE);
      assertEquals(true, sid.get("httpOnly"));
      assertEquals(true, sid.get("secure"));
      assertEquals("Lax", sid.get("sameSite"));

      // ...yet a script on the page cannot see it: not the page's own script, not one run now.
      assertEquals("\"\"", browser.evaluate("document.getElementById('script-view').textContent"));
      assertEquals("", browser.evaluate("document.cookie"));
      // Control: this page's scripts can read cookies in general, so the silence above is HttpOnly at work.
      String seen = (String) browser.evaluate("document.cookie = 'probe=visible; Secure; SameSite=Lax'; "
          + "document.cookie");
      assertEquals("probe=visible", seen);
      assertFalse(seen.contains(DemoServer.SESSION_COOKIE));
      assertEquals(1, server.sessions(), "three visits, one session");
    }
  }

  private static String visits() {
    return "document.getElementById('visits').textContent";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cookie(DevTools browser, String url, String name) throws Exception {
    Map<String, Object> r = browser.call("Network.getCookies", "{\"urls\":[" + Json.quote(url) + "]}");
    for (Object c : (List<Object>) r.get("cookies")) {
      Map<String, Object> m = (Map<String, Object>) c;
      if (name.equals(m.get("name"))) {
        assertTrue(((String) m.get("value")).startsWith("s1."));
        return m;
      }
    }
    return null;
  }
}
