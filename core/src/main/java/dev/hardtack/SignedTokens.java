package dev.hardtack;

import dev.hardtack.internal.Base64Codec;
import dev.hardtack.internal.ConstantTime;
import dev.hardtack.internal.HmacSha256;
import dev.hardtack.internal.Utf8;
import java.nio.charset.StandardCharsets;

/**
 * Signed tokens, format {@code s1}: {@code s1.<version>.<issuedAt>.<payload>.<tag>}.
 *
 * <p>The payload is the value itself when it uses only {@code A-Z a-z 0-9 - _} (a session id, typically), and
 * otherwise {@code *} followed by the base64url of its WTF-8 bytes. The tag is base64url (43 characters) of
 * HMAC-SHA256 under the key version's MAC subkey, over the name binding followed by every byte of the token
 * before the tag, final dot included. See docs/FORMAT.md.
 */
final class SignedTokens extends TokenFormat {
  static final int TAG_CHARS = 43;
  static final char ENCODED_PAYLOAD = '*';

  SignedTokens() {
    super('s');
  }

  @Override
  String seal(KeyEntry key, byte[] nameBinding, long issuedAt, String value, int maxTokenLength) {
    boolean plain = isPlain(value);
    byte[] encoded = plain ? null : Utf8.encodeWtf8(value);
    int payloadLength = plain ? value.length() : 1 + Base64Codec.encodedLength(encoded.length);
    int headerLength = headerLength(key.version, issuedAt);
    int length = headerLength + payloadLength + 1 + TAG_CHARS;
    if (length > maxTokenLength) {
      throw new IllegalArgumentException(
          "the signed cookie would be " + length + " characters, over the " + maxTokenLength + " its name leaves");
    }
    // The token, laid out once in one buffer; the MAC reads the name binding, then the token before the tag.
    byte[] buf = new byte[length];
    byte[] tag = new byte[HmacSha256.TAG_LENGTH];
    int o = writeHeader(buf, 0, key.version, issuedAt);
    if (plain) {
      copyPlain(value, buf, o);
      o += payloadLength;
    } else {
      buf[o++] = ENCODED_PAYLOAD;
      o += Base64Codec.URL.encode(encoded, 0, encoded.length, buf, o);
    }
    buf[o++] = '.';
    if (!key.mac.compute(nameBinding, buf, 0, o, tag, 0)) {
      return null; // destroyed since the caller read it: never a tag over zeroed pads
    }
    Base64Codec.URL.encode(tag, 0, HmacSha256.TAG_LENGTH, buf, o);
    return new String(buf, 0, length, StandardCharsets.ISO_8859_1);
  }

