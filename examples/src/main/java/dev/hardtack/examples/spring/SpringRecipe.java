package dev.hardtack.examples.spring;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import dev.hardtack.SessionIdGenerator;
import dev.hardtack.examples.SessionCookies;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application with hardtack-spring-boot-starter: the starter makes the codec and the id generator
 * beans (from {@code hardtack.cookie.*} in application.properties), the filter is a bean (Boot registers every
 * {@code Filter} bean for all URLs), and controllers read the trusted session id from a request attribute.
 */
@SpringBootApplication
public class SpringRecipe {
  /**
   * The keys, so that the test can rotate them in memory; the starter then leaves the ring to this bean. A real
   * application drops this bean and sets {@code hardtack.keyring.file}: the starter's ring follows that file.
   *
   * @return the ring
   */
  @Bean
  public KeyRing keyRing() {
    return KeyRing.generate();
  }

  /**
   * The session cookies, on the starter's codec and id generator.
   *
   * @param codec the starter's codec bean
   * @param ids the starter's id generator bean
   * @return the session cookies
   */
  @Bean
  public SessionCookies sessionCookies(CookieCodec codec, SessionIdGenerator ids) {
    return new SessionCookies(codec, ids);
  }

  /**
   * The filter.
   *
   * @param cookies the codec bean
   * @return the filter, registered for every URL
   */
  @Bean
  public HardtackSessionFilter hardtackSessionFilter(SessionCookies cookies) {
    return new HardtackSessionFilter(cookies);
  }

  /** Answers with the session id that the filter verified. */
  @RestController
  public static class WhoAmI {
    /**
     * The session id.
     *
     * @param sessionId left by the filter
     * @return the session id as plain text
     */
    @GetMapping(value = "/whoami", produces = "text/plain")
    public String whoami(@RequestAttribute(SessionCookies.REQUEST_ATTRIBUTE) String sessionId) {
      return sessionId;
    }
  }
}
