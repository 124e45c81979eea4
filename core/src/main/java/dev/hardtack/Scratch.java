package dev.hardtack;

/**
 * The working buffers of one {@code e1} open ({@link EncryptedTokens}), made for that call: no per-thread state,
 * so a call on a fresh (virtual) thread costs what it costs on a warm one. Each buffer is allocated at the size
 * the call asks for, on first use. Nothing secret stays here after a call: plaintexts are zeroed. ({@code s1}
 * needs none: it works in the token's own bytes.)
 */
final class Scratch {
  private static final byte[] NONE = new byte[0];

  /** An encrypted token's associated data: the name binding, then the token's header as ASCII bytes. */
  byte[] buf = NONE;
  /** Decoded bytes: the sealed blob. */
  byte[] data = NONE;
  /** Plaintext of an encrypted token. */
  byte[] plain = NONE;

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
