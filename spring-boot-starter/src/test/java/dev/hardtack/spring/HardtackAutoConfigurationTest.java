package dev.hardtack.spring;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import dev.hardtack.SessionIdGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** The starter's beans and start-up failures, in real Spring contexts (no web server needed here). */
class HardtackAutoConfigurationTest {
  @TempDir Path dir;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Plain {}

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class OwnBeans {
    static final KeyRing RING = KeyRing.generate();

    @Bean
    KeyRing myRing() {
      return RING;
    }

    @Bean
    SessionIdGenerator myIds() {
      return SessionIdGenerator.create(256);
    }
  }

  private ConfigurableApplicationContext run(Class<?> source, String... properties) {
    SpringApplication app = new SpringApplication(source);
    app.setWebApplicationType(WebApplicationType.NONE);
    String[] args = new String[properties.length + 1];
    args[0] = "--spring.main.banner-mode=off";
    for (int i = 0; i < properties.length; i++) {
      args[i + 1] = "--" + properties[i];
    }
    return app.run(args);
  }

  private Path keyring() throws IOException {
    Path file = dir.resolve("keys.hardtack");
    KeyRing.generate().save(file);
    return file;
  }

  @Test
  void beans_keyringFileSet_ringCodecAndGeneratorFromProperties() throws Exception {
    Path file = keyring();
    KeyRing ring;
    try (ConfigurableApplicationContext ctx = run(Plain.class, "hardtack.keyring.file=" + file,
        "hardtack.cookie.name=sid", "hardtack.cookie.encrypted=true", "hardtack.cookie.max-age=1h")) {
      ring = ctx.getBean(KeyRing.class);
      CookieCodec codec = ctx.getBean(CookieCodec.class);
      assertEquals("sid", codec.cookieName());
      assertTrue(codec.isEncrypted());
      assertEquals(1, ring.primaryVersion());
      assertEquals(SessionIdGenerator.DEFAULT_BITS, ctx.getBean(SessionIdGenerator.class).bits());
      // A watched ring refuses admin calls: the file is the source of truth.
      assertThrows(IllegalStateException.class, ring::rotate);
      // It follows the file.
      Cli.run("keyring", "stage", file.toString());
      assertTrue(Cli.await(ring, r -> Cli.hasVersion(r, 2), java.time.Duration.ofSeconds(5)));
    }
    // Closed at shutdown: it stops following the file, so its admin methods work again.
    assertDoesNotThrow(ring::rotate);
  }

  @Test
  void beans_defaults_cookieIsHostPrefixedAndSigned() throws Exception {
    try (ConfigurableApplicationContext ctx = run(Plain.class, "hardtack.keyring.file=" + keyring())) {
      CookieCodec codec = ctx.getBean(CookieCodec.class);
      assertEquals("__Host-SESSION", codec.cookieName());
      assertFalse(codec.isEncrypted());
    }
  }

  @Test
  void beans_applicationDefinesItsOwn_starterBacksOff() {
    // No hardtack.keyring.file: the application's own ring is used and nothing complains.
    try (ConfigurableApplicationContext ctx = run(OwnBeans.class)) {
      assertSame(OwnBeans.RING, ctx.getBean(KeyRing.class));
      assertEquals(256, ctx.getBean(SessionIdGenerator.class).bits());
      assertEquals(1, ctx.getBeansOfType(KeyRing.class).size());
      assertNotNull(ctx.getBean(CookieCodec.class).sign("x"));
    }
  }

  // ------------------------------------------------------------------------------------ start-up failures

  /**
   * Starts, expects failure, and returns the analysis, checking that Spring Boot itself printed it (from
   * spring.factories) in its "APPLICATION FAILED TO START" report, as one sentence.
   */
  private FailureAnalysis failure(String... properties) throws IOException {
    Path log = dir.resolve("boot-" + System.nanoTime() + ".log");
    String[] args = Arrays.copyOf(properties, properties.length + 1);
    args[properties.length] = "logging.file.name=" + log;
    RuntimeException e = assertThrows(RuntimeException.class, () -> run(Plain.class, args).close());
    FailureAnalysis a = new HardtackFailureAnalyzer().analyze(e);
    assertNotNull(a, () -> "not analysed: " + e);
    String d = a.getDescription();
    // One sentence: one line, one full stop, at the end.
    assertFalse(d.contains("\n"), d);
    assertTrue(d.endsWith("."), d);
    assertFalse(d.substring(0, d.length() - 1).contains(". "), d);
    assertTrue(d.startsWith("Hardtack cannot start: "), d);
    assertNotNull(a.getAction());
    String printed = Files.readString(log);
    assertTrue(printed.contains("APPLICATION FAILED TO START"), printed);
    assertTrue(printed.contains("Description:" + System.lineSeparator() + System.lineSeparator() + d
        + System.lineSeparator()), printed);
    assertFalse(printed.contains("\tat "), () -> "a stack trace in the report: " + printed);
    return a;
  }

