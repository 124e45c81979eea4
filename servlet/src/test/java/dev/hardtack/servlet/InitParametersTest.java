package dev.hardtack.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InitParametersTest {

  @Test
  void duration_everyAcceptedSyntax_parsed() throws Exception {
    assertEquals(Duration.ofSeconds(90), InitParameters.duration("", "90s"));
    assertEquals(Duration.ofMinutes(15), InitParameters.duration("", "15m"));
    assertEquals(Duration.ofHours(8), InitParameters.duration("", " 8H "));
    assertEquals(Duration.ofDays(400), InitParameters.duration("", "400d"));
    assertEquals(Duration.ofHours(8), InitParameters.duration("", "PT8H"));
    assertEquals(Duration.ofMinutes(30), InitParameters.duration("", "pt30m"));
    assertEquals(Duration.ofSeconds(1), InitParameters.duration("", "1s"));
  }

  @Test
  void duration_absentOrBlank_eightHours() throws Exception {
    assertEquals(HardtackFilter.DEFAULT_MAX_AGE, InitParameters.duration("", null));
    assertEquals(Duration.ofHours(8), InitParameters.duration("", "  "));
  }

  @Test
  void duration_junkOrOutOfRange_oneSentenceNamingTheParameter() {
    for (String bad : new String[] {"8", "h", "8 hours", "8w", "-5s", "0s", "PT0.5S", "401d", "P2Y",
        "99999999999999999999d", "9223372036854775807d"}) {
      InitParameters.ConfigException e = assertThrows(InitParameters.ConfigException.class,
          () -> InitParameters.duration("X: ", bad), bad);
      assertEquals(true, e.getMessage().startsWith("X: cookie.max-age "), e.getMessage());
      assertEquals(true, e.getMessage().endsWith("'" + bad + "'"), e.getMessage());
    }
  }

  /** The one syntax of core's Durations: no sign, no fraction, ASCII digits only (all were let through before). */
  @Test
  void duration_signFractionOrNonAsciiDigits_refused() {
    for (String bad : new String[] {"+5s", "PT1.5S", "PT+30M", "\u0663\u0660s", "8h\u0000"}) {
      InitParameters.ConfigException e = assertThrows(InitParameters.ConfigException.class,
          () -> InitParameters.duration("X: ", bad), bad);
      assertEquals("X: cookie.max-age takes a duration such as 90s, 15m, 8h, 30d or PT8H, not '" + bad + "'",
          e.getMessage());
    }
  }

  @Test
  void builder_maxAgeOutOfRange_illegalArgumentAtBuild() {
    CookieCodec codec = CookieCodec.builder(KeyRing.generate()).cookieName("__Host-sid").build();
    assertThrows(IllegalArgumentException.class,
        () -> HardtackFilter.builder(codec).maxAge(Duration.ofMillis(500)).build());
    assertThrows(IllegalArgumentException.class,
        () -> HardtackFilter.builder(codec).maxAge(Duration.ofDays(401)).build());
    assertThrows(NullPointerException.class, () -> HardtackFilter.builder(null));
    assertEquals("HardtackFilter[" + codec + "]", HardtackFilter.builder(codec).build().toString());
  }
}
