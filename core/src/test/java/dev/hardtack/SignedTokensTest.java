package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.internal.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The s1 layout rebuilt by hand with the JDK's Mac, so that a faster seal cannot drift from the format. */
class SignedTokensTest {
  private static final Instant NOW = Instant.parse("2026-11-29T09:00:00Z");

  private static String expected(byte[] secret, String name, String value) throws Exception {
    boolean plain = value.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'));
    String payload = plain ? value
        : "*" + Base64.getUrlEncoder().withoutPadding().encodeToString(Utf8.encodeWtf8(value));
    String token = "s1.1." + NOW.getEpochSecond() + "." + payload + ".";
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.write(CookieCodec.nameBinding(name));
    m.write(token.getBytes(StandardCharsets.US_ASCII));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KeyEntry.derive(secret, KeyEntry.MAC_PURPOSE, 1), "HmacSHA256"));
    return token + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(m.toByteArray()));
  }

  @Test
  void sign_plainAndEncodedValues_matchHandBuiltTokens() throws Exception {
    byte[] secret = new byte[32];
    new SplittableRandom(3).nextBytes(secret);
    CookieCodec codec = CookieCodec.builder(KeyRing.of(secret))
        .cookieName("__Host-sid")
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
    for (String v : new String[] {"", "abc", "q3V0m1cJ8c9D1u0l-5xL0t0hN9rQ2wZk", "héllo wörld", "a.b", "\ud800x",
        "x".repeat(1000)}) {
      String cookie = codec.sign(v);
      assertEquals(expected(secret, "__Host-sid", v), cookie, v);
      Verification r = codec.verify(cookie);
      assertTrue(r.isValid(), v);
      assertEquals(v, r.value());
    }
  }

  @Test
  void verify_nonAsciiOrQuestionMarkAtAnyPosition_malformed() {
    byte[] secret = new byte[32];
    new SplittableRandom(5).nextBytes(secret);
    CookieCodec codec = CookieCodec.builder(KeyRing.of(secret)).cookieName("sid").build();
    for (String v : new String[] {"q3V0m1cJ8c9D1u0l-5xL0t0hN9rQ2wZk", "h\u00e9llo"}) {
      String cookie = codec.sign(v);
      for (int i = 0; i < cookie.length(); i++) {
        char c = cookie.charAt(i);
        // U+0100 | c has c's low byte: a copy that kept only low bytes would read the genuine token.
        for (char bad : new char[] {(char) (0x100 | c), (char) (0x80 | c), '?'}) {
          String t = cookie.substring(0, i) + bad + cookie.substring(i + 1);
          assertEquals(Verification.Status.MALFORMED, codec.verify(t).status(), t);
        }
      }
    }
  }
}
