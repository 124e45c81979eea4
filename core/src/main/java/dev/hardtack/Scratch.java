package dev.hardtack;

import dev.hardtack.internal.HmacSha256;

/**
 * Per-thread working buffers for the token formats, so that verifying a cookie allocates only its result.
 * Nothing secret stays here after a call: tags are public once the check is done, and plaintexts are zeroed.
 */
final class Scratch {
  private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);

  /** MAC input or AEAD associated data: name binding, then the token's ASCII bytes. */
  byte[] buf = new byte[256];
  /** Decoded bytes: an encrypted blob, or a signed token's base64 payload. */
  byte[] data = new byte[256];
  /** Plaintext of an encrypted token. */
  byte[] plain = new byte[256];
  final byte[] tag = new byte[HmacSha256.TAG_LENGTH];
  final byte[] expected = new byte[HmacSha256.TAG_LENGTH];

  /** Results of {@link TokenFormat#parseHeader}. */
  int version;
  long issuedAt;

  static Scratch get() {
    return CURRENT.get();
  }

  byte[] buf(int n) {
    if (buf.length < n) {
      buf = new byte[Math.max(n, buf.length * 2)];
    }
    return buf;
  }

  byte[] data(int n) {
    if (data.length < n) {
      data = new byte[Math.max(n, data.length * 2)];
    }
    return data;
  }

  byte[] plain(int n) {
    if (plain.length < n) {
      plain = new byte[Math.max(n, plain.length * 2)];
    }
    return plain;
  }
}
