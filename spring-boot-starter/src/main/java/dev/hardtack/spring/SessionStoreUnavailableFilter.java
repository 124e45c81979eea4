package dev.hardtack.spring;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Wraps Spring Session's filter: when the session store is unreachable (Redis down, a time-out), the request
 * gets {@code 503 Service Unavailable} with {@code Retry-After}, a one-line body and no cookie, and the log one
 * line naming the exception's class: no stack trace, no message, no cookie, no session id. Other failures pass
 * through unchanged. The store's client reconnects by itself; nothing is cached here.
 */
final class SessionStoreUnavailableFilter implements Filter, Ordered {
  private static final Log LOG = LogFactory.getLog(SessionStoreUnavailableFilter.class);
  private static final byte[] BODY =
      "The session store is unavailable: try again in a few seconds.\n".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_CAUSES = 16;

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      Throwable storeFailure = storeFailure(e);
      if (storeFailure == null || response.isCommitted() || !(response instanceof HttpServletResponse http)) {
        throw e;
      }
      http.reset(); // drops any Set-Cookie written before the failure
      http.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      http.setHeader("Retry-After", "5");
      http.setHeader("Cache-Control", "no-store");
      http.setContentType("text/plain;charset=US-ASCII");
      http.setContentLength(BODY.length);
      http.getOutputStream().write(BODY);
      // The class only: a driver's message may quote a key, and a key may be a session id.
      LOG.warn("session store unavailable (" + storeFailure.getClass().getName() + "): answered 503");
    }
  }

  /** The data-access failure that says the store is unreachable, in {@code e}'s causes; null when none. */
  static Throwable storeFailure(Throwable e) {
    Throwable t = e;
    for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
      if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
          || t instanceof RecoverableDataAccessException) {
        return t;
      }
    }
    return null;
  }

  @Override
  public int getOrder() {
    return SessionRepositoryFilter.DEFAULT_ORDER - 1;
  }
}
