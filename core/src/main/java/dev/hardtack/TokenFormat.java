package dev.hardtack;

/**
 * A token format: how a value, a key version and an issued-at time become a cookie value, and back.
 *
 * <p>Both formats start with the same header, {@code <marker>.<version>.<issuedAt>.}, described in
 * docs/FORMAT.md. The marker is {@code s1} for signed tokens and {@code e1} for encrypted ones, so a codec of
 * one kind rejects the other's tokens as {@link Verification.Status#MALFORMED} before any key is touched.
 */
abstract class TokenFormat {
  /** The longest cookie, {@code name=value}, that browsers must store (RFC 6265 section 6.1): the one limit. */
  static final int MAX_COOKIE_LENGTH = SetCookie.MAX_NAME_VALUE_LENGTH;
  /** 9999-12-31T23:59:59Z: issued-at times are at most 12 decimal digits. */
  static final long MAX_ISSUED_AT = 253402300799L;
  /** The longest canonical header: marker, 10-digit version, 12-digit issued-at, three dots. */
  static final int MAX_HEADER_LENGTH = 3 + 10 + 1 + 12 + 1;

  private final char marker;

  TokenFormat(char marker) {
    this.marker = marker;
  }

  /**
   * Makes a token for {@code value}, signed or sealed with {@code key}.
   *
   * @return the token, or null when {@code key} was destroyed (revoked, or reloaded away) after the caller read it
   *     from a snapshot, before or during this call: the caller retries with the current primary
   */
  abstract String seal(KeyEntry key, byte[] nameBinding, long issuedAt, String value, int maxTokenLength);

  /**
   * Checks a token. Never throws. Only {@code policy} turns a matching tag into VALID, EXPIRED or NOT_YET_VALID,
   * and it is given the key object that computed the tag, never just its version.
   *
   * @param policy decides once the tag matched: whether that key is still live, then on time
   */
  abstract Verification open(KeySnapshot keys, byte[] nameBinding, String token, TimePolicy policy);

  /** Whether this format produced the token, judged by its marker only. */
  final boolean ownsMarker(String token) {
    return token.length() > 2 && token.charAt(0) == marker && token.charAt(1) == '1' && token.charAt(2) == '.';
  }

  /** {@code <marker>1.<version>.<issuedAt>.} */
  final String header(int version, long issuedAt) {
    return marker + "1." + version + '.' + issuedAt + '.';
  }

  /**
   * Writes {@code <marker>1.<version>.<issuedAt>.} as ASCII into {@code out} at {@code off}; the same characters as
   * {@link #header}, without a string.
   *
   * @return the offset just after the header
   */
  final int writeHeader(byte[] out, int off, int version, long issuedAt) {
    out[off] = (byte) marker;
    out[off + 1] = '1';
    out[off + 2] = '.';
    int o = writeDecimal(out, off + 3, version);
    out[o] = '.';
    o = writeDecimal(out, o + 1, issuedAt);
    out[o] = '.';
    return o + 1;
  }

  /** The length of {@link #writeHeader}'s output. */
  static int headerLength(int version, long issuedAt) {
    return 5 + decimalDigits(version) + decimalDigits(issuedAt);
  }

  private static int decimalDigits(long v) {
    int d = 1;
    for (long p = 10; d < 19 && v >= p; p *= 10) {
      d++;
    }
    return d;
  }

  private static int writeDecimal(byte[] out, int off, long v) {
    int end = off + decimalDigits(v);
    int i = end;
    do {
      out[--i] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    } while (v != 0);
    return end;
  }

  /**
   * Parses {@code <marker>1.<version>.<issuedAt>.} from the ASCII token in {@code b[off, end)}, allocating
   * nothing: the result packs the header into a long, which {@link #bodyStart}, {@link #version} and {@link
   * #issuedAt} read. (Two numbers of 31 and 38 bits and the header's length do not fit in one long, so the
   * version's digits are counted here and read again by {@link #version}.)
   *
   * @return the packed header, or -1 when it is not a canonical header
   */
  final long parseHeader(byte[] b, int off, int end) {
    if (end - off < 3 || b[off] != marker || b[off + 1] != '1' || b[off + 2] != '.') {
      return -1;
    }
    int i = off + 3;
    // The version: 1 to 10 digits, no leading zero, 1..Integer.MAX_VALUE.
    long v = 0;
    int start = i;
    int limit = Math.min(end, start + 11);
    while (i < limit) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      v = v * 10 + d;
      i++;
    }
    int versionDigits = i - start;
    if (versionDigits == 0 || versionDigits > 10 || b[start] == '0' || v > Integer.MAX_VALUE || i >= end
        || b[i] != '.') {
      return -1;
    }
    i++;
    // The issued-at: 1 to 12 digits, no leading zero unless it is "0", at most MAX_ISSUED_AT.
    long iat = 0;
    start = i;
    limit = Math.min(end, start + 13);
    while (i < limit) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      iat = iat * 10 + d;
      i++;
    }
    int digits = i - start;
    if (digits == 0 || digits > 12 || (digits > 1 && b[start] == '0') || iat > MAX_ISSUED_AT || i >= end
        || b[i] != '.') {
      return -1;
    }
    // Issued-at (38 bits), the version's digit count (4), the header's length (at most MAX_HEADER_LENGTH, 5).
    return iat << 16 | (long) versionDigits << 8 | (i + 1 - off);
  }

  /** The index just after the header that {@link #parseHeader} packed into {@code header}, parsed from {@code off}. */
  static int bodyStart(long header, int off) {
    return off + (int) (header & 0xff);
  }

  /** The issued-at second of a header packed by {@link #parseHeader}. */
  static long issuedAt(long header) {
    return header >>> 16;
  }

  /**
   * The key version of a header that {@link #parseHeader} packed into {@code header}, parsed from {@code b} at
   * {@code off}: its digits, already checked there, read again.
   */
  static int version(long header, byte[] b, int off) {
    int end = off + 3 + (int) ((header >>> 8) & 0xff);
    int v = 0;
    for (int i = off + 3; i < end; i++) {
      v = v * 10 + (b[i] - '0');
    }
    return v;
  }

  /** What a codec checks once a token's tag matched: its key's liveness, then its time. */
  interface TimePolicy {
    /**
     * {@code null} when the token may be accepted, otherwise the rejection: {@link Verification#UNKNOWN_KEY} unless
     * {@code key}, the object that computed the matching tag, is still live; only then EXPIRED or NOT_YET_VALID.
     */
    Verification check(KeyEntry key, long issuedAt);
  }
}
