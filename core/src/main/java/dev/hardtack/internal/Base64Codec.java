package dev.hardtack.internal;

import java.util.Arrays;
import java.util.Base64;

/**
 * Strict base64 decoding over a range of bytes (allocation-free) or of a string, in the URL-safe or the standard
 * alphabet, without padding. Only the canonical encoding of a byte string is accepted: no padding, no white space, and
 * the unused low bits of the last character must be zero (the JDK decoder accepts {@code QR} as {@code QQ}).
 */
// The alphabet array is private and only read after the constructor; Base64.Encoder is immutable.
@SuppressWarnings("ImmutableEnumChecker")
public enum Base64Codec {
  /** RFC 4648 section 5, {@code A-Z a-z 0-9 - _}. */
  URL(Tables.URL_CHARS, Base64.getUrlEncoder().withoutPadding()),
  /** RFC 4648 section 4, {@code A-Z a-z 0-9 + /}. */
  STANDARD(Tables.STANDARD_CHARS, Base64.getEncoder().withoutPadding());

  private final byte[] alphabet;
  private final Base64.Encoder encoder;

  Base64Codec(String alphabet, Base64.Encoder encoder) {
    this.alphabet = alphabet.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    this.encoder = encoder;
  }

  /**
   * The decoding tables, 256 entries each (-1 outside the alphabet), as static finals: the compiler then knows
   * their length, and drops the range check of every lookup indexed by a byte ({@code & 0xff}), which the hot
   * byte decoder makes 4 times a group. (An enum's own fields are not constants to the JIT.)
   */
  private static final class Tables {
    static final String URL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    static final String STANDARD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static final byte[] URL = of(URL_CHARS);
    static final byte[] STANDARD = of(STANDARD_CHARS);

    static byte[] of(String alphabet) {
      byte[] values = new byte[256];
      Arrays.fill(values, (byte) -1);
      for (int i = 0; i < alphabet.length(); i++) {
        values[alphabet.charAt(i)] = (byte) i;
      }
      return values;
    }
  }

  /** This alphabet's table, read from its static final. */
  private byte[] table() {
    return this == URL ? Tables.URL : Tables.STANDARD;
  }

  /** Encodes without padding. */
  public String encode(byte[] data) {
    return encoder.encodeToString(data);
  }

  /** Encodes {@code len} bytes from {@code off} without padding. */
  public String encode(byte[] data, int off, int len) {
    return encoder.encodeToString(off == 0 && len == data.length ? data : Arrays.copyOfRange(data, off, off + len));
  }

  /**
   * Encodes {@code src[off, off + len)} without padding into {@code dst} at {@code dstOff}, one ASCII byte per
   * character. Allocates nothing.
   *
   * @return the number of characters written: {@link #encodedLength(int) encodedLength(len)}
   */
  public int encode(byte[] src, int off, int len, byte[] dst, int dstOff) {
    int o = dstOff;
    int i = off;
    int full = off + len - len % 3;
    while (i < full) {
      int bits = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8 | (src[i + 2] & 0xff);
      dst[o] = alphabet[bits >>> 18];
      dst[o + 1] = alphabet[(bits >>> 12) & 0x3f];
      dst[o + 2] = alphabet[(bits >>> 6) & 0x3f];
      dst[o + 3] = alphabet[bits & 0x3f];
      i += 3;
      o += 4;
    }
    int rem = off + len - i;
    if (rem == 1) {
      int b = src[i] & 0xff;
      dst[o] = alphabet[b >>> 2];
      dst[o + 1] = alphabet[(b << 4) & 0x3f];
      o += 2;
    } else if (rem == 2) {
      int bits = (src[i] & 0xff) << 8 | (src[i + 1] & 0xff);
      dst[o] = alphabet[bits >>> 10];
      dst[o + 1] = alphabet[(bits >>> 4) & 0x3f];
      dst[o + 2] = alphabet[(bits << 2) & 0x3f];
      o += 3;
    }
    return o - dstOff;
  }

  /** The number of characters that encode {@code bytes} bytes without padding. */
  public static int encodedLength(int bytes) {
    return (bytes / 3) * 4 + ((bytes % 3) == 0 ? 0 : (bytes % 3) + 1);
  }