  /**
   * The algorithm, in order; nothing from the token is trusted before step 6 passes.
   *
   * <ol>
   *   <li>Refuse null, empty and over-long input: MALFORMED.
   *   <li>Parse the header {@code s1.<version>.<issuedAt>.}, canonical decimals only: else MALFORMED.
   *   <li>Check the payload's characters (plain, or {@code *} and canonical base64url) and that a 43-character
   *       canonical base64url tag follows the last dot: else MALFORMED.
   *   <li>Look the key up by its version (O(1) unless versions below it left out of order, then a binary search;
   *       never by trying keys): else UNKNOWN_KEY.
   *   <li>Compute HMAC-SHA256 over the name binding and the token before the tag: UNKNOWN_KEY if the key has been
   *       destroyed since the lookup (revoked, or reloaded away), as it then refuses to compute.
   *   <li>Compare it in constant time ({@link ConstantTime}) with the token's tag, which step 3 decoded in place
   *       over its own characters: else BAD_SIGNATURE.
   *   <li>Ask the policy, with the key object that computed the tag: UNKNOWN_KEY unless that key is still live;
   *       then the issued-at against the clock, EXPIRED or NOT_YET_VALID.
   *   <li>Decode the payload (MALFORMED if it is not the one payload {@code sign} makes for its value: not
   *       WTF-8, or a {@code *} payload whose value has a plain form) and return VALID, flagged for re-signing
   *       when the key is not the primary.
   * </ol>
   */
  @Override
  Verification open(KeySnapshot keys, byte[] nameBinding, String t, TimePolicy policy) {
    // 1.
    if (t == null) {
      return Verification.MALFORMED;
    }
    int n = t.length();
    if (n < 3 + TAG_CHARS || n > MAX_COOKIE_LENGTH) {
      return Verification.MALFORMED;
    }
    // 2. The token's bytes, in one intrinsic copy. ISO-8859-1, not US-ASCII: on JDK 17 the ASCII encoder walks
    // the bytes again to replace non-ASCII ones. A character above U+00FF becomes '?', and one in U+0080..U+00FF a
    // negative byte; no part of a token admits either (the checks below look at every byte, and each refuses
    // bytes outside ASCII), so such a token is MALFORMED, as it must be.
    byte[] tok = t.getBytes(StandardCharsets.ISO_8859_1);
    long header = parseHeader(tok, 0, n);
    int bodyStart = bodyStart(header, 0);
    int tagStart = n - TAG_CHARS;
    if (header < 0 || bodyStart > tagStart - 1 || tok[tagStart - 1] != '.') {
      return Verification.MALFORMED;
    }
    // 3.
    boolean encoded = bodyStart < tagStart - 1 && tok[bodyStart] == ENCODED_PAYLOAD;
    if (encoded) {
      if (bodyStart + 1 == tagStart - 1 || !Base64Codec.URL.isCanonical(tok, bodyStart + 1, tagStart - 1)) {
        return Verification.MALFORMED;
      }
    } else if (!isPlain(tok, bodyStart, tagStart - 1)) {
      return Verification.MALFORMED;
    }
    // The tag, canonical base64url only, decoded in place into tok[tagStart, tagStart + 32): the decoder writes
    // each group's 3 bytes at or before the 4 characters it has just read, and nothing reads the tag's
    // characters again (the payload and the value come from before it).
    if (Base64Codec.URL.decode(tok, tagStart, n, tok, tagStart) != HmacSha256.TAG_LENGTH) {
      return Verification.MALFORMED;
    }
    // 4.
    int version = version(header, tok, 0);
    KeyEntry key = keys.lookup(version);
    if (key == null) {
      return Verification.UNKNOWN_KEY;
    }
    // 5. The name binding, then the token up to its tag.
    byte[] expected = new byte[HmacSha256.TAG_LENGTH];
    if (!key.mac.compute(nameBinding, tok, 0, tagStart, expected, 0)) {
      return Verification.UNKNOWN_KEY;
    }
    // 6.
    if (!ConstantTime.equal(expected, 0, tok, tagStart, HmacSha256.TAG_LENGTH)) {
      return Verification.BAD_SIGNATURE;
    }
    // 7.
    long issuedAt = issuedAt(header);
    Verification late = policy.check(key, issuedAt);
    if (late != null) {
      return late;
    }
    // 8.
    String value;
    if (encoded) {
      byte[] data = new byte[Base64Codec.decodedLength(tagStart - 1 - bodyStart - 1)];
      int len = Base64Codec.URL.decode(tok, bodyStart + 1, tagStart - 1, data, 0);
      value = Utf8.decodeWtf8(data, 0, len);
      if (value == null || isPlain(value)) {
        // Not WTF-8, or a value that has a plain payload: one value has one payload (docs/FORMAT.md).
        return Verification.MALFORMED;
      }
    } else {
      value = t.substring(bodyStart, tagStart - 1);
    }
    return Verification.valid(value, version, issuedAt, key != keys.primary);
  }

  /**
   * Copies a value that {@link #isPlain(String)} accepted into {@code out} at {@code off}, a byte per character,
   * in one intrinsic copy. {@code String.getBytes(int, int, byte[], int)} keeps each character's low byte, which
   * for these ASCII characters is the character; it is deprecated because it drops the high byte of others, and
   * a plain value has none.
   */
  @SuppressWarnings("deprecation")
  private static void copyPlain(String plainValue, byte[] out, int off) {
    plainValue.getBytes(0, plainValue.length(), out, off);
  }

  /** Whether {@code value} can be its own payload: only {@code A-Z a-z 0-9 - _}. */
  static boolean isPlain(String value) {
    return isPlain(value, 0, value.length());
  }

  private static boolean isPlain(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= PLAIN.length || !PLAIN[c]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the bytes {@code b[from, to)} are all {@code A-Z a-z 0-9 - _}; a negative byte never is. */
  private static boolean isPlain(byte[] b, int from, int to) {
    boolean ok = true;
    for (int i = from; i < to; i++) {
      ok &= PLAIN[b[i] & 0xff];
    }
    return ok;
  }

  /** Indexed by a byte's 8 bits, so that no byte above 0x7f can alias an ASCII character. */
  private static final boolean[] PLAIN = new boolean[256];

  static {
    for (char c = 0; c < 128; c++) {
      PLAIN[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
  }
}
