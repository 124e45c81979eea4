package dev.hardtack;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link KeyRing} tells about one of its keys: never the key itself.
 *
 * <pre>{@code
 * for (KeyInfo k : ring.keys()) {
 *   System.out.println(k);
 *   // KeyInfo[version=2, state=RETIRED, createdAt=2026-10-01T09:00:00Z, verifyUntil=2026-12-31T00:00:00Z,
 *   //         lastUsed=2026-11-29T08:59:12Z]
 * }
 * }</pre>
 *
 * <p>Security: a {@code KeyInfo} holds no key material, so it is safe to log, show in an admin page, or
 * compare.
 */
public final class KeyInfo {
  private final int version;
  private final KeyState state;
  private final Instant createdAt;
  private final Instant verifyUntil;
  private final Instant lastUsed;

  KeyInfo(int version, KeyState state, Instant createdAt, Instant verifyUntil, Instant lastUsed) {
    this.version = version;
    this.state = state;
    this.createdAt = createdAt;
    this.verifyUntil = verifyUntil;
    this.lastUsed = lastUsed;
  }

  /**
   * The key's version: 1 for a ring's first key, one more for each key added after it.
   *
   * @return the version, from 1
   */
  public int version() {
    return version;
  }

  /**
   * Whether this key signs (and encrypts) new cookies. Exactly one key in a ring is primary. The same as {@code
   * state() == KeyState.PRIMARY}: kept beside {@link #state()} because it is the question most callers ask, and
   * because it was in the API before key states were.
   *
   * @return {@code true} for the primary key
   */
  public boolean primary() {
    return state == KeyState.PRIMARY;
  }

  /**
   * Staged, primary or retired.
   *
   * @return the key's state
   */
  public KeyState state() {
    return state;
  }

  /**
   * When the key entered the ring.
   *
   * @return the instant, by the ring's clock
   */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * The retirement deadline: the key verifies cookies before this instant and is dropped from the ring at it.
   * Empty unless the key is {@link KeyState#RETIRED} with a deadline; a retired key without one verifies until
   * it is revoked.
   *
   * @return the deadline, or empty
   */
  public Optional<Instant> verifyUntil() {
    return Optional.ofNullable(verifyUntil);
  }

  /**
   * About when the key last verified a valid cookie (to within a second or so), by the clock of the codec that
   * verified it; empty if it never has. Counts this process's verifications, plus what the keyring file it was
   * loaded from recorded. In a fleet each server knows only its own: collect it from every server before
   * concluding that nothing uses a key any more.
   *
   * @return the last use, or empty
   */
  public Optional<Instant> lastUsed() {
    return Optional.ofNullable(lastUsed);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyInfo k
        && k.version == version
        && k.state == state
        && k.createdAt.equals(createdAt)
        && Objects.equals(k.verifyUntil, verifyUntil)
        && Objects.equals(k.lastUsed, lastUsed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, state, createdAt, verifyUntil, lastUsed);
  }

  @Override
  public String toString() {
    return "KeyInfo[version=" + version + ", state=" + state + ", createdAt=" + createdAt
        + (verifyUntil == null ? "" : ", verifyUntil=" + verifyUntil)
        + (lastUsed == null ? "" : ", lastUsed=" + lastUsed) + "]";
  }
}
