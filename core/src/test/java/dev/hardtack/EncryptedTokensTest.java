package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EncryptedTokensTest {

  @Test
  void verify_roundTripAndEveryTamperedCharacter_validThenRejected() {
    byte[] secret = new byte[32];
    new SplittableRandom(4).nextBytes(secret);
    CookieCodec codec = CookieCodec.builder(KeyRing.of(secret)).cookieName("sid").encrypted().build();
    for (String v : new String[] {"", "abc", "héllo wörld", "x".repeat(1000)}) {
      String cookie = codec.sign(v);
      assertEquals(v, codec.verify(cookie).value());
      String header = cookie.substring(0, cookie.indexOf('.', cookie.indexOf('.', 3) + 1) + 1);
      for (int i = header.length(); i < cookie.length(); i += 7) {
        char c = cookie.charAt(i);
        String bad = cookie.substring(0, i) + (c == 'A' ? 'B' : 'A') + cookie.substring(i + 1);
        Verification.Status s = codec.verify(bad).status();
        assertEquals(true, s == Verification.Status.BAD_SIGNATURE || s == Verification.Status.MALFORMED, i + ": " + s);
      }
    }
  }
}
