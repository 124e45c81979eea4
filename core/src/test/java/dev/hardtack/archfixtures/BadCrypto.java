package dev.hardtack.archfixtures;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

/**
 * Every mistake the architecture test looks for, in one class that is never used: the test runs its rules on
 * this class to prove that each rule can fail. Not part of hardtack-core.
 */
public final class BadCrypto {
  private BadCrypto() {}

  /** Compares tags with an early-exit comparison. */
  public static boolean leakyBytes(byte[] expectedTag, byte[] givenTag) {
    return Arrays.equals(expectedTag, givenTag);
  }

  /** Computes a tag, then compares it as a string. */
  public static boolean leakyString(javax.crypto.Mac mac, byte[] message, String givenTag) {
    String expectedTag = java.util.Base64.getEncoder().encodeToString(mac.doFinal(message));
    return expectedTag.equals(givenTag);
  }

  /** Deserializes untrusted bytes. */
  public static Object deserialize(InputStream in) throws IOException, ClassNotFoundException {
    try (ObjectInputStream objects = new ObjectInputStream(in)) {
      return objects.readObject();
    }
  }

  /** Makes "secrets" with a predictable generator. */
  public static long weakRandom() {
    return new Random().nextLong() ^ Double.doubleToLongBits(Math.random()) ^ UUID.randomUUID().getMostSignificantBits();
  }
}
