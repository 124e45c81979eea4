package dev.hardtack.spring;

/**
 * The starter could not build its key ring: the keyring file is not set, missing, unreadable, corrupt, encrypted
 * under another passphrase, or holds a weak secret. {@link HardtackFailureAnalyzer} turns it into Spring Boot's
 * start-up report: one sentence saying what is wrong, and what to do.
 *
 * <pre>{@code
 * // hardtack.keyring.file=/etc/myapp/missing.hardtack
 * // ***************************
 * // APPLICATION FAILED TO START
 * // ***************************
 * // Description:
 * // Hardtack cannot start: the keyring file /etc/myapp/missing.hardtack cannot be read (NoSuchFileException).
 * }</pre>
 *
 * <p>Security: the message names the file and the problem, never key material or a passphrase.
 */
public final class HardtackStartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What to do about it, one sentence. */
  private final String action;

  HardtackStartupException(String sentence, String action) {
    super(sentence);
    this.action = action;
  }

  /**
   * What the operator should do about it.
   *
   * @return one sentence
   */
  public String action() {
    return action;
  }
}
