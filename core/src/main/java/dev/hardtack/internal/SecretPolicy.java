package dev.hardtack.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Refuses secrets that are too short or look typed rather than drawn from a CSPRNG.
 *
 * <p>A secret is refused when any of these holds:
 *
 * <ol>
 *   <li>it is shorter than {@value #MIN_LENGTH} bytes;
 *   <li>it is made of control bytes only ({@code 0x00..0x1f}, {@code 0x7f});
 *   <li>the empirical Shannon entropy of its byte histogram is under {@value #MIN_HISTOGRAM_BITS} bits a byte
 *       (few distinct bytes, as in {@code 0101...} or a word repeated);
 *   <li>its estimated strength is under {@value #MIN_BITS} bits. The estimate is the cheapest way to write the
 *       secret down as a sequence of pieces, each piece priced in bits:
 *       <ul>
 *         <li>one character, at {@code log2} of the size of the character classes the secret uses (control 33,
 *             digits 10, lower case 26, upper case 26, other printable ASCII and space 33, bytes 0x80..0xff
 *             128): 8 bits for random bytes, 5.17 for {@code [0-9a-z]}, 6 for base64url, 3.32 for digits;
 *         <li>a word of the embedded list ({@link SecretWords}: common English words and what people put in
 *             secrets, a few hundred), in any letter case and with the usual digit-for-letter swaps: {@code
 *             log2} of the list's size, plus a bit for a capital first letter or all capitals (one a letter
 *             for mixed case), plus a bit a swap;
 *         <li>a run of three or more bytes with a constant step of -2 to 2 ({@code aaaa}, {@code 12345},
 *             {@code fedc}, the bytes {@code 0x00..0x1f}): one character, {@code log2 5} for the step and
 *             {@code log2} of the length;
 *         <li>a run of three or more neighbouring keys on a US QWERTY keyboard, along a row or down a column
 *             ({@code qwerty}, {@code asdf}, {@code 1qaz}): {@code log2 94} for the start and direction, a bit
 *             for the shift key, and {@code log2} of the length;
 *         <li>a repeat of three or more bytes seen earlier in the secret: {@code log2} of the position, of the
 *             length, and one bit.
 *       </ul>
 * </ol>
 *
 * <p>Random bytes score about 8 bits a byte and random hex or base64url text 4 to 6 bits a character, so 32
 * random bytes, written raw, as hex or as base64 (about 256 bits), pass with a margin of about 128 bits: none of
 * 20,000 random secrets in each form is refused (SecretPolicyTest). The estimate is a safety net against typed
 * secrets, not a proof of randomness: a long sentence of uncommon words may pass. Every step is linear in the
 * secret's length (the word search is bounded by the longest word, and a repeat is extended once).
 */
public final class SecretPolicy {
  /** The shortest secret accepted, in bytes. */
  public static final int MIN_LENGTH = 32;
  /** The lowest estimated strength accepted, in bits. */
  public static final int MIN_BITS = 128;
  /** The lowest empirical entropy of the byte histogram accepted, in bits a byte. */
  static final double MIN_HISTOGRAM_BITS = 3.0;

  static final byte BRUTE = 0;
  static final byte WORD = 1;
  static final byte SEQUENCE = 2;
  static final byte KEYBOARD = 3;
  static final byte REPEAT = 4;
  private static final String[] KIND_NAMES = {"", "common words", "runs such as abc or 123", "keyboard runs",
      "repeats"};

  private static final double LOG2_STEPS = log2(5);
  private static final double LOG2_KEY_STARTS = log2(94);
  /** Keyboard position of each ASCII character: row * 16 + column, or -1; shifted characters share their key. */
  private static final int[] KEY = keyboard();
  private static final int SHIFTED = 0x100;

  private SecretPolicy() {}

  /**
   * Refuses a secret that is too short or looks typed (see the class comment for the exact rules).
   *
   * @param secret the candidate secret; never shown in a message
   * @throws NullPointerException when {@code secret} is null
   * @throws IllegalArgumentException when it is refused; the message names the rule, never the secret
   */
  public static void requireStrong(byte[] secret) {
    if (secret == null) {
      throw new NullPointerException("secret");
    }
    if (secret.length < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "a secret needs at least " + MIN_LENGTH + " bytes (256 bits) from a CSPRNG; this one has " + secret.length);
    }
    if (controlOnly(secret)) {
      throw new IllegalArgumentException("the secret is control bytes only, not random bytes");
    }
    if (histogramBits(secret) < MIN_HISTOGRAM_BITS) {
      throw new IllegalArgumentException("the secret has too little variety to be random bytes (a password?)");
    }
    Estimate e = estimate(secret);
    if (e.bits < MIN_BITS) {
      throw new IllegalArgumentException("the secret looks typed, not random: under " + MIN_BITS
          + " bits by the estimate (" + (e.kinds.isEmpty() ? "too few characters for the alphabet it uses"
              : "found " + String.join(", ", e.kinds)) + "); use 32 random bytes from a CSPRNG"
          + " (openssl rand -base64 32, or KeyRing.generate())");
    }
  }

  /** The estimated strength and the kinds of piece the cheapest reading used. */
  static final class Estimate {
    final double bits;
    final List<String> kinds;

    Estimate(double bits, List<String> kinds) {
      this.bits = bits;
      this.kinds = kinds;
    }
  }

  static Estimate estimate(byte[] s) {
    int n = s.length;
    double brute = log2(alphabet(s));
    int[] repeat = repeats(s);
    int[] sequence = sequences(s);
    int[] keyboard = keyboardRuns(s);
    double[] cost = new double[n + 1];
    int[] from = new int[n + 1];
    byte[] kind = new byte[n + 1];
    double[] words = new double[SecretWords.MAX_LENGTH + 1];
    Arrays.fill(cost, 1, n + 1, Double.POSITIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      double here = cost[i];
      relax(cost, from, kind, i, i + 1, here + brute, BRUTE);
      if (sequence[i] >= 3) {
        relax(cost, from, kind, i, i + sequence[i], here + brute + LOG2_STEPS + log2(sequence[i]), SEQUENCE);
      }
      if (keyboard[i] >= 3) {
        double shift = shifted(s, i, keyboard[i]) ? 1 : 0;
        relax(cost, from, kind, i, i + keyboard[i], here + LOG2_KEY_STARTS + shift + log2(keyboard[i]), KEYBOARD);
      }
      if (repeat[i] >= 3) {
        relax(cost, from, kind, i, i + repeat[i], here + log2(i) + log2(repeat[i]) + 1, REPEAT);
      }
      int reach = SecretWords.match(s, i, words);
      for (int k = 2; k <= reach; k++) {
        if (words[k] >= 0) {
          relax(cost, from, kind, i, i + k, here + SecretWords.BITS + words[k], WORD);
        }
      }
    }
    boolean[] used = new boolean[KIND_NAMES.length];
    for (int j = n; j > 0; j = from[j]) {
      used[kind[j]] = true;
    }
    List<String> kinds = new ArrayList<>();
    for (int k = 1; k < used.length; k++) {
      if (used[k]) {
        kinds.add(KIND_NAMES[k]);
      }
    }
    return new Estimate(cost[n], kinds);
  }

  private static void relax(double[] cost, int[] from, byte[] kind, int i, int j, double c, byte k) {
    if (c < cost[j]) {
      cost[j] = c;
      from[j] = i;
      kind[j] = k;
    }
  }

  /** The sum of the sizes of the character classes that occur in {@code s}. */
  static int alphabet(byte[] s) {
    int classes = 0;
    for (byte b : s) {
      classes |= 1 << charClass(b & 0xff);
    }
    int[] sizes = {33, 10, 26, 26, 33, 128};
    int total = 0;
    for (int c = 0; c < sizes.length; c++) {
      if ((classes & (1 << c)) != 0) {
        total += sizes[c];
      }
    }
    return total;
  }

  private static int charClass(int b) {
    if (b < 0x20 || b == 0x7f) {
      return 0;
    } else if (b >= '0' && b <= '9') {
      return 1;
    } else if (b >= 'a' && b <= 'z') {
      return 2;
    } else if (b >= 'A' && b <= 'Z') {
      return 3;
    } else if (b < 0x7f) {
      return 4;
    }
    return 5;
  }

  private static boolean controlOnly(byte[] s) {
    for (byte b : s) {
      if (charClass(b & 0xff) != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * For each position, the length of the repeat that starts there: the longest match with the latest earlier
   * position that starts with the same three bytes, or 0. Linear: a match found at {@code i} of length {@code L}
   * is not searched again at {@code i + 1 .. i + L - 1} (those positions inherit its tail, {@code L - 1}, ...).
   */
  static int[] repeats(byte[] s) {
    int n = s.length;
    int[] out = new int[n];
    int bits = 32 - Integer.numberOfLeadingZeros(Math.max(16, n * 2));
    int[] last = new int[1 << bits];
    Arrays.fill(last, -1);
    int mask = (1 << bits) - 1;
    int skipUntil = 0;
    for (int i = 0; i + 3 <= n; i++) {
      int h = (((s[i] & 0xff) * 0x9E3779B1 ^ (s[i + 1] & 0xff) * 0x85EBCA6B ^ (s[i + 2] & 0xff) * 0xC2B2AE35)
          >>> (32 - bits)) & mask;
      int j = last[h];
      last[h] = i;
      if (i < skipUntil) {
        out[i] = out[i - 1] - 1 >= 3 ? out[i - 1] - 1 : 0;
        continue;
      }
      if (j >= 0 && s[j] == s[i] && s[j + 1] == s[i + 1] && s[j + 2] == s[i + 2]) {
        int len = 3;
        while (i + len < n && s[j + len] == s[i + len]) {
          len++;
        }
        out[i] = len;
        skipUntil = i + len;
      }
    }
    return out;
  }

  /** For each position, the length of the longest run of bytes with one step in -2..2 that starts there. */
  static int[] sequences(byte[] s) {
    return runs(s, SecretPolicy::byteStep);
  }

  /** For each position, the length of the longest run of neighbouring keys, in one direction, that starts there. */
  static int[] keyboardRuns(byte[] s) {
    return runs(s, SecretPolicy::step);
  }

  /** A step between two neighbouring bytes, or {@link #NO_STEP} where a run cannot go on. */
  private interface Step {
    int between(byte a, byte b);
  }

  private static final int NO_STEP = Integer.MIN_VALUE;

  /**
   * For each position, the length of the longest run that starts there in which every pair of neighbours has the
   * same step: 1 where no run starts, else 2 or more. One pass from the end, so linear.
   */
  private static int[] runs(byte[] s, Step step) {
    int n = s.length;
    int[] out = new int[n];
    if (n == 0) {
      return out;
    }
    out[n - 1] = 1;
    for (int i = n - 2; i >= 0; i--) {
      int d = step.between(s[i], s[i + 1]);
      if (d == NO_STEP) {
        out[i] = 1;
      } else if (i + 2 < n && step.between(s[i + 1], s[i + 2]) == d) {
        out[i] = out[i + 1] + 1;
      } else {
        out[i] = 2;
      }
    }
    return out;
  }

  /** The step from byte {@code a} to byte {@code b} when it is -2..2, else {@link #NO_STEP}. */
  private static int byteStep(byte a, byte b) {
    int d = (b & 0xff) - (a & 0xff);
    return d < -2 || d > 2 ? NO_STEP : d;
  }

  /**
   * The step from key {@code a} to key {@code b}: 1/-1 along a row, 16/-16 down a column, or {@link #NO_STEP} if
   * they are not neighbours.
   */
  private static int step(byte a, byte b) {
    if (a < 0 || b < 0 || KEY[a] < 0 || KEY[b] < 0) {
      return NO_STEP;
    }
    int d = (KEY[b] & 0xff) - (KEY[a] & 0xff);
    return d == 1 || d == -1 || d == 16 || d == -16 ? d : NO_STEP;
  }

  private static boolean shifted(byte[] s, int from, int len) {
    for (int i = from; i < from + len; i++) {
      if ((KEY[s[i]] & SHIFTED) != 0) {
        return true;
      }
    }
    return false;
  }

  private static int[] keyboard() {
    int[] key = new int[128];
    Arrays.fill(key, -1);
    // Rows of a US keyboard, unshifted and shifted, each with the column of its first key, so that a column
    // (1, q, a, z) shares one column number.
    String[][] rows = {
        {"`1234567890-=", "~!@#$%^&*()_+"},
        {"qwertyuiop[]\\", "QWERTYUIOP{}|"},
        {"asdfghjkl;'", "ASDFGHJKL:\""},
        {"zxcvbnm,./", "ZXCVBNM<>?"}};
    int[] firstColumn = {0, 1, 1, 1};
    for (int r = 0; r < rows.length; r++) {
      for (int shift = 0; shift < 2; shift++) {
        String row = rows[r][shift];
        for (int c = 0; c < row.length(); c++) {
          key[row.charAt(c)] = (r << 4 | (firstColumn[r] + c)) | (shift == 1 ? SHIFTED : 0);
        }
      }
    }
    return key;
  }

  static double histogramBits(byte[] s) {
    int[] counts = new int[256];
    for (byte b : s) {
      counts[b & 0xff]++;
    }
    double h = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / s.length;
        h -= p * log2(p);
      }
    }
    return h;
  }

  static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
