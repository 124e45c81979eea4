package dev.hardtack.examples.servlet;

import dev.hardtack.examples.SessionCookies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;

/** A Jakarta Servlet filter: verifies the session cookie, or issues one, before the servlet runs. */
public class HardtackSessionFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  private final transient SessionCookies cookies;

  /**
   * A filter over these session cookies.
   *
   * @param cookies the signer and verifier, shared by all requests
   */
  public HardtackSessionFilter(SessionCookies cookies) {
    this.cookies = cookies;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    SessionCookies.Session session = cookies.resolve(Collections.list(req.getHeaders("Cookie")));
    session.setCookie().ifPresent(header -> res.addHeader("Set-Cookie", header));
    req.setAttribute(SessionCookies.REQUEST_ATTRIBUTE, session.id());
    chain.doFilter(req, res);
  }
}
