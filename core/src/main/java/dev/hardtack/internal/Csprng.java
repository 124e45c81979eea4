package dev.hardtack.internal;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Cryptographically secure random bytes without a global lock: each thread has its own NIST SP 800-90A
 * DRBG ({@code Hash_DRBG} with SHA-256 at 256-bit strength), seeded from the operating system and reseeded by
 * the JDK at its standard interval.
 */
public final class Csprng {
  private static final ThreadLocal<SecureRandom> RANDOMS = ThreadLocal.withInitial(Csprng::newDrbg);

  private Csprng() {}

  private static SecureRandom newDrbg() {
    try {
      return SecureRandom.getInstance(
          "DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK's DRBG is not available", e);
    }
  }

  /** Fills {@code out} with random bytes. */
  public static void nextBytes(byte[] out) {
    RANDOMS.get().nextBytes(out);
  }
}
