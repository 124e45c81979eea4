package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/ARCHITECTURE.md true to the code: every name it writes in backticks that looks like a Java type
 * ({@code KeySnapshot}, {@code internal/Csprng}, {@code KeySnapshot.Row}) exists in the repository's sources (any
 * module's {@code src/main/java} or {@code src/test/java}) or, when it is not Hardtack's, in the JDK or Bouncy
 * Castle; and every member written as {@code Type.member} ({@code CookieCodec.verify}, {@code AesGcm.DESTROYED}) is
 * declared in that type's source (or, for a JDK type, found by reflection). A rename that forgets the guide fails
 * here.
 */
class ArchitectureDocTest {
  /** A type name: starts upper case and has a lower-case letter ({@code GCM} and {@code JDK} are not types). */
  private static final String TYPE = "[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*";
  /**
   * A whole code span that looks like Java: optional package folders ({@code internal/}), types joined by dots,
   * then optionally one member (a method or field in lower camel case, or a constant in capitals), and optionally
   * an argument list, ignored.
   */
  private static final Pattern JAVA_NAME = Pattern.compile("((?:[a-z][a-z0-9]*/)*)(" + TYPE + "(?:\\." + TYPE
      + ")*)(?:\\.([a-z][A-Za-z0-9]*|[A-Z][A-Z0-9_]*))?(?:\\([^)]*\\))?");
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`\n]+)`");
  private static final Pattern TYPE_DECLARATION = Pattern.compile("\\b(?:class|interface|enum|record)\\s+(\\w+)");
  /** Where a type the guide names but Hardtack does not declare may live. */
  private static final List<String> OUTSIDE_PACKAGES = List.of("java.lang", "java.util", "java.util.concurrent",
      "java.util.concurrent.atomic", "java.util.concurrent.locks", "java.io", "java.nio.file", "java.security",
      "java.time", "javax.crypto", "javax.security.auth", "org.bouncycastle.crypto.modes.gcm");

  /** One backticked name: folders, types, and the member or null. */
  record Name(String text, String folders, List<String> types, String member) {}

  // ---------------------------------------------------------------------------------------------- the tests

  @Test
  void javaNames_architectureDoc_manyFoundAndChecked() throws IOException {
    List<Name> names = names(guide());
    // A broken extraction would check nothing and pass: the guide names well over a hundred types and methods.
    assertTrue(names.size() > 100, "only " + names.size() + " names found in docs/ARCHITECTURE.md");
    assertTrue(names.stream().anyMatch(n -> n.text().equals("internal/Csprng")), "internal/Csprng not found");
    assertTrue(names.stream().anyMatch(n -> n.text().equals("CookieCodec.verify")), "CookieCodec.verify not found");
  }

  @Test
  void typeNames_architectureDoc_existInSourceTreeOrJdk() throws IOException {
    Sources sources = Sources.of(repositoryRoot());
    List<String> missing = names(guide()).stream().filter(n -> !sources.typeExists(n)).map(Name::text)
        .distinct().collect(Collectors.toList());
    assertEquals(List.of(), missing, "types named in docs/ARCHITECTURE.md that do not exist");
  }

  @Test
  void memberNames_architectureDoc_declaredInTheirTypes() throws IOException {
    Sources sources = Sources.of(repositoryRoot());
    List<String> missing = names(guide()).stream()
        .filter(n -> n.member() != null && sources.typeExists(n) && !sources.memberExists(n))
        .map(Name::text).distinct().collect(Collectors.toList());
    assertEquals(List.of(), missing, "methods or fields named in docs/ARCHITECTURE.md that their type lacks");
  }

  @Test
  void checker_misspelledTypeAndMethod_reported() throws IOException {
    Sources sources = Sources.of(repositoryRoot());
    List<Name> names = names("`KeySnapshott`, `internal/KeySnapshot`, `KeyRing.rotat`, `KeyRing.Listener.reload`,"
        + " `AesGcm.DESTROY`, `StampedLock.validat`, `KeySnapshot`, `KeyRing.rotate`, `StampedLock.validate`,"
        + " `AesGcm.DESTROYED`, `KeySnapshot.Row.with`, `internal/Csprng`, `java.util.List`, `GCM`");
    List<String> badTypes = names.stream().filter(n -> !sources.typeExists(n)).map(Name::text)
        .collect(Collectors.toList());
    List<String> badMembers = names.stream()
        .filter(n -> n.member() != null && sources.typeExists(n) && !sources.memberExists(n)).map(Name::text)
        .collect(Collectors.toList());
    assertEquals(List.of("KeySnapshott", "internal/KeySnapshot"), badTypes);
    assertEquals(List.of("KeyRing.rotat", "KeyRing.Listener.reload", "AesGcm.DESTROY", "StampedLock.validat"),
        badMembers);
  }

  // ------------------------------------------------------------------------------------------- the checker