  /**
   * The number of bytes that {@code chars} characters decode to, or -1 when no canonical encoding has that length.
   */
  public static int decodedLength(int chars) {
    int rem = chars & 3;
    if (rem == 1) {
      return -1;
    }
    return (chars >> 2) * 3 + (rem == 0 ? 0 : rem - 1);
  }

  /**
   * Decodes {@code s[from, to)} into {@code out} at {@code outOff}: the characters are copied to bytes (one
   * outside ASCII becomes a byte that no alphabet admits), then decoded by {@link #decode(byte[], int, int,
   * byte[], int)}, the one decoder, which checks the length and the room. Allocates that copy, of a range its
   * callers bound; the hot paths (both token formats) hold bytes already.
   *
   * @return the number of bytes written, or -1 when the range is not a canonical unpadded encoding (nothing
   *     about the input is trusted; {@code out} may hold partial output)
   */
  public int decode(CharSequence s, int from, int to, byte[] out, int outOff) {
    int n = to - from;
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      char c = s.charAt(from + i);
      b[i] = c < 0x80 ? (byte) c : (byte) 0xff;
    }
    return decode(b, 0, n, out, outOff);
  }

  /**
   * Decodes {@code src[from, to)}, bytes, into {@code out} at {@code outOff}; a byte outside the alphabet
   * (any byte above 0x7f among them) makes the range invalid.
   *
   * @return the number of bytes written, or -1 when the range is not a canonical unpadded encoding (nothing
   *     about the input is trusted; {@code out} may hold partial output)
   */
  public int decode(byte[] src, int from, int to, byte[] out, int outOff) {
    int n = to - from;
    int outLen = decodedLength(n);
    if (outLen < 0 || out.length - outOff < outLen) {
      return -1;
    }
    byte[] v = table();
    int o = outOff;
    int i = from;
    int bad = 0;
    int full = from + (n & ~3);
    while (i < full) {
      int a = v[src[i] & 0xff];
      int b = v[src[i + 1] & 0xff];
      int c = v[src[i + 2] & 0xff];
      int d = v[src[i + 3] & 0xff];
      bad |= a | b | c | d;
      int bits = (a << 18) | (b << 12) | (c << 6) | d;
      out[o] = (byte) (bits >> 16);
      out[o + 1] = (byte) (bits >> 8);
      out[o + 2] = (byte) bits;
      o += 3;
      i += 4;
    }
    int rem = to - i;
    if (rem == 2) {
      int a = v[src[i] & 0xff];
      int b = v[src[i + 1] & 0xff];
      bad |= a | b | (b & 0x0f) << 8;
      out[o] = (byte) ((a << 2) | (b >> 4));
    } else if (rem == 3) {
      int a = v[src[i] & 0xff];
      int b = v[src[i + 1] & 0xff];
      int c = v[src[i + 2] & 0xff];
      bad |= a | b | c | (c & 0x03) << 8;
      int bits = (a << 12) | (b << 6) | c;
      out[o] = (byte) (bits >> 10);
      out[o + 1] = (byte) (bits >> 2);
    }
    // A negative value (a byte outside the alphabet) or set spare bits both show up as bits outside 0..63.
    return (bad & ~0x3f) != 0 ? -1 : outLen;
  }

  /** Whether {@code src[from, to)}, ASCII bytes, is a canonical unpadded encoding. Allocates nothing. */
  public boolean isCanonical(byte[] src, int from, int to) {
    int n = to - from;
    if ((n & 3) == 1) {
      return false;
    }
    byte[] v = table();
    int bad = 0;
    for (int i = from; i < to; i++) {
      bad |= v[src[i] & 0xff];
    }
    if (bad < 0) {
      return false;
    }
    int rem = n & 3;
    if (rem == 2) {
      return (v[src[to - 1] & 0xff] & 0x0f) == 0;
    }
    if (rem == 3) {
      return (v[src[to - 1] & 0xff] & 0x03) == 0;
    }
    return true;
  }

  /**
   * Decodes a whole string.
   *
   * @return the bytes, or {@code null} when it is not a canonical unpadded encoding
   */
  public byte[] decode(CharSequence s) {
    int len = decodedLength(s.length());
    if (len < 0) {
      return null;
    }
    byte[] out = new byte[len];
    return decode(s, 0, s.length(), out, 0) < 0 ? null : out;
  }

}
