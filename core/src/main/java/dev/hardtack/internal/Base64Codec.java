package dev.hardtack.internal;

import java.util.Arrays;
import java.util.Base64;

/**
 * Strict, allocation-free base64 decoding over a range of a string, in the URL-safe or the standard alphabet,
 * without padding. Only the canonical encoding of a byte string is accepted: no padding, no white space, and
 * the unused low bits of the last character must be zero (the JDK decoder accepts {@code QR} as {@code QQ}).
 */
// The lookup table is private, filled in the constructor and only read afterwards; Base64.Encoder is immutable.
@SuppressWarnings("ImmutableEnumChecker")
public enum Base64Codec {
  /** RFC 4648 section 5, {@code A-Z a-z 0-9 - _}. */
  URL("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", Base64.getUrlEncoder().withoutPadding()),
  /** RFC 4648 section 4, {@code A-Z a-z 0-9 + /}. */
  STANDARD("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", Base64.getEncoder().withoutPadding());

  private final byte[] values = new byte[256];
  private final byte[] alphabet;
  private final Base64.Encoder encoder;

  Base64Codec(String alphabet, Base64.Encoder encoder) {
    this.alphabet = alphabet.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Arrays.fill(values, (byte) -1);
    for (int i = 0; i < alphabet.length(); i++) {
      values[alphabet.charAt(i)] = (byte) i;
    }
    this.encoder = encoder;
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

  /** Whether {@code c} is in this alphabet. */
  public boolean isAlphabet(char c) {
    return c < 128 && values[c] >= 0;
  }

  /**
   * Decodes {@code s[from, to)} into {@code out} at {@code outOff}.
   *
   * @return the number of bytes written, or -1 when the range is not a canonical unpadded encoding (nothing
   *     about the input is trusted; {@code out} may hold partial output)
   */
  public int decode(CharSequence s, int from, int to, byte[] out, int outOff) {
    int n = to - from;
    int outLen = decodedLength(n);
    if (outLen < 0 || out.length - outOff < outLen) {
      return -1;
    }
    int o = outOff;
    int i = from;
    int bad = 0;
    int full = from + (n & ~3);
    while (i < full) {
      int a = value(s.charAt(i));
      int b = value(s.charAt(i + 1));
      int c = value(s.charAt(i + 2));
      int d = value(s.charAt(i + 3));
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
      int a = value(s.charAt(i));
      int b = value(s.charAt(i + 1));
      bad |= a | b | (b & 0x0f) << 8;
      out[o] = (byte) ((a << 2) | (b >> 4));
    } else if (rem == 3) {
      int a = value(s.charAt(i));
      int b = value(s.charAt(i + 1));
      int c = value(s.charAt(i + 2));
      bad |= a | b | c | (c & 0x03) << 8;
      int bits = (a << 12) | (b << 6) | c;
      out[o] = (byte) (bits >> 10);
      out[o + 1] = (byte) (bits >> 2);
    }
    // A negative value (a character outside the alphabet) or set spare bits both show up as bits outside 0..63.
    return (bad & ~0x3f) != 0 ? -1 : outLen;
  }

  // Two decoders on purpose, kept identical by Base64CodecTest: s1 verify reads bytes, e1 verify and Express read
  // the string (the one isCanonical is over bytes). Issue 15 tried one decoder and measured it with JMH: reading
  // characters through one accessor slowed the byte path once both were hot (1366 characters: 1770 vs 951 ns),
  // and copying a string to bytes first (run by run, in place) slowed e1 verify of a 1 KiB cookie from 3.5x to
  // 4.9x the JDK's cached GCM and added 16 to 64 bytes per call. Measure as docs/BENCHMARKS.md says first.
  /**
   * Decodes {@code src[from, to)}, ASCII bytes, into {@code out} at {@code outOff}: the same rules as {@link
   * #decode(CharSequence, int, int, byte[], int)}.
   *
   * @return the number of bytes written, or -1 when the range is not a canonical unpadded encoding
   */
  public int decode(byte[] src, int from, int to, byte[] out, int outOff) {
    int n = to - from;
    int outLen = decodedLength(n);
    if (outLen < 0 || out.length - outOff < outLen) {
      return -1;
    }
    byte[] v = values;
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
    return (bad & ~0x3f) != 0 ? -1 : outLen;
  }

  /** Whether {@code src[from, to)}, ASCII bytes, is a canonical unpadded encoding. Allocates nothing. */
  public boolean isCanonical(byte[] src, int from, int to) {
    int n = to - from;
    if ((n & 3) == 1) {
      return false;
    }
    int bad = 0;
    for (int i = from; i < to; i++) {
      bad |= values[src[i] & 0xff];
    }
    if (bad < 0) {
      return false;
    }
    int rem = n & 3;
    if (rem == 2) {
      return (values[src[to - 1] & 0xff] & 0x0f) == 0;
    }
    if (rem == 3) {
      return (values[src[to - 1] & 0xff] & 0x03) == 0;
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

  private int value(char c) {
    return c < 128 ? values[c] : -1;
  }
}
