package dev.hardtack.spring;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import dev.hardtack.SessionIdGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Hardtack's beans: a {@link KeyRing} that follows {@code hardtack.keyring.file} (closed at shutdown), a {@link
 * CookieCodec} for {@code hardtack.cookie.*}, and a {@link SessionIdGenerator}. Each backs off when the
 * application defines its own. Listed in {@code META-INF/spring/...AutoConfiguration.imports}; the Spring
 * Session and Actuator parts are in {@link HardtackSessionAutoConfiguration} and {@link
 * HardtackActuatorAutoConfiguration}.
 *
 * <pre>{@code
 * // application.properties
 * hardtack.keyring.file=/etc/myapp/keys.hardtack
 * // then, anywhere:
 * @Autowired CookieCodec codec;
 * }</pre>
 *
 * <p>Security: start-up fails (with {@link HardtackStartupException}) rather than run without keys, with a
 * random key, or with the last file that happened to load: fail closed.
 */
@AutoConfiguration
@EnableConfigurationProperties(HardtackProperties.class)
public class HardtackAutoConfiguration {
  /** For Spring. */
  public HardtackAutoConfiguration() {}

  @Bean
  KeyRingStatus hardtackKeyRingStatus() {
    return new KeyRingStatus(Clock.systemUTC());
  }

  /**
   * The key ring, following {@code hardtack.keyring.file}.
   *
   * @param properties the settings
   * @param status told of every reload and refused change
   * @return a watched ring
   * @throws HardtackStartupException when the file is not set, or cannot be used
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public KeyRing hardtackKeyRing(HardtackProperties properties, KeyRingStatus status) {
    KeyRing ring = openWatched(properties.getKeyring(), status);
    status.loaded();
    return ring;
  }

  /**
   * The session cookie codec, for {@code hardtack.cookie.*}.
   *
   * @param ring the keys
   * @param properties the settings
   * @return the codec
   * @throws HardtackStartupException when a cookie setting is invalid
   */
  @Bean
  @ConditionalOnMissingBean
  public CookieCodec hardtackCookieCodec(KeyRing ring, HardtackProperties properties) {
    HardtackProperties.Cookie c = properties.getCookie();
    try {
      CookieCodec.Builder b = CookieCodec.builder(ring).cookieName(c.getName()).maxAge(c.getMaxAge());
      if (c.isEncrypted()) {
        b.encrypted();
      }
      return b.build();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new HardtackStartupException("Hardtack cannot start: hardtack.cookie is invalid: " + e.getMessage() + ".",
          "Fix hardtack.cookie.name (a token such as __Host-SESSION) or hardtack.cookie.max-age (1s to 400d).");
    }
  }

  /**
   * Session ids: 192 random bits, base64url.
   *
   * @return the generator
   */
  @Bean
  @ConditionalOnMissingBean
  public SessionIdGenerator hardtackSessionIdGenerator() {
    return SessionIdGenerator.create();
  }

  static KeyRing openWatched(HardtackProperties.Keyring settings, KeyRing.Listener listener) {
    Path file = settings.getFile();
    if (file == null) {
      throw new HardtackStartupException("Hardtack cannot start: hardtack.keyring.file is not set.",
          "Create a keyring with 'hardtack keyring init FILE' and set hardtack.keyring.file=FILE"
              + " (or define a KeyRing bean of your own).");
    }
    char[] passphrase = passphrase(settings.getPassphraseEnv());
    try {
      return KeyRing.watch(file, passphrase, listener);
    } catch (IOException | IllegalArgumentException e) {
      throw new HardtackStartupException("Hardtack cannot start: the keyring file " + file + " cannot be used: "
          + describe(e, file) + ".", action(e, passphrase != null));
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
  }

  private static char[] passphrase(String variable) {
    if (variable == null || variable.isEmpty()) {
      return null;
    }
    String value = System.getenv(variable);
    if (value == null || value.isEmpty()) {
      throw new HardtackStartupException("Hardtack cannot start: the environment variable " + variable
          + " named by hardtack.keyring.passphrase-env is not set.",
          "Set " + variable + " to the keyring's passphrase, or remove hardtack.keyring.passphrase-env for an"
              + " unencrypted file.");
    }
    return value.toCharArray();
  }

  /** One clause for the sentence: the core's messages name the line and the problem, never key material. */
  private static String describe(Exception e, Path file) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "there is no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String prefix = file + ": ";
    m = m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
  }

  private static String action(Exception e, boolean encrypted) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("passphrase") || m.contains("cannot decrypt")) {
      return encrypted
          ? "Check the passphrase in the environment variable named by hardtack.keyring.passphrase-env."
          : "The file is encrypted: set hardtack.keyring.passphrase-env to the variable that holds its passphrase.";
    }
    if (m.contains("is refused")) {
      return "Replace the weak key: 'hardtack keyring stage FILE' makes a strong one.";
    }
    return "Point hardtack.keyring.file at a keyring made by 'hardtack keyring init FILE', or restore the file"
        + " from a good copy.";
  }
}
