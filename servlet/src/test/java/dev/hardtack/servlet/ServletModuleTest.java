package dev.hardtack.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.testsupport.CompiledModule;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the JPMS module {@code dev.hardtack.servlet} (its exports are its public API) and, as core's
 * JavadocExamplesTest does, that every public type has an example and a "Security" paragraph and every builder
 * option states its default. Surefire runs on the class path, so the descriptor is read from the compiled
 * {@code module-info.class}.
 */
class ServletModuleTest {

  static ModuleDescriptor descriptor() throws IOException {
    return CompiledModule.of(HardtackFilter.class);
  }

  @Test
  void exports_compiledDescriptor_onlyTheFilterPackage() throws Exception {
    ModuleDescriptor d = descriptor();
    assertEquals("dev.hardtack.servlet", d.name());
    Set<String> exports = CompiledModule.exports(d);
    assertEquals(Set.of("dev.hardtack.servlet"), exports);
    assertEquals(Set.of("dev.hardtack.servlet"), d.packages());
    assertFalse(d.isOpen(), "an open module would expose every field to reflection");
    assertTrue(d.opens().isEmpty());
  }

  @Test
  void requires_compiledDescriptor_onlyCoreAndTheServletApiTransitively() throws Exception {
    Set<String> requires = new TreeSet<>();
    for (ModuleDescriptor.Requires r : descriptor().requires()) {
      requires.add(r.name() + (r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)
          ? " transitive" : ""));
    }
    // Transitive: HardtackFilter's API shows types of both (CookieCodec, HttpServletRequest).
    assertEquals(Set.of("java.base", "dev.hardtack transitive", "jakarta.servlet transitive"), requires);
  }

  // -------------------------------------------------------------------------- the Javadoc rules of core

  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*public\\s+(?:static\\s+)?(?:final\\s+)?"
          + "(?:abstract\\s+)?(?:class|enum|record|interface)\\s+(\\w+)",
      Pattern.DOTALL);
  private static final Pattern UNDOCUMENTED_PUBLIC_TYPE = Pattern.compile(
      "(?<!\\*/)\\n\\s*public\\s+(?:static\\s+)?(?:final\\s+)?(?:abstract\\s+)?"
          + "(?:class|enum|record|interface)\\s+(\\w+)");
  private static final Pattern BUILDER_SETTER = Pattern.compile(
      "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public\\s+Builder\\s+(\\w+)\\s*\\(", Pattern.DOTALL);

  private static List<String> sources() throws IOException {
    Path root = Path.of(System.getProperty("basedir", ".")).resolve("src/main/java/dev/hardtack/servlet");
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
        out.add(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Test
  void publicTypes_sources_eachHasExampleAndSecurityParagraph() throws IOException {
    List<String> missing = new ArrayList<>();
    int types = 0;
    for (String src : sources()) {
      Matcher m = PUBLIC_TYPE.matcher(src);
      while (m.find()) {
        types++;
        if (!m.group(1).contains("<pre>{@code")) {
          missing.add(m.group(2) + ": no <pre>{@code example");
        }
        if (!m.group(1).contains("Security")) {
          missing.add(m.group(2) + ": no Security paragraph");
        }
      }
      Matcher u = UNDOCUMENTED_PUBLIC_TYPE.matcher(src);
      while (u.find()) {
        missing.add(u.group(1) + ": no Javadoc right above it");
      }
    }
    assertEquals(List.of(), missing);
    assertEquals(2, types, "HardtackFilter and its Builder");
  }

  @Test
  void builderOptions_sources_eachStatesItsDefault() throws IOException {
    List<String> missing = new ArrayList<>();
    int options = 0;
    for (String src : sources()) {
      Matcher m = BUILDER_SETTER.matcher(src);
      while (m.find()) {
        options++;
        if (!m.group(1).toLowerCase(Locale.ROOT).contains("default")) {
          missing.add(m.group(2) + " does not state its default");
        }
      }
    }
    assertEquals(List.of(), missing);
    assertEquals(2, options, "maxAge and sameSite");
  }

  @Test
  void initParameters_constants_eachStatesItsDefaultOrThatItIsRequired() throws IOException {
    String src = Files.readString(Path.of(System.getProperty("basedir", "."))
        .resolve("src/main/java/dev/hardtack/servlet/HardtackFilter.java"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public static final String (\\w+) = \"([a-z.-]+)\";",
        Pattern.DOTALL).matcher(src);
    List<String> names = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    while (m.find()) {
      if (m.group(1).contains("Init-parameter")) {
        names.add(m.group(3));
        if (!m.group(1).contains("Default") && !m.group(1).contains("Required")) {
          missing.add(m.group(2));
        }
      }
    }
    assertEquals(List.of(), missing);
    assertEquals(InitParameters.KNOWN, names, "every init-parameter is a documented constant");
  }
}
