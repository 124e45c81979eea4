package dev.hardtack;

import java.time.Instant;

/**
 * The result of {@link CookieCodec#verify(String)}: a status, and for a valid cookie its value.
 *
 * <pre>{@code
 * Verification r = codec.verify(cookieValue);
 * if (r.isValid()) {
 *   String sessionId = r.value();
 *   if (r.needsResign()) { // signed by an older key: re-issue it, so the client moves to the primary key
 *     response.addHeader("Set-Cookie",
 *         SetCookie.builder(codec.cookieName(), codec.sign(sessionId)).build().headerValue());
 *   }
 * } else {
 *   log.info("session cookie rejected: {}", r.status()); // the status only, never the cookie
 * }
 * }</pre>
 *
 * <p>Security: {@link #toString()} shows the status and key version only, never the value: a session id is a
 * bearer credential.
 */
public final class Verification {

  /**
   * What {@link CookieCodec#verify(String)} concluded, grouped by what the caller should do.
   *
   * <pre>{@code
   * switch (codec.verify(cookieValue).status()) {
   *   case VALID -> proceed();
   *   case UNKNOWN_KEY -> metrics.increment("cookie.unknown_key"); // frequent? a server lacks a key
   *   default -> startNewSession();
   * }
   * }</pre>
   *
   * <ul>
   *   <li>Accept: {@link #VALID}.
   *   <li>Treat as absent and start afresh (a client's stale or damaged cookie, or an attack; log the status):
   *       {@link #MALFORMED}, {@link #BAD_SIGNATURE}, {@link #EXPIRED}, {@link #NOT_YET_VALID}, {@link
   *       #MISSING}, {@link #AMBIGUOUS}.
   *   <li>Treat as absent, and check the deployment if it is frequent: {@link #UNKNOWN_KEY} (a key revoked,
   *       or a server that has not been given a newer key yet).
   * </ul>
   *
   * <p>Security: only {@link #VALID}, {@link #EXPIRED} and {@link #NOT_YET_VALID} are reported for authentic
   * cookies; every other rejection is decided before anything in the cookie is trusted. New constants may be
   * added in a minor release, so a {@code switch} over this enum needs a {@code default}.
   */
  public enum Status {
    /** Authentic, in date, and signed by a key in the ring. */
    VALID,
    /** Not a well-formed token of this codec's kind: null, empty, too long, wrong format, bad encoding. */
    MALFORMED,
    /** Well formed, but the tag does not match (tampered, another cookie name, or another ring's key). */
    BAD_SIGNATURE,
    /**
     * Well formed, but signed by a key version the ring does not hold (revoked, retired past its deadline, or not
     * yet known here).
     */
    UNKNOWN_KEY,
    /** Authentic, but older than the codec's {@code maxAge}. */
    EXPIRED,
    /** Authentic, but issued further in the future than the codec's clock-skew allowance. */
    NOT_YET_VALID,
    /** {@link CookieCodec#verifyHeader}: the request carries no cookie of the codec's name. */
    MISSING,
    /**
     * {@link CookieCodec#verifyHeader}: several cookies of the codec's name verified with different values (cookie
     * tossing), or there were too many to check, or the header was cut off by a limit (a duplicate may have been
     * dropped). None is trusted.
     */
    AMBIGUOUS
  }

  static final Verification MALFORMED = new Verification(Status.MALFORMED, null, 0, 0, false);
  static final Verification BAD_SIGNATURE = new Verification(Status.BAD_SIGNATURE, null, 0, 0, false);
  static final Verification UNKNOWN_KEY = new Verification(Status.UNKNOWN_KEY, null, 0, 0, false);
  static final Verification MISSING = new Verification(Status.MISSING, null, 0, 0, false);
  static final Verification AMBIGUOUS = new Verification(Status.AMBIGUOUS, null, 0, 0, false);

  private final Status status;
  private final String value;
  private final int keyVersion;
  private final long issuedAtSeconds;
  private final boolean needsResign;

  private Verification(Status status, String value, int keyVersion, long issuedAtSeconds, boolean needsResign) {
    this.status = status;
    this.value = value;
    this.keyVersion = keyVersion;
    this.issuedAtSeconds = issuedAtSeconds;
    this.needsResign = needsResign;
  }

  static Verification valid(String value, int keyVersion, long issuedAtSeconds, boolean needsResign) {
    return new Verification(Status.VALID, value, keyVersion, issuedAtSeconds, needsResign);
  }

  /** An authentic cookie that fails a time check: {@link Status#EXPIRED} or {@link Status#NOT_YET_VALID}. */
  static Verification authenticButRejected(Status status, int keyVersion, long issuedAtSeconds) {
    return new Verification(status, null, keyVersion, issuedAtSeconds, false);
  }

  /**
   * What the codec concluded.
   *
   * @return the status; {@link Status#VALID} for an accepted cookie
   */
  public Status status() {
    return status;
  }

  /**
   * Whether the cookie was accepted.
   *
   * @return {@code status() == VALID}
   */
  public boolean isValid() {
    return status == Status.VALID;
  }

  /**
   * The value that was signed.
   *
   * @return the value given to {@link CookieCodec#sign(String)}
   * @throws IllegalStateException when the cookie is not {@linkplain #isValid() valid}
   */
  public String value() {
    if (status != Status.VALID) {
      throw new IllegalStateException("no value: the cookie is " + status);
    }
    return value;
  }

  /**
   * The version of the key that signed the cookie.
   *
   * @return the key version, from 1
   * @throws IllegalStateException unless the cookie was authentic: {@link Status#VALID}, {@link Status#EXPIRED}
   *     or {@link Status#NOT_YET_VALID}
   */
  public int keyVersion() {
    requireAuthentic();
    return keyVersion;
  }

  /**
   * When the cookie was signed, to the second.
   *
   * @return the issued-at time
   * @throws IllegalStateException unless the cookie was authentic: {@link Status#VALID}, {@link Status#EXPIRED}
   *     or {@link Status#NOT_YET_VALID}
   */
  public Instant issuedAt() {
    requireAuthentic();
    return Instant.ofEpochSecond(issuedAtSeconds);
  }

  /**
   * Whether the cookie is valid but was not signed by the ring's current primary key: re-issue it (sign the
   * {@link #value()} again) so that the client moves to the new key before the old one is revoked. This is
   * what lets a rotation log nobody out.
   *
   * @return {@code true} for a valid cookie signed by a key that is no longer primary; {@code false} for every
   *     other result
   */
  public boolean needsResign() {
    return needsResign;
  }

  private void requireAuthentic() {
    if (keyVersion == 0) {
      throw new IllegalStateException("the cookie is " + status + ": nothing in it can be trusted");
    }
  }

  @Override
  public String toString() {
    return keyVersion == 0
        ? "Verification[" + status + "]"
        : "Verification[" + status + ", keyVersion=" + keyVersion + ", issuedAt=" + issuedAt()
            + (needsResign ? ", needsResign" : "") + "]";
  }
}
