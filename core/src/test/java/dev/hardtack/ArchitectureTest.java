package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.archfixtures.BadCrypto;
import dev.hardtack.internal.ConstantTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules that catch the classic crypto mistakes in hardtack-core's own code, read from its bytecode (every
 * call, whatever the source looks like) and, for what bytecode cannot tell, from its sources.
 *
 * <ol>
 *   <li>Byte arrays are compared ({@code Arrays.equals}, {@code Arrays.mismatch}, {@code MessageDigest.isEqual},
 *       {@code ByteBuffer.equals}...) only inside {@link ConstantTime}, the one constant-time helper.
 *   <li>No class that computes tags (it uses {@code Mac}, {@code HmacSha256} or {@code AesGcm})
 *       calls {@code String.equals} or its relatives: a tag compared as text leaks its length of common prefix.
 *   <li>No source compares anything named like a tag, MAC or signature with {@code equals}.
 *   <li>No {@code java.util.Random}, {@code Math.random}, {@code UUID.randomUUID}, {@code ThreadLocalRandom},
 *       {@code SplittableRandom} or {@code ObjectInputStream} anywhere in core.
 * </ol>
 *
 * <p>{@link BadCrypto} (test code) breaks every rule, so each rule is shown to fail.
 */
class ArchitectureTest {
  private static final String CONSTANT_TIME = ConstantTime.class.getName();

  private static final Set<String> BANNED_TYPES = Set.of(
      "java/util/Random",
      "java/util/SplittableRandom",
      "java/util/concurrent/ThreadLocalRandom",
      "java/io/ObjectInputStream");

  /**
   * Types whose presence marks a class as computing tags that it may then compare. A class that only uses
   * {@code javax.crypto.Cipher} is not listed: AES-GCM checks its own tag inside the cipher.
   */
  private static final Set<String> TAG_TYPES = Set.of(
      "javax/crypto/Mac",
      "dev/hardtack/internal/HmacSha256",
      "dev/hardtack/internal/AesGcm");

  private static final Set<String> STRING_EQUALITY = Set.of(
      "equals", "equalsIgnoreCase", "contentEquals", "compareTo", "compareToIgnoreCase", "regionMatches");

  /** Words that name a tag in an identifier, after camelCase splitting. */
  private static final Set<String> TAG_WORDS = Set.of("tag", "tags", "mac", "macs", "hmac", "sig", "signature");

  // ---------------------------------------------------------------------------------------------- the rules

  static List<String> byteArrayComparisons(ClassRefs c) {
    List<String> out = new ArrayList<>();
    if (c.className.equals(CONSTANT_TIME)) {
      return out;
    }
    for (ClassRefs.Member m : c.members) {
      boolean arrays = m.owner().equals("java/util/Arrays")
          && Set.of("equals", "mismatch", "compare", "compareUnsigned").contains(m.name())
          && m.descriptor().startsWith("([B");
      boolean digest = m.owner().equals("java/security/MessageDigest") && m.name().equals("isEqual");
      boolean buffer = m.owner().endsWith("Buffer") && m.owner().startsWith("java/nio/")
          && Set.of("equals", "compareTo", "mismatch").contains(m.name());
      if (arrays || digest || buffer) {
        out.add(c.className + " calls " + m + ": compare bytes with ConstantTime.equal");
      }
    }
    return out;
  }

  static List<String> bannedApis(ClassRefs c) {
    List<String> out = new ArrayList<>();
    for (String type : BANNED_TYPES) {
      if (c.mentionsType(type)) {
        out.add(c.className + " uses " + type.replace('/', '.'));
      }
    }
    for (ClassRefs.Member m : c.members) {
      boolean random = (m.owner().equals("java/lang/Math") || m.owner().equals("java/lang/StrictMath"))
          && m.name().equals("random");
      boolean uuid = m.owner().equals("java/util/UUID") && m.name().equals("randomUUID");
      if (random || uuid) {
        out.add(c.className + " calls " + m + ": use dev.hardtack.internal.Csprng");
      }
    }
    return out;
  }

  static List<String> stringEqualityInTagCode(ClassRefs c) {
    List<String> out = new ArrayList<>();
    if (c.className.equals(CONSTANT_TIME) || TAG_TYPES.stream().noneMatch(c::mentionsType)) {
      return out;
    }
    for (ClassRefs.Member m : c.members) {
      boolean string = (m.owner().equals("java/lang/String") || m.owner().equals("java/lang/CharSequence"))
          && STRING_EQUALITY.contains(m.name());
      boolean objects = m.owner().equals("java/util/Objects") && m.name().equals("equals");
      if (string || objects) {
        out.add(c.className + " computes tags and calls " + m + ": compare tag bytes with ConstantTime.equal");
      }
    }
    return out;
  }

  private static final Pattern EQUALS_CALL = Pattern.compile(
      "([A-Za-z_$][A-Za-z0-9_$]*)\\s*(?:\\([^()]*\\))?\\s*\\.\\s*"
          + "(equals|equalsIgnoreCase|contentEquals|compareTo)\\s*\\(\\s*([A-Za-z_$][A-Za-z0-9_$]*)?");
  private static final Pattern OBJECTS_EQUALS = Pattern.compile(
      "Objects\\s*\\.\\s*equals\\s*\\(\\s*([A-Za-z_$][A-Za-z0-9_$]*)[^,]*,\\s*([A-Za-z_$][A-Za-z0-9_$]*)");

