package dev.hardtack.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The module descriptor of a module's compiled classes, for the tests that pin what a module exports
 * ({@code PublicModuleTest} in core, {@code ServletModuleTest} in the servlet module).
 *
 * <p>Surefire runs those tests on the class path, so the descriptor is read from the compiled {@code
 * module-info.class} rather than from the module layer, with the packages that hold classes, as the jar tool would
 * record them.
 */
public final class CompiledModule {
  private CompiledModule() {}

  /**
   * Reads the descriptor of the module that {@code anyClass} was compiled into.
   *
   * @param anyClass a class of the module's main code, loaded from its classes folder
   * @return the descriptor, its packages being the folders under the classes folder that hold classes
   * @throws IOException when {@code module-info.class} cannot be read
   */
  public static ModuleDescriptor of(Class<?> anyClass) throws IOException {
    Path classes;
    try {
      classes = Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("no classes folder for " + anyClass.getName(), e);
    }
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in, () -> packagesUnder(classes));
    }
  }

  /**
   * The module's exports, each as its package, followed by {@code " to [targets]"} when it is qualified.
   *
   * @param module a descriptor
   * @return the exports, sorted
   */
  public static Set<String> exports(ModuleDescriptor module) {
    return module.exports().stream()
        .map(e -> e.source() + (e.isQualified() ? " to " + e.targets() : ""))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The packages that hold classes under {@code root}: what the jar tool would record for the module. */
  private static Set<String> packagesUnder(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class"))
          .map(f -> root.relativize(f.getParent()).toString().replace(root.getFileSystem().getSeparator(), "."))
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
