package dev.hardtack.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/INTEGRATIONS.md shows only code that is compiled and tested here: each java block is an excerpt. */
class IntegrationsDocTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
  private static final Pattern JAVADOC = Pattern.compile("[ \t]*/\\*\\*.*?\\*/\n", Pattern.DOTALL);

  @Test
  void javaBlocks_integrationsDoc_areVerbatimExcerptsOfTheExamples() throws IOException {
    Path basedir = Path.of(System.getProperty("basedir", "."));
    String doc = Files.readString(basedir.resolve("../docs/INTEGRATIONS.md"), StandardCharsets.UTF_8);
    StringBuilder sources = new StringBuilder();
    try (Stream<Path> files = Files.walk(basedir.resolve("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
        sources.append(JAVADOC.matcher(Files.readString(f, StandardCharsets.UTF_8)).replaceAll("")).append('\n');
      }
    }
    List<String> stale = new ArrayList<>();
    int blocks = 0;
    Matcher m = JAVA_BLOCK.matcher(doc);
    while (m.find()) {
      blocks++;
      if (sources.indexOf(m.group(1)) < 0) {
        stale.add(m.group(1).lines().findFirst().orElse(""));
      }
    }
    assertTrue(blocks >= 8, "found only " + blocks + " java blocks");
    assertEquals(List.of(), stale, "these blocks no longer match examples/src/main/java");
  }
}