  @Test
  void startup_keyringFileNotSet_oneSentence() throws Exception {
    assertTrue(failure().getDescription().contains("hardtack.keyring.file is not set"));
  }

  @Test
  void startup_missingKeyring_oneSentence() throws Exception {
    FailureAnalysis a = failure("hardtack.keyring.file=" + dir.resolve("missing.hardtack"));
    assertTrue(a.getDescription().contains("missing.hardtack cannot be used: there is no such file"),
        a.getDescription());
  }

  @Test
  void startup_corruptKeyring_oneSentenceNamingTheLine() throws Exception {
    Path file = keyring();
    byte[] b = Files.readAllBytes(file);
    b[b.length - 5] = (byte) (b[b.length - 5] == 'a' ? 'b' : 'a'); // inside the checksum
    Files.write(file, b);
    FailureAnalysis a = failure("hardtack.keyring.file=" + file);
    assertTrue(a.getDescription().contains("the checksum does not match"), a.getDescription());
    assertNoSecret(file, a);
  }

  @Test
  void startup_wrongPassphrase_oneSentence() throws Exception {
    Path file = dir.resolve("encrypted.hardtack");
    KeyRing.generate().save(file, "another passphrase entirely".toCharArray());
    // HARDTACK_TEST_PASSPHRASE is set by surefire (pom.xml) to a different passphrase.
    FailureAnalysis a = failure("hardtack.keyring.file=" + file,
        "hardtack.keyring.passphrase-env=HARDTACK_TEST_PASSPHRASE");
    assertTrue(a.getDescription().contains("wrong passphrase"), a.getDescription());
    assertTrue(a.getAction().contains("passphrase-env"), a.getAction());
    assertFalse(a.getDescription().contains("correct horse"));
  }

  @Test
  void startup_rightPassphrase_starts() throws Exception {
    Path file = dir.resolve("encrypted.hardtack");
    KeyRing.generate().save(file, System.getenv("HARDTACK_TEST_PASSPHRASE").toCharArray());
    try (ConfigurableApplicationContext ctx = run(Plain.class, "hardtack.keyring.file=" + file,
        "hardtack.keyring.passphrase-env=HARDTACK_TEST_PASSPHRASE")) {
      assertEquals(1, ctx.getBean(KeyRing.class).primaryVersion());
    }
  }

  @Test
  void startup_passphraseVariableUnset_oneSentence() throws Exception {
    FailureAnalysis a = failure("hardtack.keyring.file=" + keyring(),
        "hardtack.keyring.passphrase-env=HARDTACK_NO_SUCH_VARIABLE_12");
    assertTrue(a.getDescription().contains("HARDTACK_NO_SUCH_VARIABLE_12"), a.getDescription());
  }

  @Test
  void startup_weakSecret_oneSentence() throws Exception {
    // A well-formed file (right checksum) whose only key is 32 zero bytes.
    Path file = dir.resolve("weak.hardtack");
    String body = "hardtack-keyring 1\nnext-version 2\nkey 1 primary created=2026-11-30T00:00:00Z secret="
        + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]) + "\n";
    Files.writeString(file, body + "sha256 " + sha256(body) + "\n", StandardCharsets.US_ASCII);
    FailureAnalysis a = failure("hardtack.keyring.file=" + file);
    assertTrue(a.getDescription().contains("the secret of version 1 is refused"), a.getDescription());
    assertTrue(a.getAction().contains("weak"), a.getAction());
  }

  @Test
  void startup_invalidCookieName_oneSentence() throws Exception {
    FailureAnalysis a = failure("hardtack.keyring.file=" + keyring(), "hardtack.cookie.name=bad name");
    assertTrue(a.getDescription().contains("hardtack.cookie is invalid"), a.getDescription());
  }

  private static void assertNoSecret(Path file, FailureAnalysis a) throws IOException {
    for (String line : Files.readAllLines(file)) {
      int at = line.indexOf("secret=");
      if (at >= 0) {
        String secret = line.substring(at + 7);
        assertFalse(a.getDescription().contains(secret) || a.getAction().contains(secret));
      }
    }
  }

  private static String sha256(String s) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII)));
  }

  static byte[] randomSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
