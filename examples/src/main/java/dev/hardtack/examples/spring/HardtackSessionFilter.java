package dev.hardtack.examples.spring;

import dev.hardtack.examples.SessionCookies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import org.springframework.web.filter.OncePerRequestFilter;

/** Spring's once-per-request filter: verifies the session cookie, or issues one, before any controller. */
public class HardtackSessionFilter extends OncePerRequestFilter {
  private final SessionCookies cookies;

  /**
   * A filter over these session cookies.
   *
   * @param cookies the signer and verifier, a bean
   */
  public HardtackSessionFilter(SessionCookies cookies) {
    this.cookies = cookies;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws ServletException, IOException {
    SessionCookies.Session session = cookies.resolve(Collections.list(req.getHeaders("Cookie")));
    session.setCookie().ifPresent(header -> res.addHeader("Set-Cookie", header));
    req.setAttribute(SessionCookies.REQUEST_ATTRIBUTE, session.id());
    chain.doFilter(req, res);
  }
}
