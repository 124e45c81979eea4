package dev.hardtack.spring;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * When Actuator is on the class path: the {@code hardtack} health indicator (Spring Boot 4's health API) and the
 * {@code hardtack} entry of {@code /info}. Each backs off when the application defines a bean of that name.
 *
 * <pre>{@code
 * management.endpoint.health.show-details=when-authorized   // to see the key versions in /actuator/health
 * }</pre>
 *
 * <p>Security: neither shows key material; see {@link HardtackHealthIndicator}.
 */
@AutoConfiguration(after = HardtackAutoConfiguration.class)
@ConditionalOnBean(KeyRing.class)
public class HardtackActuatorAutoConfiguration {
  /** For Spring. */
  public HardtackActuatorAutoConfiguration() {}

  /** The health indicator, with Spring Boot 4's health API. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "hardtackHealthIndicator")
    HardtackHealthIndicator hardtackHealthIndicator(KeyRing ring, ObjectProvider<KeyRingStatus> status) {
      return new HardtackHealthIndicator(ring, status.getIfAvailable(() -> new KeyRingStatus(java.time.Clock.systemUTC())));
    }
  }

  /** The info contribution. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
  static class Info {
    @Bean
    @ConditionalOnMissingBean(name = "hardtackInfoContributor")
    HardtackInfoContributor hardtackInfoContributor(KeyRing ring, CookieCodec codec) {
      return new HardtackInfoContributor(ring, codec);
    }
  }
}