  static List<String> tagEqualsInSource(Path file, String source) {
    Set<String> out = new LinkedHashSet<>(); // one report per line, however many patterns match there
    String code = stripCommentsAndStrings(source);
    for (Pattern p : List.of(EQUALS_CALL, OBJECTS_EQUALS)) {
      Matcher m = p.matcher(code);
      while (m.find()) {
        for (int g = 1; g <= m.groupCount(); g++) {
          String id = m.group(g);
          if (id != null && namesATag(id)) {
            int line = 1 + (int) code.substring(0, m.start()).chars().filter(ch -> ch == '\n').count();
            out.add(file.getFileName() + ":" + line + " compares a tag with equals: use ConstantTime.equal");
            break;
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  private static final Pattern CAMEL_OR_SNAKE = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|_");

  static boolean namesATag(String identifier) {
    for (String word : CAMEL_OR_SNAKE.split(identifier, -1)) {
      if (TAG_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** Blanks comments, string and char literals, keeping line breaks so line numbers still hold. */
  static String stripCommentsAndStrings(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
        s.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
        i = end;
      } else if (c == '"' || c == '\'') {
        out.append(c).append(c);
        i++;
        while (i < s.length() && s.charAt(i) != c) {
          i += s.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  // --------------------------------------------------------------------------------------------- the inputs

  private static Path classesDir(Class<?> anyClassThere) {
    try {
      return Path.of(anyClassThere.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<ClassRefs> coreClasses() throws IOException {
    try (Stream<Path> files = Files.walk(classesDir(KeyRing.class))) {
      return files.filter(f -> f.toString().endsWith(".class")).map(ArchitectureTest::read)
          .collect(Collectors.toList());
    }
  }

  private static ClassRefs fixture() {
    return read(classesDir(BadCrypto.class).resolve("dev/hardtack/archfixtures/BadCrypto.class"));
  }

  private static ClassRefs read(Path f) {
    try {
      return ClassRefs.read(f);
    } catch (IOException e) {
      throw new UncheckedIOException(f.toString(), e);
    }
  }

  private static Path basedir() {
    return Path.of(System.getProperty("basedir", "."));
  }

  private static List<String> sourceViolations(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
        out.addAll(tagEqualsInSource(f, Files.readString(f, StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------- the tests

  @Test
  void coreClasses_scanned_coverEveryPublicTypeAndTheHelper() throws IOException {
    Set<String> names = coreClasses().stream().map(c -> c.className).collect(Collectors.toSet());
    assertTrue(names.containsAll(Set.of("dev.hardtack.KeyRing", "dev.hardtack.CookieCodec",
        "dev.hardtack.SignedTokens", "dev.hardtack.express.ExpressCookies", CONSTANT_TIME)), names::toString);
  }

  @Test
  void byteArrayComparison_coreClasses_onlyInConstantTime() throws IOException {
    List<String> found = new ArrayList<>();
    coreClasses().forEach(c -> found.addAll(byteArrayComparisons(c)));
    assertEquals(List.of(), found);
  }

  @Test
  void stringEquality_coreClassesThatComputeTags_absent() throws IOException {
    List<String> found = new ArrayList<>();
    coreClasses().forEach(c -> found.addAll(stringEqualityInTagCode(c)));
    assertEquals(List.of(), found);
  }

  @Test
  void tagEquals_coreSources_absent() throws IOException {
    assertEquals(List.of(), sourceViolations(basedir().resolve("src/main/java")));
  }

  @Test
  void weakRandomnessAndDeserialization_coreClasses_absent() throws IOException {
    List<String> found = new ArrayList<>();
    coreClasses().forEach(c -> found.addAll(bannedApis(c)));
    assertEquals(List.of(), found);
  }

  @Test
  void everyRule_badCryptoFixture_reportsIt() throws IOException {
    ClassRefs bad = fixture();
    assertEquals(1, byteArrayComparisons(bad).size(), () -> byteArrayComparisons(bad).toString());
    assertEquals(1, stringEqualityInTagCode(bad).size(), () -> stringEqualityInTagCode(bad).toString());
    // Random, ObjectInputStream, Math.random, UUID.randomUUID.
    assertEquals(4, bannedApis(bad).size(), () -> bannedApis(bad).toString());
    Path source = basedir().resolve("src/test/java/dev/hardtack/archfixtures/BadCrypto.java");
    // Arrays.equals(expectedTag, ...) and expectedTag.equals(...).
    List<String> inSource = tagEqualsInSource(source, Files.readString(source, StandardCharsets.UTF_8));
    assertEquals(2, inSource.size(), inSource::toString);
  }

  @Test
  void tagEqualsInSource_commentsAndStrings_ignored() {
    String code = "// givenTag.equals(x)\n/* mac.equals(y) */ String s = \"tag.equals(z)\"; a.equals(b);";
    assertEquals(List.of(), tagEqualsInSource(Path.of("X.java"), code));
    assertEquals(1, tagEqualsInSource(Path.of("X.java"), "expected.equals(hmacTag)").size());
    assertEquals(1, tagEqualsInSource(Path.of("X.java"), "Objects.equals(sig, other)").size());
  }
}
