package dev.hardtack.examples.spring;

import dev.hardtack.KeyRing;
import dev.hardtack.examples.SessionCookies;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application: the key ring and the codec are beans, the filter is a bean (Boot registers every
 * {@code Filter} bean for all URLs), and controllers read the trusted session id from a request attribute.
 */
@SpringBootApplication
public class SpringRecipe {
  /**
   * The keys. A real application loads them from its secret store: {@code KeyRing.of(secret)}, then {@code
   * add}/{@code promote} for each newer key.
   *
   * @return the ring
   */
  @Bean
  public KeyRing keyRing() {
    return KeyRing.generate();
  }

  /**
   * The codec, shared by the filter and anything else that signs.
   *
   * @param ring the ring bean
   * @return the session cookies
   */
  @Bean
  public SessionCookies sessionCookies(KeyRing ring) {
    return new SessionCookies(ring);
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
