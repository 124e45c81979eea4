package dev.hardtack.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The small application of the tests: log in, ask who is logged in, log out. Its sessions are Spring Session's
 * (in memory with {@link InMemorySessions}, or on Redis).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(WebApp.Pages.class)
public class WebApp {
  /** The pages. */
  @RestController
  public static class Pages {
    /**
     * Logs {@code user} in: a session with a fresh id.
     *
     * @param user the user name
     * @param request the request
     * @return "ok"
     */
    @PostMapping(value = "/login", produces = "text/plain")
    public String login(@RequestParam("user") String user, HttpServletRequest request) {
      HttpSession s = request.getSession(false);
      if (s != null) {
        request.changeSessionId();
      }
      request.getSession(true).setAttribute("user", user);
      return "ok";
    }

    /**
     * Who is logged in.
     *
     * @param request the request
     * @param response the response
     * @return the user, or "nobody" with 401
     */
    @GetMapping(value = "/me", produces = "text/plain")
    public String me(HttpServletRequest request, HttpServletResponse response) {
      HttpSession s = request.getSession(false);
      Object user = s == null ? null : s.getAttribute("user");
      if (user == null) {
        response.setStatus(401);
        return "nobody";
      }
      return user.toString();
    }

    /**
     * Fails the way an application bug does: not the session store.
     *
     * @return never
     */
    @GetMapping(value = "/boom", produces = "text/plain")
    public String boom() {
      throw new IllegalStateException("an application bug");
    }

    /**
     * Logs out.
     *
     * @param request the request
     * @return "bye"
     */
    @PostMapping(value = "/logout", produces = "text/plain")
    public String logout(HttpServletRequest request) {
      HttpSession s = request.getSession(false);
      if (s != null) {
        s.invalidate();
      }
      return "bye";
    }
  }
}
