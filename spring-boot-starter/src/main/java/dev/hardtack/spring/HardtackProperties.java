package dev.hardtack.spring;

import dev.hardtack.SameSite;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code hardtack.*} settings of the Spring Boot starter.
 *
 * <pre>{@code
 * # application.properties: the one setting an application needs
 * hardtack.keyring.file=/etc/myapp/keys.hardtack
 * # optional
 * hardtack.keyring.passphrase-env=HARDTACK_PASSPHRASE
 * hardtack.cookie.name=__Host-SESSION
 * hardtack.cookie.max-age=8h
 * hardtack.cookie.same-site=lax
 * hardtack.cookie.encrypted=false
 * }</pre>
 *
 * <p>Security: the passphrase of an encrypted keyring file is never a property (properties end up in logs,
 * Actuator's {@code /env} and the process list); {@code passphrase-env} names the environment variable that holds
 * it. Nothing here is secret.
 */
@ConfigurationProperties("hardtack")
public class HardtackProperties {
  private final Keyring keyring = new Keyring();
  private final Cookie cookie = new Cookie();

  /**
   * The keyring settings.
   *
   * @return never null
   */
  public Keyring getKeyring() {
    return keyring;
  }

  /**
   * The session cookie settings.
   *
   * @return never null
   */
  public Cookie getCookie() {
    return cookie;
  }

  /** {@code hardtack.keyring.*}. */
  public static class Keyring {
    /**
     * The keyring file (made and edited with the hardtack tool), watched: a change is in use within about a
     * second, an invalid change is refused and the last good keys are kept. Required unless the application
     * defines its own KeyRing bean. Default: none.
     */
    private Path file;

    /**
     * The name of the environment variable that holds the passphrase of an encrypted keyring file. Default: none
     * (the file is not encrypted).
     */
    private String passphraseEnv;

    /**
     * The keyring file.
     *
     * @return the file, or null when not set
     */
    public Path getFile() {
      return file;
    }

    /**
     * Sets the keyring file.
     *
     * @param file the file
     */
    public void setFile(Path file) {
      this.file = file;
    }

    /**
     * The passphrase's environment variable.
     *
     * @return its name, or null when not set
     */
    public String getPassphraseEnv() {
      return passphraseEnv;
    }

    /**
     * Sets the passphrase's environment variable.
     *
     * @param passphraseEnv its name
     */
    public void setPassphraseEnv(String passphraseEnv) {
      this.passphraseEnv = passphraseEnv;
    }
  }

  /** {@code hardtack.cookie.*}. */
  public static class Cookie {
    /**
     * The session cookie's name, bound into its signature. The __Host- prefix keeps it to this host, Path=/ and
     * HTTPS. Default: __Host-SESSION.
     */
    private String name = "__Host-SESSION";

    /**
     * How long a signed cookie stays valid (and its Max-Age): older cookies start a new session. A cookie past
     * half of it is re-signed on the next response, so an active user keeps the session. 1 second to 400 days.
     * Default: 8 hours.
     */
    private Duration maxAge = Duration.ofHours(8);

    /** The cookie's SameSite attribute: strict, lax or none. Default: lax. */
    private SameSite sameSite = SameSite.LAX;

    /**
     * Whether the cookie's value is encrypted (AES-256-GCM) as well as signed, so the client cannot read it.
     * Default: false (signed only: a session id is no secret from its own client).
     */
    private boolean encrypted;

    /**
     * The cookie name.
     *
     * @return the name
     */
    public String getName() {
      return name;
    }

    /**
     * Sets the cookie name.
     *
     * @param name an RFC 7230 token
     */
    public void setName(String name) {
      this.name = name;
    }

    /**
     * The cookie lifetime.
     *
     * @return the lifetime
     */
    public Duration getMaxAge() {
      return maxAge;
    }

    /**
     * Sets the cookie lifetime.
     *
     * @param maxAge 1 second to 400 days
     */
    public void setMaxAge(Duration maxAge) {
      this.maxAge = maxAge;
    }

    /**
     * The SameSite attribute.
     *
     * @return the policy
     */
    public SameSite getSameSite() {
      return sameSite;
    }

    /**
     * Sets the SameSite attribute.
     *
     * @param sameSite the policy
     */
    public void setSameSite(SameSite sameSite) {
      this.sameSite = sameSite;
    }

    /**
     * Whether values are encrypted.
     *
     * @return true when encrypted
     */
    public boolean isEncrypted() {
      return encrypted;
    }

    /**
     * Sets whether values are encrypted.
     *
     * @param encrypted true to encrypt
     */
    public void setEncrypted(boolean encrypted) {
      this.encrypted = encrypted;
    }
  }
}
