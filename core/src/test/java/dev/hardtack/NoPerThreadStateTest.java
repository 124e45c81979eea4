package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: no per-thread state on the hot path. On Java 21+ a server may run every request on a new virtual
 * thread, where anything kept in a {@code ThreadLocal} (working buffers, a digest, a CSPRNG that reseeds from the
 * OS) is built again for each request. No class of hardtack-core names {@code ThreadLocal} (nor
 * {@code InheritableThreadLocal}), read from the compiled classes' constant pools.
 */
class NoPerThreadStateTest {
  @Test
  void coreClasses_noThreadLocal() throws IOException, URISyntaxException {
    Path root = Path.of(KeyRing.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> offenders;
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> classFiles = files.filter(p -> p.toString().endsWith(".class")).toList();
      assertFalse(classFiles.isEmpty(), "no class files under " + root);
      offenders = classFiles.stream().map(NoPerThreadStateTest::read)
          .filter(c -> c.classes.stream().anyMatch(NoPerThreadStateTest::isThreadLocal)
              || c.utf8.stream().anyMatch(s -> s.contains("Ljava/lang/ThreadLocal;")
                  || s.contains("Ljava/lang/InheritableThreadLocal;")))
          .map(c -> c.className)
          .sorted()
          .toList();
    }
    assertEquals(List.of(), offenders, "classes with per-thread state");
  }

  private static boolean isThreadLocal(String className) {
    return className.equals("java/lang/ThreadLocal") || className.equals("java/lang/InheritableThreadLocal");
  }

  private static ClassRefs read(Path classFile) {
    try {
      return ClassRefs.read(classFile);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
