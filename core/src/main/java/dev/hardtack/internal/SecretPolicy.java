package dev.hardtack.internal;

/**
 * Refuses secrets that are too short or plainly not random.
 *
 * <p>A secret must be at least 32 bytes. Beyond the length, two cheap checks catch the usual mistakes (a
 * password, a repeated word, a buffer of zeros); they are a safety net, not an entropy measurement:
 *
 * <ol>
 *   <li>the secret must not repeat a block whose length is at most half the secret's ({@code "changeme" x 4});
 *   <li>the empirical Shannon entropy of its byte histogram must be at least 3 bits a byte. Uniformly random
 *       bytes score about 4.8 at 32 bytes and hex text about 3.5; English text and repeated words score lower.
 * </ol>
 */
public final class SecretPolicy {
  /** The shortest secret accepted, in bytes. */
  public static final int MIN_LENGTH = 32;

  private static final double MIN_BITS_PER_BYTE = 3.0;

  private SecretPolicy() {}

  /**
   * Refuses a secret that is too short or plainly not random.
   *
   * @param secret the candidate secret; never shown in a message
   * @throws NullPointerException when {@code secret} is null
   * @throws IllegalArgumentException when it is too short or plainly not random; the message never shows it
   */
  public static void requireStrong(byte[] secret) {
    if (secret == null) {
      throw new NullPointerException("secret");
    }
    if (secret.length < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "a secret needs at least " + MIN_LENGTH + " bytes (256 bits) from a CSPRNG; this one has " + secret.length);
    }
    if (isPeriodic(secret)) {
      throw new IllegalArgumentException("the secret is a repeated pattern, not random bytes");
    }
    if (bitsPerByte(secret) < MIN_BITS_PER_BYTE) {
      throw new IllegalArgumentException("the secret has too little variety to be random bytes (a password?)");
    }
  }

  private static boolean isPeriodic(byte[] s) {
    int n = s.length;
    for (int p = 1; p <= n / 2; p++) {
      boolean repeats = true;
      for (int i = p; i < n && repeats; i++) {
        repeats = s[i] == s[i - p];
      }
      if (repeats) {
        return true;
      }
    }
    return false;
  }

  private static double bitsPerByte(byte[] s) {
    int[] counts = new int[256];
    for (byte b : s) {
      counts[b & 0xff]++;
    }
    double h = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / s.length;
        h -= p * Math.log(p) / Math.log(2);
      }
    }
    return h;
  }
}
