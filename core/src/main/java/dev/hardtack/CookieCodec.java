package dev.hardtack;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Signs (or encrypts) cookie values and verifies them, with the keys of a {@link KeyRing}.
 *
 * <pre>{@code
 * KeyRing ring = KeyRing.of(secret);
 * CookieCodec codec = CookieCodec.builder(ring)
 *     .cookieName("__Host-sid")
 *     .maxAge(Duration.ofHours(8))
 *     .build();
 *
 * String cookie = codec.sign(sessionId);            // s1.1.1764406800.<id>.<tag>
 * Verification r = codec.verify(cookie);            // never throws
 * if (r.isValid()) { use(r.value()); }
 * }</pre>
 *
 * <p>{@link #sign(String)} throws on a programmer's mistake (a null value, a cookie too large to store);
 * {@link #verify(String)} never throws, whatever the input, and reports a {@link Verification.Status} instead.
 * Token layouts are specified byte by byte in docs/FORMAT.md.
 *
 * <p>Immutable and thread-safe. The codec reads the ring's current keys on every call, so rotations take effect
 * at once without a new codec.
 *
 * <h2>Security</h2>
 * HMAC-SHA256 with a 256-bit tag (or AES-256-GCM when {@linkplain Builder#encrypted() encrypted}) under a
 * subkey derived for that purpose from the ring's secret. The MAC (or the AEAD's associated data) covers the
 * format marker, the cookie name, the key version and the issued-at time, so a cookie replayed under another
 * name, another key version or another time fails. Tags are compared in constant time. A signed cookie's value
 * is readable by the client: use {@link Builder#encrypted()} to hide it. Replay of a stolen cookie within its
 * lifetime is not prevented: keep {@link Builder#maxAge(Duration)} short and the cookie {@code HttpOnly}.
 */
public final class CookieCodec {
  /** The default clock-skew allowance for cookies issued "in the future" by a server whose clock runs ahead. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  /**
   * The longest {@code maxAge} accepted: 400 days, the cap that browsers put on a cookie's lifetime; the same
   * value as {@link SetCookie#MAX_MAX_AGE}.
   */
  public static final Duration MAX_MAX_AGE = SetCookie.MAX_MAX_AGE;
  /** More cookies of one name than this in one request are {@link Verification.Status#AMBIGUOUS}. */
  static final int MAX_CANDIDATES = 8;

  private final KeyRing ring;
  private final String cookieName;
  private final byte[] nameBinding;
  private final long maxAgeMillis;
  private final long skewMillis;
  private final Clock clock;
  private final TokenFormat format;
  private final int maxTokenLength;
  private final TokenFormat.TimePolicy timePolicy = this::checkTime;

  private CookieCodec(Builder b) {
    this.ring = b.ring;
    this.cookieName = b.cookieName;
    this.nameBinding = nameBinding(b.cookieName);
    this.maxAgeMillis = b.maxAge == null ? 0 : b.maxAge.toMillis();
    this.skewMillis = b.clockSkew.toMillis();
    this.clock = b.clock;
    this.format = b.encrypted ? new EncryptedTokens() : new SignedTokens();
    this.maxTokenLength = TokenFormat.MAX_COOKIE_LENGTH - cookieName.length() - 1;
  }

  /**
   * Starts a codec over {@code ring}.
   *
   * @param ring the keys that sign and verify; the codec follows its rotations
   * @return a builder; only {@link Builder#cookieName(String)} is required, and {@link Builder#build()} checks it
   * @throws NullPointerException when {@code ring} is null
   * @see #builder(KeyRing, String)
   */
  public static Builder builder(KeyRing ring) {
    return new Builder(Objects.requireNonNull(ring, "ring"));
  }

  /**
   * Starts a codec over {@code ring} for cookies named {@code cookieName}, checking the name at once: the same as
   * {@code builder(ring).cookieName(cookieName)}, except that a bad name is reported here rather than by {@link
   * Builder#build()}, and the one required option cannot be forgotten.
   *
   * <pre>{@code
   * CookieCodec codec = CookieCodec.builder(ring, "__Host-sid").maxAge(Duration.ofHours(8)).build();
   * }</pre>
   *
   * @param ring the keys that sign and verify; the codec follows its rotations
   * @param cookieName the cookie's name, bound into every tag: an RFC 7230 token of 1 to 1024 characters
   * @return a builder with the name set; every other option is optional
   * @throws NullPointerException when {@code ring} or {@code cookieName} is null
   * @throws IllegalArgumentException when {@code cookieName} is not a token of 1 to 1024 characters
   * @see #builder(KeyRing)
   */
  public static Builder builder(KeyRing ring, String cookieName) {
    return builder(ring).cookieName(requireCookieName(cookieName));
  }

  /** The one check of a cookie name, shared by {@link #builder(KeyRing, String)} and {@link Builder#build()}. */
  static String requireCookieName(String cookieName) {
    Objects.requireNonNull(cookieName, "cookieName is required");
    if (!SetCookie.isToken(cookieName) || cookieName.length() > 1024) {
      throw new IllegalArgumentException("the cookie name must be an RFC 7230 token of 1..1024 characters");
    }
    return cookieName;
  }

  /**
   * Signs (or encrypts) {@code value} with the ring's primary key, stamped with the clock's current second.
   *
   * <p>On an {@linkplain Builder#encrypted() encrypted} codec "sign" encrypts and authenticates: the public verbs
   * are {@code sign} and {@code verify} for both kinds, so that switching a codec to encryption changes no call
   * site. (Inside the library, and in docs/FORMAT.md, the format-level steps are called seal and open.)
   *
   * @param value any Java string, including the empty string and strings with unpaired surrogates
   * @return a cookie value made of RFC 6265 cookie-octets only ({@code A-Z a-z 0-9 - _ . *})
   * @throws NullPointerException when {@code value} is null
   * @throws IllegalArgumentException when {@code name=cookie} would be longer than 4096 characters, which
   *     browsers may silently drop
   * @throws IllegalStateException when the clock is before 1970 or after 9999
   * @see #verify(String)
   */
  public String sign(String value) {
    Objects.requireNonNull(value, "value");
    long now;
    try {
      now = Math.floorDiv(clock.millis(), 1000L); // the epoch second, without allocating an Instant
    } catch (ArithmeticException e) {
      now = -1; // a clock beyond the range of epoch milliseconds
    }
    if (now < 0 || now > TokenFormat.MAX_ISSUED_AT) {
      throw new IllegalStateException("the clock reads " + clock.instant() + ", outside 1970..9999");
    }
    return sealWithPrimary(ring.snapshot(), value, now);
  }

  /**
   * Seals with {@code snapshot}'s primary key, or with a later snapshot's when that key has been destroyed since
   * {@code snapshot} was read (another thread rotated and revoked, or a reload replaced it, in between), in both
   * formats: a destroyed key refuses to compute rather than use its zeroed bytes, and a current snapshot's
   * primary is never destroyed (the ring destroys a key only after publishing a snapshot without it).
   */
  String sealWithPrimary(KeySnapshot snapshot, String value, long now) {
    KeySnapshot s = snapshot;
    while (true) {
      String token = format.seal(s.primary, nameBinding, now, value, maxTokenLength);
      if (token != null) {
        return token;
      }
      KeySnapshot current = ring.snapshot();
      if (current == s) {
        throw new IllegalStateException("the ring's current primary key has been destroyed");
      }
      s = current;
    }
  }

  /**
   * Verifies a cookie value made by {@link #sign(String)} with a codec of the same name, kind and ring.
   *
   * <p>Never throws: {@code null}, the empty string, over-long input and junk of every kind are {@link
   * Verification.Status#MALFORMED}, and every other rejection has its own status. Allocates nothing but the
   * result (and, for a valid cookie, its value) in the common case.
   *
   * @param cookie the cookie's value, as the client sent it; not URL-decoded, not trimmed
   * @return the result: {@link Verification#isValid()} and the value, or the reason for the rejection
   * @see #verifyHeader(CookieHeader)
   */
  public Verification verify(String cookie) {
    return verifyWith(ring.snapshot(), cookie);
  }

  /** {@link #verify(String)} against {@code keys}, as read from the ring by a caller some time ago; for tests. */
  Verification verifyWith(KeySnapshot keys, String cookie) {
    if (cookie != null && cookie.length() > maxTokenLength) {
      // Longer than sign() ever makes for this name: refuse before any decoding or MAC.
      return Verification.MALFORMED;
    }
    try {
      return format.open(keys, nameBinding, cookie, timePolicy);
    } catch (RuntimeException e) {
      // Unreachable by design (the fuzz tests look for it); a broken JCA provider is the one known way here.
      return Verification.MALFORMED;
    }
  }

  /**
   * Finds this codec's cookie in a request's {@code Cookie} header(s) and verifies it, resisting cookie tossing.
   *
   * <p>A sibling subdomain, or a plain-HTTP page, can plant a second cookie of the same name that the browser
   * then sends alongside (often before) the real one. So, rather than trusting the first: with no cookie of this
   * name the result is {@link Verification.Status#MISSING}; otherwise each one (at most 8) is verified, and the
   * result is the valid one when all valid ones carry the same value, {@link Verification.Status#AMBIGUOUS} when
   * valid ones disagree or there are more than 8, and the first one's rejection when none is valid. When the
   * header was {@linkplain CookieHeader#isTruncated() truncated} by a limit, a duplicate may have been dropped
   * (an attacker can pad the header to push the genuine cookie out), so any cookie of this name there is {@link
   * Verification.Status#AMBIGUOUS}. Never throws.
   *
   * @param header the request's parsed {@code Cookie} header(s); {@code null} counts as no cookie
   * @return the result, as for {@link #verify(String)}
   * @see #verify(String)
   */
  public Verification verifyHeader(CookieHeader header) {
    if (header == null) {
      return Verification.MISSING;
    }
    List<String> candidates = header.values(cookieName);
    if (candidates.isEmpty()) {
      return Verification.MISSING;
    }
    if (header.isTruncated()) {
      // A limit dropped part of the request: a second cookie of this name may be among it.
      return Verification.AMBIGUOUS;
    }
    if (candidates.size() == 1) {
      return verify(candidates.get(0));
    }
    if (candidates.size() > MAX_CANDIDATES) {
      return Verification.AMBIGUOUS;
    }
    Verification chosen = null;
    Verification firstRejection = null;
    for (String candidate : candidates) {
      Verification r = verify(candidate);
      if (r.isValid()) {
        if (chosen == null) {
          chosen = r;
        } else if (!chosen.value().equals(r.value())) {
          return Verification.AMBIGUOUS;
        }
      } else if (firstRejection == null) {
        firstRejection = r;
      }
    }
    return chosen != null ? chosen : firstRejection;
  }

  /**
   * The cookie name bound into every tag.
   *
   * @return the name given to {@link Builder#cookieName(String)}
   */
  public String cookieName() {
    return cookieName;
  }

  /**
   * Whether this codec encrypts values (format {@code e1}) rather than only signing them ({@code s1}).
   *
   * @return {@code true} when built with {@link Builder#encrypted()}
   */
  public boolean isEncrypted() {
    return format instanceof EncryptedTokens;
  }

  /**
   * The verdict on a token whose tag {@code key} computed and matched. First whether that key object is still
   * live (revoked, reloaded away or retired past its deadline since the format looked it up: UNKNOWN_KEY), so
   * that EXPIRED and NOT_YET_VALID, which say the cookie is authentic, are only ever reported for a live key's
   * tag; then the time; then the key's last use is noted.
   */
  private Verification checkTime(KeyEntry key, long issuedAt) {
    long now = clock.millis();
    if (!ring.isLive(key, now)) {
      return Verification.UNKNOWN_KEY;
    }
    long issuedMillis = issuedAt * 1000;
    if (issuedMillis - skewMillis > now) {
      return Verification.authenticButRejected(Verification.Status.NOT_YET_VALID, key.version, issuedAt);
    }
    if (maxAgeMillis > 0 && now - issuedMillis >= maxAgeMillis) {
      return Verification.authenticButRejected(Verification.Status.EXPIRED, key.version, issuedAt);
    }
    key.touch(now);
    return null;
  }

  /** The bytes that bind the cookie name into the MAC: its length as 2 bytes big-endian, then its ASCII. */
  static byte[] nameBinding(String name) {
    byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[2 + ascii.length];
    out[0] = (byte) (ascii.length >>> 8);
    out[1] = (byte) ascii.length;
    System.arraycopy(ascii, 0, out, 2, ascii.length);
    return out;
  }

  @Override
  public String toString() {
    return "CookieCodec[name=" + cookieName + ", " + (isEncrypted() ? "encrypted" : "signed")
        + (maxAgeMillis > 0 ? ", maxAge=" + Duration.ofMillis(maxAgeMillis) : "") + ", ring=" + ring + "]";
  }

  /**
   * Configures a {@link CookieCodec}. Only {@link #cookieName(String)} is required; each option's default is
   * stated on its setter.
   *
   * <pre>{@code
   * CookieCodec prefs = CookieCodec.builder(ring)
   *     .cookieName("prefs")
   *     .encrypted()                      // the client cannot read the value
   *     .maxAge(Duration.ofDays(30))
   *     .build();
   * }</pre>
   *
   * <p>Security: mistakes are reported by {@link #build()} (or by the setter) with an exception, never later on
   * a request.
   */
  public static final class Builder {
    private final KeyRing ring;
    private String cookieName;
    private Duration maxAge;
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private Clock clock = Clock.systemUTC();
    private boolean encrypted;

    private Builder(KeyRing ring) {
      this.ring = ring;
    }

    /**
     * The cookie's name, bound into every tag so that a cookie cannot be replayed under another name. Required;
     * there is no default.
     *
     * @param name an RFC 7230 token (letters, digits and {@code !#$%&'*+-.^_`|~}), 1 to 1024 characters;
     *     checked by {@link #build()}; {@link CookieCodec#builder(KeyRing, String)} checks it at once instead
     * @return this builder
     */
    public Builder cookieName(String name) {
      this.cookieName = name;
      return this;
    }

    /**
     * How long a cookie stays valid after it was signed; older ones verify as {@link
     * Verification.Status#EXPIRED}. Default: no limit (the ring's revocations still apply). At most 400 days.
     * The issued-at time is kept to the second, so a cookie may expire up to a second early.
     *
     * @param maxAge from 1 second to 400 days; checked by {@link #build()}
     * @return this builder
     * @throws NullPointerException when {@code maxAge} is null
     */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
      return this;
    }

    /**
     * How far in the future a cookie's issued-at may lie, for servers whose clocks disagree. Beyond it a cookie
     * is {@link Verification.Status#NOT_YET_VALID}. Default: 60 seconds ({@link #DEFAULT_CLOCK_SKEW}).
     *
     * @param skew from zero to one hour; checked by {@link #build()}
     * @return this builder
     * @throws NullPointerException when {@code skew} is null
     */
    public Builder clockSkew(Duration skew) {
      this.clockSkew = Objects.requireNonNull(skew, "skew");
      return this;
    }

    /**
     * The clock for issued-at stamps and expiry. Default: {@link Clock#systemUTC()}.
     *
     * @param clock a clock; tests pass a fixed one
     * @return this builder
     * @throws NullPointerException when {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Encrypts values with AES-256-GCM as well as authenticating them, so the client cannot read them. Default:
     * signed only. Encrypted and signed codecs never accept each other's cookies.
     *
     * @return this builder
     */
    public Builder encrypted() {
      this.encrypted = true;
      return this;
    }

    /**
     * Checks the options and builds the codec: every mistake is reported here, never on a request.
     *
     * @return an immutable, thread-safe codec
     * @throws NullPointerException when no cookie name was given
     * @throws IllegalArgumentException when the name is not a token, or a duration is out of range
     */
    public CookieCodec build() {
      requireCookieName(cookieName);
      if (maxAge != null && (maxAge.compareTo(Duration.ofSeconds(1)) < 0 || maxAge.compareTo(MAX_MAX_AGE) > 0)) {
        throw new IllegalArgumentException("maxAge must be 1 second to " + MAX_MAX_AGE.toDays() + " days, not " + maxAge);
      }
      if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("clockSkew must be 0 to 1 hour, not " + clockSkew);
      }
      return new CookieCodec(this);
    }
  }
}
