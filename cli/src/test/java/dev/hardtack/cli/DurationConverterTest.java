package dev.hardtack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --max-age} speaks Hardtack's one duration syntax (core's {@code Durations}), like the servlet and demo. */
class DurationConverterTest {
  private final HardtackCli.DurationConverter converter = new HardtackCli.DurationConverter();

  @Test
  void convert_anyLetterCase_sameDuration() {
    assertEquals(Duration.ofHours(8), converter.convert("8h"));
    assertEquals(Duration.ofHours(8), converter.convert("8H"));
    assertEquals(Duration.ofDays(2), converter.convert("p2d"));
    assertEquals(Duration.ofMinutes(15), converter.convert("PT15M"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"401d", "0s", "PT-1S", "+5s", "PT1.5S", "\u0663\u0663d", "9999999999999999999d", "forever"})
  void convert_outOfRangeOrNotTheSyntax_typeConversionError(String text) {
    CommandLine.TypeConversionException e =
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert(text));
    assertTrue(e.getMessage().startsWith("'" + text + "' is "), e.getMessage());
  }
}
