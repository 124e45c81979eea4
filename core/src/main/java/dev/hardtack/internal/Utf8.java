package dev.hardtack.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 in the two flavours Hardtack needs.
 *
 * <ul>
 *   <li>{@link #encodeWtf8}/{@link #decodeWtf8}: UTF-8, except that an unpaired surrogate is written as its own
 *       three-byte sequence (WTF-8), so that every Java string, well-formed or not, survives a round trip.
 *   <li>{@link #encodeLikeNode}: what Node's {@code Buffer.from(string)} produces: UTF-8 with each unpaired
 *       surrogate replaced by U+FFFD ({@code EF BF BD}); the JDK would write {@code ?} instead.
 * </ul>
 */
public final class Utf8 {
  private Utf8() {}

  /** UTF-8, with unpaired surrogates encoded as three bytes each. Every string round-trips. */
  public static byte[] encodeWtf8(String s) {
    return encode(s, false);
  }

  /** UTF-8 as Node.js writes it: unpaired surrogates become U+FFFD. */
  public static byte[] encodeLikeNode(String s) {
    return encode(s, true);
  }

  private static byte[] encode(String s, boolean replaceLoneSurrogates) {
    int n = s.length();
    byte[] out = new byte[encodedLength(s)];
    int o = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[o++] = (byte) c;
      } else if (c < 0x800) {
        out[o++] = (byte) (0xc0 | (c >> 6));
        out[o++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[o++] = (byte) (0xf0 | (cp >> 18));
        out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        out[o++] = (byte) (0x80 | (cp & 0x3f));
      } else {
        int cp = (replaceLoneSurrogates && Character.isSurrogate(c)) ? 0xfffd : c;
        out[o++] = (byte) (0xe0 | (cp >> 12));
        out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        out[o++] = (byte) (0x80 | (cp & 0x3f));
      }
    }
    return out;
  }

  /** The number of bytes {@link #encodeWtf8} (or {@link #encodeLikeNode}) writes for {@code s}. */
  public static int encodedLength(String s) {
    int n = s.length();
    int len = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        len += 1;
      } else if (c < 0x800) {
        len += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        len += 4;
        i++;
      } else {
        len += 3;
      }
    }
    return len;
  }

  /**
   * Decodes what {@link #encodeWtf8} wrote. Never throws: a byte sequence that is not WTF-8 yields {@code null}.
   *
   * <p>Only the shortest form is accepted, so that each string has exactly one encoding: overlong sequences,
   * code points above U+10FFFF, and a surrogate pair written as two three-byte sequences (CESU-8) instead of one
   * four-byte sequence are all refused. A lone surrogate is three bytes, as {@link #encodeWtf8} writes it.
   */
  public static String decodeWtf8(byte[] b, int off, int len) {
    int seen = 0;
    for (int i = off; i < off + len; i++) {
      seen |= b[i];
    }
    if (seen >= 0) {
      // ASCII, the common case: one copy, no char[] in between.
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
    char[] out = new char[len];
    int o = 0;
    int end = off + len;
    int i = off;
    // Whether the last sequence was a high surrogate in three bytes: a low one in three bytes may not follow.
    boolean loneHigh = false;
    while (i < end) {
      int b0 = b[i] & 0xff;
      if (b0 < 0x80) {
        out[o++] = (char) b0;
        i++;
      } else if (b0 >= 0xc2 && b0 < 0xe0 && i + 1 < end && cont(b[i + 1])) {
        out[o++] = (char) (((b0 & 0x1f) << 6) | (b[i + 1] & 0x3f));
        i += 2;
      } else if (b0 >= 0xe0 && b0 < 0xf0 && i + 2 < end && cont(b[i + 1]) && cont(b[i + 2])) {
        int c = ((b0 & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
        if (c < 0x800 || (loneHigh && Character.isLowSurrogate((char) c))) {
          return null; // overlong, or CESU-8: the pair has a four-byte form
        }
        out[o++] = (char) c;
        i += 3;
        loneHigh = Character.isHighSurrogate((char) c);
        continue;
      } else if (b0 >= 0xf0 && b0 < 0xf5 && i + 3 < end && cont(b[i + 1]) && cont(b[i + 2]) && cont(b[i + 3])) {
        int cp = ((b0 & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
        if (cp < 0x10000 || cp > 0x10ffff) {
          return null;
        }
        out[o++] = Character.highSurrogate(cp);
        out[o++] = Character.lowSurrogate(cp);
        i += 4;
      } else {
        return null;
      }
      loneHigh = false;
    }
    return new String(out, 0, o);
  }

  /**
   * Strict UTF-8 decoding, as JavaScript's {@code decodeURIComponent} requires of percent-encoded bytes.
   *
   * @return the string, or {@code null} for malformed input
   */
  public static String decodeStrict(byte[] b, int off, int len) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Whether {@code s} is well-formed UTF-16 (no unpaired surrogate). */
  public static boolean isWellFormed(CharSequence s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }


  private static boolean cont(byte b) {
    return (b & 0xc0) == 0x80;
  }
}
