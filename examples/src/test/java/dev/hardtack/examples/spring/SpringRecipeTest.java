package dev.hardtack.examples.spring;

import dev.hardtack.KeyRing;
import dev.hardtack.examples.RoundTrip;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

class SpringRecipeTest {
  @Test
  void oncePerRequestFilter_onBootLoopback_signedCookieRoundTrips() throws Exception {
    SpringApplication app = new SpringApplication(SpringRecipe.class);
    try (ConfigurableApplicationContext context = app.run(
        "--server.address=127.0.0.1", "--server.port=0", "--spring.main.banner-mode=off",
        "--spring.main.log-startup-info=false")) {
      int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
      RoundTrip.check(URI.create("http://127.0.0.1:" + port), context.getBean(KeyRing.class));
    }
  }
}
