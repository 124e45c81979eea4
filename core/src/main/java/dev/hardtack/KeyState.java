package dev.hardtack;

/**
 * Where a key stands in its life in a {@link KeyRing}: staged, then primary, then retired, then gone.
 *
 * <pre>{@code
 * int v = ring.add(secret);                                  // STAGED: verifies, never signed yet
 * ring.promote(v);                                           // PRIMARY; the former primary is RETIRED
 * ring.retire(v - 1, Instant.now().plus(Duration.ofDays(30))); // RETIRED, verifies until that instant
 * }</pre>
 *
 * <p>Security: every state but a deadline-passed {@link #RETIRED} verifies cookies; only {@link #PRIMARY} signs.
 * A key leaves the ring when it is revoked (at once) or when its retirement deadline passes.
 */
public enum KeyState {
  /** Added, verifies cookies, has not signed yet. Stage a key on every server before promoting it anywhere. */
  STAGED,
  /** Signs (and encrypts) every new cookie, and verifies. Exactly one key of a ring is primary. */
  PRIMARY,
  /**
   * No longer signs; verifies until its deadline ({@link KeyInfo#verifyUntil()}), if it has one, and is then
   * dropped. A former primary is retired without a deadline until {@link KeyRing#retire} gives it one.
   */
  RETIRED
}
