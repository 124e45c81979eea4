package dev.hardtack.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * The demo's pages, as plain strings. Every value from a request is escaped with {@link #escape(String)}.
 *
 * <pre>{@code
 * String page = Html.visitLine(3);   // "You visited this page 3 times"
 * }</pre>
 *
 * <p>Security: the one script is inline and allowed by its hash in {@link #CSP}; nothing else may run, load or
 * frame the page.
 */
final class Html {
  /** Shows the visitor what a page script can read of the cookies: the HttpOnly ones stay hidden. */
  static final String SCRIPT =
      "document.getElementById(\"script-view\").textContent = JSON.stringify(document.cookie);";

  /** The page's Content-Security-Policy: only the script above, inline styles, and forms posting here. */
  static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src '" + sha256(SCRIPT)
      + "'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;"
      + "padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .2em}form{display:inline}"
      + ".note{color:#555;font-size:.9em}";

  private Html() {}

  /** "Welcome to this page for the first time!" for the first visit, then "You visited this page N times". */
  static String visitLine(int visits) {
    return visits <= 1 ? "Welcome to this page for the first time!" : "You visited this page " + visits + " times";
  }

  /** The session page at {@code /}. */
  static String sessionPage(SessionStore.View v, Duration idle, Instant absoluteDeadline, int keyVersion) {
    StringBuilder b = head("Hardtack demo: a signed session cookie");
    b.append("<p id=\"visits\">").append(visitLine(v.visits())).append("</p>\n");
    if (v.user() != null) {
      b.append("<p id=\"user\">Signed in as <b>").append(escape(v.user())).append("</b>. ")
          .append("<form method=\"post\" action=\"/logout\"><button>Log out</button></form></p>\n");
    } else {
      b.append("<form method=\"post\" action=\"/login\"><label>Name <input name=\"name\" maxlength=\"64\" ")
          .append("required></label> <button>Log in</button></form>\n")
          .append("<form method=\"post\" action=\"/logout\"><button>Log out</button></form>\n");
    }
    b.append("<p class=\"note\">Your browser holds the session id in the cookie <code>")
        .append(DemoServer.SESSION_COOKIE).append("</code>, signed with key version ").append(keyVersion)
        .append(" (Secure, HttpOnly, SameSite=Lax). The visit count lives on the server. The session ends after ")
        .append(human(idle)).append(" without a visit, and at the latest at ")
        .append(absoluteDeadline.truncatedTo(ChronoUnit.SECONDS)).append(". Logging in gives it a new id.</p>\n")
        .append("<p class=\"note\">What a script on this page reads from <code>document.cookie</code>: ")
        .append("<code id=\"script-view\"></code></p>\n")
        .append("<p><a href=\"/stateless\">The stateless variant</a>: the count in an encrypted cookie.</p>\n");
    return foot(b, true);
  }

  /** The stateless page at {@code /stateless}. */
  static String statelessPage(int visits, Duration idle, Instant absoluteDeadline) {
    StringBuilder b = head("Hardtack demo: an encrypted cookie, no server state");
    b.append("<p id=\"visits\">").append(visitLine(visits)).append("</p>\n")
        .append("<p class=\"note\">The count is in the cookie <code>").append(DemoServer.STATE_COOKIE)
        .append("</code>, encrypted and authenticated with AES-256-GCM: you cannot read or change it, and the ")
        .append("server stores nothing. It ends after ").append(human(idle))
        .append(" without a visit, and at the latest at ").append(absoluteDeadline.truncatedTo(ChronoUnit.SECONDS))
        .append(".</p>\n")
        .append("<p class=\"note\">What a script on this page reads from <code>document.cookie</code>: ")
        .append("<code id=\"script-view\"></code></p>\n")
        .append("<p><a href=\"/\">The session variant</a></p>\n");
    return foot(b, true);
  }

  /** A short page for errors: {@code message} is escaped. */
  static String errorPage(int status, String message) {
    StringBuilder b = head("Hardtack demo: " + status);
    b.append("<p>").append(escape(message)).append("</p>\n<p><a href=\"/\">Back</a></p>\n");
    return foot(b, false);
  }

  /** Escapes the five characters that matter in HTML text and attribute values. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** {@code 15 minutes}, {@code 8 hours}, {@code 90 seconds}. */
  static String human(Duration d) {
    long s = d.toSeconds();
    if (s % 86400 == 0) {
      return plural(s / 86400, "day");
    }
    if (s % 3600 == 0) {
      return plural(s / 3600, "hour");
    }
    if (s % 60 == 0) {
      return plural(s / 60, "minute");
    }
    return plural(s, "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }

  private static StringBuilder head(String title) {
    return new StringBuilder(2048).append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
        .append(escape(title)).append("</title><style>").append(STYLE).append("</style></head>\n<body>\n<h1>")
        .append(escape(title)).append("</h1>\n");
  }

  private static String foot(StringBuilder b, boolean withScript) {
    if (withScript) {
      b.append("<script>").append(SCRIPT).append("</script>\n");
    }
    return b.append("</body></html>\n").toString();
  }

  private static String sha256(String script) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