  /** The Java-looking code spans of a Markdown text, outside fenced code blocks. */
  static List<Name> names(String markdown) {
    StringBuilder prose = new StringBuilder();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced) {
        prose.append(line).append('\n');
      }
    }
    List<Name> out = new ArrayList<>();
    Matcher span = CODE_SPAN.matcher(prose);
    while (span.find()) {
      Matcher m = JAVA_NAME.matcher(span.group(1));
      if (m.matches()) {
        out.add(new Name(span.group(1), m.group(1), List.of(m.group(2).split("\\.", -1)), m.group(3)));
      }
    }
    return out;
  }

  /** Every Java source of the repository, by the simple names of the types it declares. */
  static final class Sources {
    private final Map<String, List<Path>> byType = new HashMap<>();
    private final Map<Path, String> code = new HashMap<>();

    static Sources of(Path root) throws IOException {
      Sources s = new Sources();
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(Sources::isSource).collect(Collectors.toList())) {
          String text = ArchitectureTest.stripCommentsAndStrings(Files.readString(f, StandardCharsets.UTF_8));
          s.code.put(f, text);
          Set<String> declared = new LinkedHashSet<>();
          String file = f.getFileName().toString();
          declared.add(file.substring(0, file.length() - ".java".length()));
          Matcher m = TYPE_DECLARATION.matcher(text);
          while (m.find()) {
            declared.add(m.group(1));
          }
          for (String t : declared) {
            s.byType.computeIfAbsent(t, k -> new ArrayList<>()).add(f);
          }
        }
      }
      return s;
    }

    private static boolean isSource(Path p) {
      String s = p.toString().replace('\\', '/');
      return s.endsWith(".java") && !s.contains("/target/")
          && (s.contains("/src/main/java/") || s.contains("/src/test/java/"));
    }

    /** The source files that declare the name's types, nested as written, under its folders. */
    List<Path> files(Name n) {
      List<String> types = n.types();
      String top = "/" + n.folders() + types.get(0) + ".java";
      List<Path> out = new ArrayList<>();
      for (Path f : byType.getOrDefault(types.get(0), List.of())) {
        if (!n.folders().isEmpty() && !f.toString().replace('\\', '/').endsWith(top)) {
          continue;
        }
        String text = code.get(f);
        boolean nested = types.subList(1, types.size()).stream()
            .allMatch(t -> Pattern.compile("\\b(?:class|interface|enum|record)\\s+" + t + "\\b").matcher(text).find());
        if (nested) {
          out.add(f);
        }
      }
      return out;
    }

    boolean typeExists(Name n) {
      return !files(n).isEmpty() || (n.folders().isEmpty() && outsideClass(n.types()) != null);
    }

    boolean memberExists(Name n) {
      List<Path> files = files(n);
      if (files.isEmpty()) {
        return outsideMember(outsideClass(n.types()), n.member());
      }
      String member = Pattern.quote(n.member());
      Pattern method = Pattern.compile("(?<![\\w.$])(?!return\\b|new\\b|throw\\b|else\\b|case\\b)[\\w$]+"
          + "(?:\\.[\\w$]+)*(?:<[^;{}()]*>)?(?:\\[\\])*\\s+" + member + "\\s*\\(");
      Pattern field = Pattern.compile("[\\w$>\\]]\\s+" + member + "\\s*[=;,]");
      Pattern constant = Pattern.compile("(?m)^\\s*" + member + "\\b\\s*(?:[,;(]|$)");
      return files.stream().map(code::get).anyMatch(t -> method.matcher(t).find() || field.matcher(t).find()
          || constant.matcher(t).find());
    }

    private static Class<?> outsideClass(List<String> types) {
      for (String pkg : OUTSIDE_PACKAGES) {
        try {
          return Class.forName(pkg + "." + String.join("$", types), false, ArchitectureDocTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          // Not in this package: try the next.
        }
      }
      return null;
    }

    private static boolean outsideMember(Class<?> c, String member) {
      if (c == null) {
        return false;
      }
      Stream<String> names = Stream.of(c.getMethods(), c.getDeclaredMethods()).flatMap(Stream::of).map(Method::getName);
      Stream<String> fields = Stream.of(c.getFields(), c.getDeclaredFields()).flatMap(Stream::of).map(Field::getName);
      return Stream.concat(names, fields).anyMatch(member::equals);
    }
  }

  // ---------------------------------------------------------------------------------------------- the inputs

  /** The checkout's root: the parent of core/, where the tests run. */
  private static Path repositoryRoot() {
    Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().resolve("..").normalize();
    assertTrue(Files.isRegularFile(root.resolve("docs/ARCHITECTURE.md")), "no docs/ARCHITECTURE.md under " + root);
    return root;
  }

  private static String guide() {
    try {
      return Files.readString(repositoryRoot().resolve("docs/ARCHITECTURE.md"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
