package dev.hardtack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptionsTest {
  @Test
  void parse_noFlags_givesDocumentedDefaults() {
    Options o = Options.parse();
    assertEquals(8443, o.port());
    assertEquals(Duration.ofMinutes(15), o.idleTimeout());
    assertEquals(Duration.ofHours(8), o.absoluteTimeout());
    assertNull(o.keyring());
    assertNull(o.keystore());
    assertFalse(o.http());
    assertEquals("127.0.0.1", o.bind(), "loopback unless told otherwise");
    assertFalse(o.unsignedBaseline());
  }

  @Test
  void parse_bind_takesAddressesAndHostNames() {
    assertEquals("0.0.0.0", Options.parse("--bind", "0.0.0.0").bind());
    assertEquals("::1", Options.parse("--bind=[::1]").bind());
    assertEquals("fe80::1%eth0", Options.parse("--bind", "fe80::1%eth0").bind());
    assertEquals("localhost", Options.parse("--bind", "localhost").bind());
  }

  @Test
  void parse_unsignedBaseline_onlyWithHttp() {
    assertTrue(Options.parse("--http", "--unsigned-baseline").unsignedBaseline());
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--unsigned-baseline"));
    assertFalse(Options.USAGE.contains("unsigned"), "not offered to users");
  }

  @Test
  void parse_everyFlag_bothSpellings() {
    Options o = Options.parse("--port", "9000", "--idle-timeout=90s", "--absolute-timeout", "PT2H",
        "--keyring=k.ring", "--keystore", "tls.p12");
    assertEquals(9000, o.port());
    assertEquals(Duration.ofSeconds(90), o.idleTimeout());
    assertEquals(Duration.ofHours(2), o.absoluteTimeout());
    assertEquals(Path.of("k.ring"), o.keyring());
    assertEquals(Path.of("tls.p12"), o.keystore());
  }

  @Test
  void parse_http_defaultsToPort8080() {
    Options o = Options.parse("--http");
    assertTrue(o.http());
    assertEquals(8080, o.port());
    assertEquals(0, Options.parse("--http", "--port", "0").port());
  }

  /** The one syntax of core's Durations: signs, fractions and non-ASCII digits were let through before. */
  @ParameterizedTest
  @ValueSource(strings = {"--idle-timeout=+90s", "--idle-timeout=PT1.5S", "--absolute-timeout=\u0668h",
      "--absolute-timeout=PT+8H"})
  void parse_durationOutsideTheOneSyntax_isRefused(String arg) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.parse(arg));
    assertTrue(e.getMessage().contains(" is not a duration: write 90s, 15m, 8h, 2d"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--port=70000", "--port=-1", "--port=x", "--idle-timeout=0s", "--idle-timeout=15",
      "--idle-timeout=401d", "--absolute-timeout=soon", "--keyring=", "--http=yes", "--bogus", "--port",
      "--bind=", "--bind", "--bind=a b", "--bind=1.2.3.4/8", "--unsigned-baseline=1"})
  void parse_badFlag_isRefusedWithMessage(String arg) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.parse(arg));
    assertFalse(e.getMessage().isBlank());
  }

  @Test
  void parse_keystoreWithHttp_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--http", "--keystore", "x.p12"));
  }
}
