package dev.hardtack;

import java.security.SecureRandom;

/** Random secrets for tests. */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  static byte[] random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return b;
  }
}
