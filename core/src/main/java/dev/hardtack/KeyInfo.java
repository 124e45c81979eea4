package dev.hardtack;

import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link KeyRing} tells about one of its keys: never the key itself.
 *
 * <pre>{@code
 * for (KeyInfo k : ring.keys()) {
 *   System.out.println(k); // KeyInfo[version=3, primary=true, createdAt=2026-11-29T09:00:00Z]
 * }
 * }</pre>
 *
 * <p>Security: a {@code KeyInfo} holds no key material, so it is safe to log, show in an admin page, or
 * compare.
 */
public final class KeyInfo {
  private final int version;
  private final boolean primary;
  private final Instant createdAt;

  KeyInfo(int version, boolean primary, Instant createdAt) {
    this.version = version;
    this.primary = primary;
    this.createdAt = createdAt;
  }

  /** The key's version: 1 for a ring's first key, one more for each key added after it. */
  public int version() {
    return version;
  }

  /** Whether this key signs (and encrypts) new cookies. Exactly one key in a ring is primary. */
  public boolean primary() {
    return primary;
  }

  /** When the key entered the ring. */
  public Instant createdAt() {
    return createdAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyInfo
        && ((KeyInfo) o).version == version
        && ((KeyInfo) o).primary == primary
        && ((KeyInfo) o).createdAt.equals(createdAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, primary, createdAt);
  }

  @Override
  public String toString() {
    return "KeyInfo[version=" + version + ", primary=" + primary + ", createdAt=" + createdAt + "]";
  }
}
