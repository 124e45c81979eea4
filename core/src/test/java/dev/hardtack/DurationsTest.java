package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration MAX = CookieCodec.MAX_MAX_AGE;

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("90s", Duration.ofSeconds(90)),
        Arguments.of("15m", Duration.ofMinutes(15)),
        Arguments.of("8h", Duration.ofHours(8)),
        Arguments.of("2d", Duration.ofDays(2)),
        Arguments.of("1s", SECOND),
        Arguments.of("400d", MAX),
        Arguments.of("0090S", Duration.ofSeconds(90)),
        Arguments.of("15M", Duration.ofMinutes(15)),
        Arguments.of(" 8H ", Duration.ofHours(8)),
        Arguments.of("\t2D\n", Duration.ofDays(2)),
        Arguments.of("PT15M", Duration.ofMinutes(15)),
        Arguments.of("P2D", Duration.ofDays(2)),
        Arguments.of("pt30m", Duration.ofMinutes(30)),
        Arguments.of("P1DT2H3M4S", Duration.ofSeconds(86_400 + 7_384)),
        Arguments.of("PT9600H", MAX));
  }

  @ParameterizedTest
  @MethodSource("accepted")
  void parse_acceptedForm_givesTheDuration(String text, Duration expected) {
    assertEquals(expected, Durations.parse(text, SECOND, MAX));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t", "s", "h", "8", "15", "8 h", "8hours", "8w", "2y", "P2Y", "P1W", "P1M",
      "-5s", "+5s", "5.5s", "1e3s", "PT-1S", "-PT1S", "PT+1S", "PT0.5S", "PT1,5S", "P", "PT", "P1DT", "PT1H1H",
      "\u0663s", "\u0663\u0663m", "PT\u0663S", "\uff18h", "8\u0445", "8h\u0000", "\u00008h", "8h\u000b",
      "8\u00a0h", "1 5m", "ms", "15ms",
      "9999999999999999999d", "99999999999999999999s", "9223372036854775807d", "9223372036854775807s",
      "106751991167301d", "PT9999999999999999999H", "P9223372036854775807D", "forever", "soon", "null"})
  void parse_refusedText_isNotADuration(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text, Duration.ZERO, MAX), text);
    assertTrue(e.getMessage().startsWith("is not a duration: write 90s, 15m, 8h, 2d or ISO-8601"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "PT0S", "401d", "P401D", "9601h", "106751991167300d", "PT9600H1S"})
  void parse_durationOutsideBounds_isOutOfRange(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text, SECOND, MAX), text);
    assertEquals("is out of range: from 1s to 400d", e.getMessage());
  }

  @Test
  void parse_nullOrOverlongText_refusedWithoutReadingIt() {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(null, SECOND, MAX));
    String padded = " ".repeat(Durations.MAX_LENGTH - 2) + "8h";
    assertEquals(Duration.ofHours(8), Durations.parse(padded, SECOND, MAX));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Durations.parse(" " + padded, SECOND, MAX));
    assertTrue(e.getMessage().startsWith("is not a duration"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("9".repeat(1_000_000) + "s", SECOND, MAX));
  }

  @Test
  void parse_messages_neverRepeatTheText() {
    String secret = "hunter2-correct-horse";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(secret, SECOND, MAX));
    assertTrue(!e.getMessage().contains(secret), e.getMessage());
  }

  @Test
  void parse_boundsEachCallerPasses_applyAsGiven() {
    assertEquals(Duration.ZERO, Durations.parse("0s", Duration.ZERO, MAX));
    assertEquals(Duration.ofDays(9999), Durations.parse("9999d", SECOND, Duration.ofDays(10_000)));
    assertEquals("is out of range: from 90s to 15m",
        assertThrows(IllegalArgumentException.class,
            () -> Durations.parse("16m", Duration.ofSeconds(90), Duration.ofMinutes(15))).getMessage());
    assertEquals("is out of range: from 2h to 2h",
        assertThrows(IllegalArgumentException.class,
            () -> Durations.parse("1h", Duration.ofHours(2), Duration.ofHours(2))).getMessage());
  }

  @Test
  void parse_badBounds_programmerMistakeRefused() {
    assertThrows(NullPointerException.class, () -> Durations.parse("8h", null, MAX));
    assertThrows(NullPointerException.class, () -> Durations.parse("8h", SECOND, null));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("8h", SECOND.negated(), MAX));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("8h", MAX, SECOND));
  }

  /** The class Javadoc's example, as written there. */
  @Test
  void classExample_maxAgeFromConfiguration_codecUsesIt() {
    Properties config = new Properties();
    config.setProperty("session.max-age", "15m");
    KeyRing ring = KeyRing.generate();
    Duration maxAge = Durations.parse(config.getProperty("session.max-age", "8h"),
        Duration.ofSeconds(1), CookieCodec.MAX_MAX_AGE);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("__Host-sid").maxAge(maxAge).build();

    assertEquals(Duration.ofMinutes(15), maxAge);
    assertTrue(codec.verify(codec.sign("v")).isValid());
  }
}
