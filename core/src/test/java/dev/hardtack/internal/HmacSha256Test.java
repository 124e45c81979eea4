package dev.hardtack.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

  @Test
  void compute_anyKeyAndMessageLength_matchesJdkMac() throws Exception {
    SplittableRandom r = new SplittableRandom(42);
    for (int keyLen = 1; keyLen <= 140; keyLen += 3) {
      for (int msgLen : new int[] {0, 1, 55, 56, 63, 64, 65, 119, 120, 1000}) {
        byte[] key = new byte[keyLen];
        byte[] prefix = new byte[r.nextInt(5)];
        byte[] msg = new byte[msgLen + 7];
        r.nextBytes(key);
        r.nextBytes(prefix);
        r.nextBytes(msg);
        Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(key, "HmacSHA256"));
        jdk.update(prefix);
        jdk.update(msg, 3, msgLen);
        byte[] expected = jdk.doFinal();
        byte[] out = new byte[40];
        new HmacSha256(key).compute(prefix, msg, 3, msgLen, out, 5);
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 5, 37), "key " + keyLen + ", msg " + msgLen);
      }
    }
  }

  @Test
  void compute_afterAFailedCall_stillCorrect() throws Exception {
    byte[] key = new byte[32];
    key[0] = 1;
    HmacSha256 mac = new HmacSha256(key);
    byte[] msg = new byte[10];
    assertThrows(RuntimeException.class, () -> mac.compute(null, msg, 5, 50, new byte[32], 0));
    Mac jdk = Mac.getInstance("HmacSHA256");
    jdk.init(new SecretKeySpec(key, "HmacSHA256"));
    assertArrayEquals(jdk.doFinal(msg), mac.compute(msg));
  }

  @Test
  void compute_shortOutput_throwsIllegalArgument() {
    HmacSha256 mac = new HmacSha256(new byte[] {1});
    assertThrows(IllegalArgumentException.class, () -> mac.compute(null, new byte[1], 0, 1, new byte[40], 10));
  }

  @Test
  void constructor_emptyKey_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> new HmacSha256(new byte[0]));
  }
}
