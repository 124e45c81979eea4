package dev.hardtack;

import dev.hardtack.internal.AesGcm;
import dev.hardtack.internal.Hkdf;
import dev.hardtack.internal.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * One version of a {@link KeyRing}: the secret and the subkeys derived from it.
 *
 * <p>The secret itself is never a MAC or cipher key. Two subkeys are derived from it once, when the entry is
 * made, with HKDF-SHA256 (RFC 5869): {@code salt = "hardtack/v1"}, {@code info = purpose || version}, where
 * purpose is {@code "hardtack/v1 mac"} or {@code "hardtack/v1 aead"} and the version is 4 bytes big-endian.
 * The derivation depends on nothing but the secret and the version, so rings given the same secrets agree.
 *
 * <p>An entry is one key object: a {@link KeySnapshot} accepts a tag only when the very entry that computed it
 * is still in the current snapshot ({@link KeySnapshot#isLive}), never because some entry of the same version
 * is. The ring destroys an entry only after publishing a snapshot without it, and from then on its primitives
 * refuse to compute (see {@link HmacSha256} and {@link AesGcm}).
 */
final class KeyEntry implements Destroyable {
  static final byte[] SALT = "hardtack/v1".getBytes(StandardCharsets.US_ASCII);
  static final String MAC_PURPOSE = "hardtack/v1 mac";
  static final String AEAD_PURPOSE = "hardtack/v1 aead";

  final int version;
  final Instant createdAt;
  private final byte[] secret;
  final HmacSha256 mac;
  final AesGcm aead;
  /**
   * Epoch millis of the last valid cookie this key verified, 0 for never. Written at most about once a second
   * (compare before write), without locks: a lost race only loses a millisecond or two of precision.
   */
  volatile long lastUsedMillis;

  KeyEntry(int version, byte[] secret, Instant createdAt) {
    this.version = version;
    this.createdAt = createdAt;
    this.secret = secret.clone();
    byte[] macKey = derive(this.secret, MAC_PURPOSE, version);
    byte[] aeadKey = derive(this.secret, AEAD_PURPOSE, version);
    this.mac = new HmacSha256(macKey);
    this.aead = new AesGcm(aeadKey);
    Arrays.fill(macKey, (byte) 0);
    Arrays.fill(aeadKey, (byte) 0);
  }

  static byte[] derive(byte[] secret, String purpose, int version) {
    byte[] p = purpose.getBytes(StandardCharsets.US_ASCII);
    byte[] info = Arrays.copyOf(p, p.length + 4);
    info[p.length] = (byte) (version >>> 24);
    info[p.length + 1] = (byte) (version >>> 16);
    info[p.length + 2] = (byte) (version >>> 8);
    info[p.length + 3] = (byte) version;
    return Hkdf.deriveSha256(secret, SALT, info, 32);
  }

  /** Notes that the key verified a valid cookie at {@code now}: cheap enough for the verify hot path. */
  void touch(long now) {
    if (now - lastUsedMillis >= 1000) {
      lastUsedMillis = now;
    }
  }

  /** The raw secret, for code that must persist the ring. Callers must not leak or keep it. */
  byte[] secret() {
    return secret;
  }

  /**
   * Zeroes both subkeys' copies held here and the secret. The primitives go first: from the moment this starts,
   * they refuse to compute, so nothing is ever computed under a zeroed key. Idempotent.
   */
  @Override
  public void destroy() {
    mac.destroy();
    aead.destroy();
    Arrays.fill(secret, (byte) 0);
  }

  /** Whether {@link #destroy()} has begun: the MAC, destroyed first, refuses from then on. */
  @Override
  public boolean isDestroyed() {
    return mac.isDestroyed();
  }

  @Override
  public String toString() {
    return "KeyEntry[version=" + version + ", createdAt=" + createdAt + ", secret=<redacted>]";
  }
}
