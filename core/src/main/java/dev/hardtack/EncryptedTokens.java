package dev.hardtack;

import dev.hardtack.internal.AesGcm;
import dev.hardtack.internal.Base64Codec;
import dev.hardtack.internal.Csprng;
import dev.hardtack.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encrypted tokens, format {@code e1}: {@code e1.<version>.<issuedAt>.<sealed>}.
 *
 * <p>{@code sealed} is the base64url of {@code nonce(12) || ciphertext || tag(16)}: AES-256-GCM under the key
 * version's AEAD subkey, a fresh random 96-bit nonce per cookie, the value's WTF-8 bytes as plaintext, and as
 * associated data the name binding followed by the header {@code e1.<version>.<issuedAt>.}. See docs/FORMAT.md.
 */
final class EncryptedTokens extends TokenFormat {
  private static final int OVERHEAD = AesGcm.NONCE_LENGTH + AesGcm.TAG_LENGTH;

  EncryptedTokens() {
    super('e');
  }

  @Override
  String seal(KeyEntry key, byte[] nameBinding, long issuedAt, String value, int maxTokenLength) {
    String header = header(key.version, issuedAt);
    byte[] plaintext = Utf8.encodeWtf8(value);
    int length = header.length() + Base64Codec.encodedLength(OVERHEAD + plaintext.length);
    if (length > maxTokenLength) {
      throw new IllegalArgumentException(
          "the encrypted cookie would be " + length + " characters, over the " + maxTokenLength
              + " its name leaves");
    }
    byte[] aad = new byte[nameBinding.length + header.length()];
    System.arraycopy(nameBinding, 0, aad, 0, nameBinding.length);
    for (int i = 0; i < header.length(); i++) {
      aad[nameBinding.length + i] = (byte) header.charAt(i);
    }
    byte[] sealed = new byte[OVERHEAD + plaintext.length];
    byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
    Csprng.nextBytes(nonce);
    System.arraycopy(nonce, 0, sealed, 0, nonce.length);
    int n = key.aead.seal(nonce, aad, aad.length, plaintext, sealed, AesGcm.NONCE_LENGTH);
    Arrays.fill(plaintext, (byte) 0);
    if (n < 0) {
      return null; // the key was revoked since the caller read it
    }
    return header + Base64Codec.URL.encode(sealed);
  }

  /**
   * The algorithm, in order; nothing from the token is trusted before step 5 passes.
   *
   * <ol>
   *   <li>Refuse null, empty and over-long input: MALFORMED.
   *   <li>Parse the header {@code e1.<version>.<issuedAt>.}, canonical decimals only: else MALFORMED.
   *   <li>Decode the sealed part: canonical base64url of at least 28 bytes, else MALFORMED.
   *   <li>Look the key up by its version (O(1) unless versions below it left out of order, then a binary search;
   *       never by trying keys): else UNKNOWN_KEY.
   *   <li>Open it with AES-256-GCM, the header and name as associated data (GCM checks its tag in constant
   *       time): else BAD_SIGNATURE; UNKNOWN_KEY if the key has been destroyed since the lookup.
   *   <li>Ask the policy, with the key object that opened it: UNKNOWN_KEY unless that key is still live; then the
   *       issued-at against the clock, EXPIRED or NOT_YET_VALID.
   *   <li>Decode the plaintext and return VALID, flagged for re-signing when the key is not the primary.
   * </ol>
   */
  @Override
  Verification open(KeySnapshot keys, byte[] nameBinding, String t, TimePolicy policy) {
    return open(keys, nameBinding, t, policy, new Scratch());
  }

  /** {@link #open(KeySnapshot, byte[], String, TimePolicy)} with the call's buffers given (tests look at them). */
  Verification open(KeySnapshot keys, byte[] nameBinding, String t, TimePolicy policy, Scratch s) {
    // 1.
    if (t == null) {
      return Verification.MALFORMED;
    }
    int n = t.length();
    if (n < 3 || n > MAX_COOKIE_LENGTH) {
      return Verification.MALFORMED;
    }
    // 2. The token's bytes, in one intrinsic copy (ISO-8859-1, as SignedTokens reads them: a character above
    // U+00FF becomes '?' and one in U+0080..U+00FF a negative byte, and neither the header parser nor the
    // base64 decoder admits either).
    byte[] tok = t.getBytes(StandardCharsets.ISO_8859_1);
    long header = parseHeader(tok, 0, n);
    if (header < 0) {
      return Verification.MALFORMED;
    }
    int bodyStart = bodyStart(header, 0);
    // 3.
    int sealedLength = Base64Codec.decodedLength(n - bodyStart);
    if (sealedLength < OVERHEAD) {
      return Verification.MALFORMED;
    }
    byte[] sealed = s.data(sealedLength);
    if (Base64Codec.URL.decode(tok, bodyStart, n, sealed, 0) != sealedLength) {
      return Verification.MALFORMED;
    }
    // 4.
    int version = version(header, tok, 0);
    KeyEntry key = keys.lookup(version);
    if (key == null) {
      return Verification.UNKNOWN_KEY;
    }
    // 5. The associated data: the name binding, then the header.
    int nb = nameBinding.length;
    byte[] aad = s.buf(nb + bodyStart);
    System.arraycopy(nameBinding, 0, aad, 0, nb);
    System.arraycopy(tok, 0, aad, nb, bodyStart);
    byte[] plain = s.plain(sealedLength - OVERHEAD);
    int plainLength = key.aead.open(aad, nb + bodyStart, sealed, 0, sealedLength, plain);
    if (plainLength == AesGcm.DESTROYED) {
      return Verification.UNKNOWN_KEY;
    }
    if (plainLength < 0) {
      return Verification.BAD_SIGNATURE;
    }
    // 6.
    long issuedAt = issuedAt(header);
    Verification late = policy.check(key, issuedAt);
    String value = late == null ? Utf8.decodeWtf8(plain, 0, plainLength) : null;
    Arrays.fill(plain, 0, plainLength, (byte) 0);
    if (late != null) {
      return late;
    }
    // 7.
    if (value == null) {
      return Verification.MALFORMED;
    }
    return Verification.valid(value, version, issuedAt, key != keys.primary);
  }
}
