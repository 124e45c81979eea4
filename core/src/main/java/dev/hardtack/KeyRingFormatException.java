package dev.hardtack;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A keyring file that is not a valid one: truncated, damaged, edited into an inconsistent state, of the wrong
 * type (encrypted where a plain file is expected, or the reverse), or outside the format's limits. Thrown by
 * {@link KeyRing#load(Path)}, {@link KeyRing#load(Path, char[])} and {@link KeyRing#watch(Path, KeyRing.Listener)}
 * (first load), and handed to {@link KeyRing.Listener#rejected} for a bad reload. Other read failures (a missing
 * file, a denied permission, a named pipe in place of the file) stay plain {@link IOException}s.
 *
 * <pre>{@code
 * try {
 *   KeyRing ring = KeyRing.load(Path.of("/etc/myapp/keys.hardtack"));
 * } catch (KeyRingFormatException e) {
 *   log.error("keyring line {} is wrong: {}", e.line(), e.getMessage());
 * }
 * }</pre>
 *
 * <p>The message reads {@code FILE: line N: PROBLEM} (docs/KEYRING.md lists the problems).
 *
 * <p>Security: the message names the line and the problem, never the line's content, which may hold a secret.
 */
public final class KeyRingFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The line, from 1; 0 when the problem is the file as a whole. */
  private final int line;

  private KeyRingFormatException(String message, int line) {
    super(message);
    this.line = line;
  }

  /** A problem at {@code line} (0 for the whole file), its message prefixed {@code line N: }. */
  static KeyRingFormatException at(int line, String problem) {
    return new KeyRingFormatException(line > 0 ? "line " + line + ": " + problem : problem, line);
  }

  /** This problem, its message prefixed with the file's name and followed by {@code suffix}. */
  KeyRingFormatException in(Path file, String suffix) {
    return new KeyRingFormatException(file + ": " + getMessage() + suffix, line);
  }

  /**
   * The number of the offending line of the file, counted from 1 (in an encrypted file, of its decrypted
   * content once line 4 has decrypted).
   *
   * @return the line, or 0 when the problem is the file as a whole (empty, too large)
   */
  public int line() {
    return line;
  }
}
