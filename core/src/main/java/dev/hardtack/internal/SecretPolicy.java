package dev.hardtack.internal;

/**
 * Refuses secrets that are too short or plainly not random.
 *
 * <p>A secret must be at least 32 bytes. Beyond the length, two cheap checks catch the usual mistakes (a
 * password, a repeated word, a buffer of zeros); they are a safety net, not an entropy measurement:
 *
 * <ol>
 *   <li>the secret must not repeat a block whose length is at most half the secret's ({@code "changeme" x 4});
 *   <li>no run of 12 bytes may occur twice in its first 256 bytes ({@code "password-password-password-123456"}):
 *       for random bytes, or random hex text of 64 characters, the chance of that is below 2<sup>-38</sup>;
 *   <li>the empirical Shannon entropy of its byte histogram must be at least 3 bits a byte. Uniformly random
 *       bytes score about 4.8 at 32 bytes and hex text about 3.5; English text and repeated words score lower.
 * </ol>
 */
public final class SecretPolicy {
  /** The shortest secret accepted, in bytes. */
  public static final int MIN_LENGTH = 32;

  private static final double MIN_BITS_PER_BYTE = 3.0;
  /** The length of a run that must not occur twice. */
  private static final int REPEAT = 12;

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
    if (isPeriodic(secret) || hasRepeatedRun(secret)) {
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

  /** Whether some run of {@link #REPEAT} bytes occurs twice (overlapping allowed) in the first 256 bytes. */
  private static boolean hasRepeatedRun(byte[] s) {
    int n = Math.min(s.length, 256);
    for (int i = 0; i + REPEAT <= n; i++) {
      for (int j = i + 1; j + REPEAT <= n; j++) {
        int k = 0;
        while (k < REPEAT && s[i + k] == s[j + k]) {
          k++;
        }
        if (k == REPEAT) {
          return true;
        }
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
