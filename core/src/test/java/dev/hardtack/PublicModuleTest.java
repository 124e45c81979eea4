package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.testsupport.CompiledModule;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins the JPMS module {@code dev.hardtack}: what it exports is the public API, so a package that slips into the
 * exports (or out of them) is a breaking change that must be made on purpose, here.
 *
 * <p>Surefire runs the tests on the class path, so the descriptor is read from the compiled {@code
 * module-info.class} rather than from the module layer.
 */
class PublicModuleTest {

  static ModuleDescriptor descriptor() throws IOException {
    return CompiledModule.of(KeyRing.class);
  }

  @Test
  void exports_compiledDescriptor_exactlyTheTwoApiPackages() throws Exception {
    ModuleDescriptor d = descriptor();
    assertEquals("dev.hardtack", d.name());
    Set<String> exports = CompiledModule.exports(d);
    assertEquals(Set.of("dev.hardtack", "dev.hardtack.express"), exports);
  }

  @Test
  void packages_compiledDescriptor_internalPresentButNotExportedNorOpened() throws Exception {
    ModuleDescriptor d = descriptor();
    assertEquals(Set.of("dev.hardtack", "dev.hardtack.express", "dev.hardtack.internal"), d.packages());
    assertFalse(d.isOpen(), "an open module would expose every field to reflection");
    assertTrue(d.opens().isEmpty(), "no package is opened to reflection");
  }

  @Test
  void requires_compiledDescriptor_onlyJavaBaseAndBouncyCastle() throws Exception {
    Set<String> requires = descriptor().requires().stream()
        .map(ModuleDescriptor.Requires::name)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of("java.base", "org.bouncycastle.provider"), requires);
  }

  @Test
  void services_compiledDescriptor_noneUsedOrProvided() throws Exception {
    ModuleDescriptor d = descriptor();
    assertTrue(d.uses().isEmpty());
    assertTrue(d.provides().isEmpty());
  }
}
