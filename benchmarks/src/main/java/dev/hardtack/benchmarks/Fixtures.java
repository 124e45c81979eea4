package dev.hardtack.benchmarks;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/** Deterministic inputs shared by the benchmarks: secrets, values, clocks and codecs. */
final class Fixtures {
  /** How many distinct inputs each benchmark cycles through (a power of two). */
  static final int INPUTS = 64;
  /** The cookie name; with a 43-character id it makes Hardtack's MAC input exactly 64 bytes. */
  static final String COOKIE_NAME = "id";
  /** A fixed "now", so that expiry is decided the same way in every run. */
  static final Instant NOW = Instant.parse("2026-11-29T09:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Duration MAX_AGE = Duration.ofHours(8);
  private static final String URL_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private Fixtures() {}

  /** A 32-byte secret that passes the key ring's policy, different for every {@code seed}. */
  static byte[] secret(long seed) {
    byte[] s = new byte[32];
    new SplittableRandom(seed).nextBytes(s);
    return s;
  }

  /** {@code count} distinct values of {@code length} base64url characters (a session id is 43). */
  static String[] values(int count, int length, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] out = new String[count];
    for (int i = 0; i < count; i++) {
      char[] c = new char[length];
      for (int j = 0; j < length; j++) {
        c[j] = URL_ALPHABET.charAt(r.nextInt(64));
      }
      out[i] = new String(c);
    }
    return out;
  }

  static CookieCodec codec(KeyRing ring, boolean encrypted, Clock clock) {
    CookieCodec.Builder b = CookieCodec.builder(ring).cookieName(COOKIE_NAME).maxAge(MAX_AGE).clock(clock);
    return (encrypted ? b.encrypted() : b).build();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Flips one character of the tag (the last character of the token), keeping it in the alphabet. */
  static String tamper(String token) {
    int i = token.length() - 2;
    char c = token.charAt(i);
    char d = c == 'A' ? 'B' : 'A';
    return token.substring(0, i) + d + token.substring(i + 1);
  }
}
