package dev.hardtack.spring;

import dev.hardtack.CookieCodec;
import dev.hardtack.SessionIdGenerator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.session.web.http.CookieSerializer;

/**
 * When Spring Session is on the class path of a servlet application: its session cookie becomes a
 * Hardtack-signed cookie ({@link HardtackCookieSerializer}), re-issued on an old key by a small filter, and new
 * session ids come from Hardtack's {@link SessionIdGenerator} (192 random bits), and a session store that is down
 * answers 503 with one log line (no stack trace, no id). Each bean backs off when the application defines its own.
 * Runs before Spring Boot's own session auto-configuration (Boot 3 and Boot 4 names), whose default cookie
 * serializer then backs off.
 *
 * <pre>{@code
 * // pom.xml: spring-session-data-redis (or -jdbc ...) beside this starter; nothing else to write.
 * }</pre>
 *
 * <p>Security: see {@link HardtackCookieSerializer}.
 */
@AutoConfiguration(after = HardtackAutoConfiguration.class, beforeName = {
    "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
    "org.springframework.boot.autoconfigure.session.SessionAutoConfiguration"})
@ConditionalOnClass(CookieSerializer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class HardtackSessionAutoConfiguration {
  /** For Spring. */
  public HardtackSessionAutoConfiguration() {}

  /**
   * Spring Session's cookie, signed by Hardtack.
   *
   * @param codec the cookie codec
   * @param properties the settings
   * @return the serializer
   */
  @Bean
  @ConditionalOnMissingBean(CookieSerializer.class)
  public HardtackCookieSerializer hardtackCookieSerializer(CookieCodec codec, HardtackProperties properties) {
    return new HardtackCookieSerializer(codec, properties.getCookie().getMaxAge(),
        properties.getCookie().getSameSite());
  }

  @Bean
  @ConditionalOnBean(HardtackCookieSerializer.class)
  HardtackResignFilter hardtackResignFilter(HardtackCookieSerializer serializer) {
    return new HardtackResignFilter(serializer);
  }

  /**
   * A session store that is down answers 503, without stack trace or session id in the log.
   *
   * @return the filter, wrapped around Spring Session's
   */
  @Bean
  @ConditionalOnClass(name = "org.springframework.dao.DataAccessException")
  @ConditionalOnMissingBean(name = "hardtackSessionStoreUnavailableFilter")
  SessionStoreUnavailableFilter hardtackSessionStoreUnavailableFilter() {
    return new SessionStoreUnavailableFilter();
  }

  /**
   * Spring Session's id generator (Spring Session 3.2 and later), backed by Hardtack's.
   *
   * @param ids Hardtack's generator
   * @return the adapter
   */
  @Bean
  @ConditionalOnClass(name = "org.springframework.session.SessionIdGenerator")
  @ConditionalOnMissingBean(org.springframework.session.SessionIdGenerator.class)
  public org.springframework.session.SessionIdGenerator hardtackSpringSessionIdGenerator(SessionIdGenerator ids) {
    return ids::next;
  }
}
