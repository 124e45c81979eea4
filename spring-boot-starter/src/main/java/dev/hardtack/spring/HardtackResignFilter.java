package dev.hardtack.spring;

import dev.hardtack.Verification;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Runs right after Spring Session's filter and, before the application writes anything: re-issues a valid
 * cookie signed by an old key (or past half its lifetime) under the primary key, so a key rotation logs nobody
 * out; deletes a rejected cookie (tampered, unknown key, expired, ambiguous). Spring Session itself writes the
 * cookie only for a new or changed id, and a later {@code Set-Cookie} of its own (a new session, {@code
 * invalidate()}) comes after this one and wins.
 *
 * <p>Verifies nothing itself: the serializer verifies the cookie once and keeps the result for the request.
 * Touches no session store.
 */
final class HardtackResignFilter implements Filter, Ordered {
  private final HardtackCookieSerializer serializer;

  HardtackResignFilter(HardtackCookieSerializer serializer) {
    this.serializer = serializer;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req instanceof HttpServletRequest request && res instanceof HttpServletResponse response) {
      Verification v = serializer.verify(request);
      if (serializer.needsRefresh(v)) {
        response.addHeader("Set-Cookie", serializer.issue(v.value()));
      } else if (!v.isValid() && v.status() != Verification.Status.MISSING) {
        response.addHeader("Set-Cookie", serializer.deletion());
      }
    }
    chain.doFilter(req, res);
  }

  @Override
  public int getOrder() {
    return SessionRepositoryFilter.DEFAULT_ORDER + 1;
  }
}
