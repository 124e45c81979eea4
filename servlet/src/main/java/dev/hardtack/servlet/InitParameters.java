package dev.hardtack.servlet;

import dev.hardtack.CookieCodec;
import dev.hardtack.Durations;
import dev.hardtack.KeyRing;
import dev.hardtack.SameSite;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Turns a {@link HardtackFilter}'s init-parameters into its settings and keyring, or into one sentence that says
 * what is wrong. Nothing here logs or repeats a secret: the passphrase is read from the environment, used once
 * and wiped.
 */
final class InitParameters {
  static final List<String> KNOWN = List.of(HardtackFilter.KEYRING_FILE, HardtackFilter.KEYRING_PASSPHRASE_ENV,
      HardtackFilter.COOKIE_NAME, HardtackFilter.COOKIE_MAX_AGE, HardtackFilter.COOKIE_ENCRYPTED,
      HardtackFilter.COOKIE_SAME_SITE);

  private InitParameters() {}

  /** The longest {@link Duration}: the syntax alone decides, the range is checked after. */
  private static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

  /** A configuration mistake; its message is one sentence fit for a start-up failure. */
  static final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
      super(message);
    }

    ConfigException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What {@link #load} made: the settings, the ring it opened (the filter closes it), and a line for the log. */
  static final class Loaded {
    final HardtackFilter.Settings settings;
    final KeyRing ring;
    final String description;

    Loaded(HardtackFilter.Settings settings, KeyRing ring, String description) {
      this.settings = settings;
      this.ring = ring;
      this.description = description;
    }
  }

  /**
   * Checks every parameter before touching the keyring file, then loads and watches it.
   *
   * @param filterName the filter's name, for messages
   * @param names the init-parameter names present
   * @param parameters looks an init-parameter up by name
   * @param environment looks an environment variable up by name
   * @param listener told of the watched file's reloads and rejections
   */
  static Loaded load(String filterName, List<String> names, UnaryOperator<String> parameters,
      UnaryOperator<String> environment, KeyRing.Listener listener) throws ConfigException {
    String prefix = "HardtackFilter " + filterName + ": ";
    for (String name : names) {
      if (!KNOWN.contains(name)) {
        throw new ConfigException(prefix + "unknown init-parameter '" + name + "'; the known ones are " + KNOWN);
      }
    }
    String fileName = parameters.apply(HardtackFilter.KEYRING_FILE);
    if (fileName == null || fileName.isBlank()) {
      throw new ConfigException(prefix + "the init-parameter " + HardtackFilter.KEYRING_FILE
          + " is required: the path of a keyring file made by 'hardtack keyring init' or KeyRing.save");
    }
    Path file;
    try {
      file = Path.of(fileName.trim());
    } catch (InvalidPathException e) {
      throw new ConfigException(prefix + HardtackFilter.KEYRING_FILE + " is not a valid path: " + e.getMessage());
    }
    String cookieName = orDefault(parameters.apply(HardtackFilter.COOKIE_NAME), HardtackFilter.DEFAULT_COOKIE_NAME);
    Duration maxAge = duration(prefix, parameters.apply(HardtackFilter.COOKIE_MAX_AGE));
    boolean encrypted =
        bool(prefix, HardtackFilter.COOKIE_ENCRYPTED, parameters.apply(HardtackFilter.COOKIE_ENCRYPTED));
    SameSite sameSite = sameSite(prefix, parameters.apply(HardtackFilter.COOKIE_SAME_SITE));
    String passphraseEnv = parameters.apply(HardtackFilter.KEYRING_PASSPHRASE_ENV);
    char[] passphrase = null;
    if (passphraseEnv != null) {
      String variable = passphraseEnv.trim();
      String secret = variable.isEmpty() ? null : environment.apply(variable);
      if (secret == null || secret.isEmpty()) {
        throw new ConfigException(prefix + "the environment variable '" + variable + "' named by "
            + HardtackFilter.KEYRING_PASSPHRASE_ENV + " is not set or empty");
      }
      passphrase = secret.toCharArray();
    }

    KeyRing ring;
    try {
      ring = KeyRing.watch(file, passphrase, listener);
    } catch (NoSuchFileException e) {
      throw new ConfigException(prefix + "the keyring file " + file
          + " does not exist: create it with 'hardtack keyring init' or KeyRing.save", e);
    } catch (AccessDeniedException e) {
      throw new ConfigException(prefix + "the keyring file " + file + " cannot be read: permission denied", e);
    } catch (IOException e) {
      // KeyRing's messages name the file and the problem, never key material.
      throw new ConfigException(prefix + "cannot use the keyring file: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(prefix + "cannot use the keyring file " + file + ": " + e.getMessage(), e);
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
    try {
      CookieCodec.Builder b = CookieCodec.builder(ring).cookieName(cookieName).maxAge(maxAge);
      if (encrypted) {
        b.encrypted();
      }
      CookieCodec codec = b.build();
      HardtackFilter.Settings settings = new HardtackFilter.Settings(codec, maxAge, sameSite);
      String description = "cookie " + cookieName + ", " + (encrypted ? "encrypted" : "signed") + ", max-age "
          + maxAge + ", SameSite=" + sameSite.attributeValue() + ", keyring file " + file + " (watched)";
      return new Loaded(settings, ring, description);
    } catch (IllegalArgumentException e) {
      ring.close();
      throw new ConfigException(prefix + "the cookie is misconfigured: " + e.getMessage(), e);
    }
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /**
   * Hardtack's one duration syntax ({@link Durations}: {@code 8h}, {@code PT8H}...); 1 second to 400 days. The
   * syntax and the range are checked apart so that each keeps the filter's own message, which users may match.
   */
  static Duration duration(String prefix, String value) throws ConfigException {
    if (value == null || value.isBlank()) {
      return HardtackFilter.DEFAULT_MAX_AGE;
    }
    Duration d;
    try {
      d = Durations.parse(value, Duration.ZERO, LONGEST);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(prefix + HardtackFilter.COOKIE_MAX_AGE
          + " takes a duration such as 90s, 15m, 8h, 30d or PT8H, not '" + value + "'", e);
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(CookieCodec.MAX_MAX_AGE) > 0) {
      throw new ConfigException(prefix + HardtackFilter.COOKIE_MAX_AGE + " must be 1 second to "
          + CookieCodec.MAX_MAX_AGE.toDays() + " days, not '" + value + "'");
    }
    return d;
  }

  private static boolean bool(String prefix, String name, String value) throws ConfigException {
    if (value == null || value.isBlank()) {
      return false;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new ConfigException(prefix + name + " takes true or false, not '" + value + "'");
    }
  }

  private static SameSite sameSite(String prefix, String value) throws ConfigException {
    if (value == null || value.isBlank()) {
      return SameSite.LAX;
    }
    for (SameSite s : SameSite.values()) {
      if (s.attributeValue().equalsIgnoreCase(value.trim())) {
        return s;
      }
    }
    throw new ConfigException(prefix + HardtackFilter.COOKIE_SAME_SITE + " takes Strict, Lax or None, not '"
        + value + "'");
  }
}
