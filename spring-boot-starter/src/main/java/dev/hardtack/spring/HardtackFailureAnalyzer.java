package dev.hardtack.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link HardtackStartupException} as Spring Boot's "APPLICATION FAILED TO START" block: one sentence
 * for what is wrong, one for what to do, and no stack trace. Registered in {@code META-INF/spring.factories}.
 *
 * <pre>{@code
 * FailureAnalysis a = new HardtackFailureAnalyzer().analyze(startupFailure); // null when not Hardtack's
 * }</pre>
 *
 * <p>Security: the sentences come from {@link HardtackStartupException}, which never holds key material.
 */
public final class HardtackFailureAnalyzer extends AbstractFailureAnalyzer<HardtackStartupException> {
  /** For Spring Boot's factory loader. */
  public HardtackFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, HardtackStartupException cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), null);
  }
}
