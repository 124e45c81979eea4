package dev.hardtack.demo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.hardtack.SessionIdGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-side sessions in memory, with an idle timeout, an absolute timeout and a bound on their number, kept in
 * two Caffeine caches.
 *
 * <pre>{@code
 * SessionStore store = new SessionStore(Clock.systemUTC(), Duration.ofMinutes(15), Duration.ofHours(8), 10_000);
 * SessionStore.Lookup found = store.find(sessionIdFromCookie);
 * SessionStore.Session s = found.session() != null ? found.session() : store.create();
 * }</pre>
 *
 * <p>Why two tiers: every cookie-less request creates a session, so a flood of anonymous requests is a flood of
 * new sessions. In one least-recently-used store, 10,000 anonymous requests logged a signed-in user out. Here a
 * new session waits in the <em>fresh</em> tier; it moves to the <em>kept</em> tier the first time it comes back
 * (and a login puts its session there at once). A request without a cookie only ever adds to the fresh tier,
 * so no number of them can push out a returning or signed-in session. Each tier is a Caffeine cache bounded to
 * {@code capacity} sessions, so memory stays bounded; within a tier Caffeine's W-TinyLFU admission prefers the
 * sessions that are used most. (Caffeine's admission alone was tried first: it starts counting uses only once
 * the cache is half full, and an entry it has not yet seen used is evicted as readily as a one-hit wonder, so a
 * flood still took returning visitors; see docs/BENCHMARKS.md.) What a flood can still do: push a brand-new
 * visitor's session out of the fresh tier before that visitor comes back. The stateless variant is immune.
 *
 * <p>The store decides itself whether a session has ended (it knows why: idle or absolute); Caffeine drops ended
 * sessions one idle timeout later, so that a late visitor is told why the session ended, not that it is unknown.
 *
 * <p>Security: ids come from {@link SessionIdGenerator}; {@link #renew} gives a session a new id and forgets the
 * old one (no session fixation); {@link Session#toString()} never shows the id, which is a bearer credential.
 */
final class SessionStore {
  /** Why {@link #find} found no session. */
  enum Status {
    FOUND,
    /** No session has this id: never issued, logged out, renewed, evicted, or the server restarted. */
    UNKNOWN_SESSION,
    /** The session was unused for longer than the idle timeout. */
    IDLE_TIMEOUT,
    /** The session began longer ago than the absolute timeout. */
    ABSOLUTE_TIMEOUT
  }

  /** What {@link #find} concluded: a status, and the session when {@link Status#FOUND}. */
  record Lookup(Status status, Session session) {}

  /** One visitor's state. Mutable fields are guarded by the session itself; read them through {@link #visit}. */
  static final class Session {
    private final String id;
    private final Instant createdAt;
    private Instant lastSeen; // guarded by this
    private int visits; // guarded by this
    private String user; // guarded by this

    private Session(String id, Instant createdAt) {
      this.id = id;
      this.createdAt = createdAt;
      this.lastSeen = createdAt;
    }

    /** The session id: put it in the signed cookie, never in a log. */
    String id() {
      return id;
    }

    Instant createdAt() {
      return createdAt;
    }

    synchronized Instant lastSeen() {
      return lastSeen;
    }

    @Override
    public String toString() {
      return "Session[createdAt=" + createdAt + "]";
    }
  }

  /** A consistent copy of a session's fields. */
  record View(int visits, String user, Instant createdAt, Instant lastSeen) {}

  private final Clock clock;
  private final Duration idle;
  private final Duration absolute;
  private final SessionIdGenerator ids = SessionIdGenerator.create();
  private final AtomicLong evicted = new AtomicLong();
  /** Sessions that have not come back yet: what anonymous requests fill. */
  private final Cache<String, Session> fresh;
  /** Sessions that came back at least once, or signed in: anonymous requests never add to these. */
  private final Cache<String, Session> kept;

  /**
   * @throws IllegalArgumentException when a timeout is not positive or the capacity is below 1
   */
  SessionStore(Clock clock, Duration idle, Duration absolute, int capacity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.idle = Objects.requireNonNull(idle, "idle");
    this.absolute = Objects.requireNonNull(absolute, "absolute");
    if (idle.isNegative() || idle.isZero() || absolute.isNegative() || absolute.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }
    this.fresh = tier(capacity);
    this.kept = tier(capacity);
  }

  private Cache<String, Session> tier(int capacity) {
    return Caffeine.newBuilder()
        .maximumSize(capacity)
        .expireAfter(new Expiry<String, Session>() {
          @Override
          public long expireAfterCreate(String id, Session s, long now) {
            return keepFor(s, s.createdAt);
          }

          @Override
          public long expireAfterUpdate(String id, Session s, long now, long current) {
            return keepFor(s, clock.instant());
          }

          @Override
          public long expireAfterRead(String id, Session s, long now, long current) {
            return keepFor(s, clock.instant()); // a read is a visit: the idle clock restarts
          }
        })
        // Caffeine's clock is the store's, so that tests can move time; maintenance runs on the calling thread,
        // so the bound holds when a call returns (no background thread to fall behind under a flood).
        .ticker(() -> {
          Instant t = clock.instant();
          return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        })
        .executor(Runnable::run)
        .evictionListener((String id, Session s, RemovalCause cause) -> {
          if (cause == RemovalCause.SIZE) {
            evicted.incrementAndGet();
          }
        })
        .build();
  }

  /** How long Caffeine keeps {@code s}, used at {@code at}: until it ends, plus one idle timeout (see above). */
  private long keepFor(Session s, Instant at) {
    Instant end = s.createdAt.plus(absolute);
    Instant idleEnd = at.plus(idle);
    Duration left = Duration.between(at, idleEnd.isBefore(end) ? idleEnd : end);
    return Math.max(0, left.plus(idle).toNanos());
  }

  /**
   * The live session of that id, marked as used now (and kept from now on: it came back); or why there is none
   * (an ended one is dropped).
   */
  Lookup find(String id) {
    Session s = kept.getIfPresent(id);
    if (s == null) {
      s = fresh.getIfPresent(id);
      if (s == null) {
        return new Lookup(Status.UNKNOWN_SESSION, null);
      }
      fresh.asMap().remove(id, s);
      kept.put(id, s); // its first return: from now on, anonymous requests cannot push it out
    }
    Instant now = clock.instant();
    Status ended;
    synchronized (s) {
      ended = expiry(s, now);
      if (ended == null) {
        s.lastSeen = now;
        return new Lookup(Status.FOUND, s);
      }
    }
    kept.asMap().remove(id, s);
    return new Lookup(ended, null);
  }

  /** A new, empty session, in the fresh tier; when that is full, Caffeine decides which fresh session stays. */
  Session create() {
    Session s = new Session(ids.next(), clock.instant()); // 192 random bits: ids do not collide
    fresh.put(s.id, s);
    return s;
  }

  /**
   * A new session that takes over {@code old}'s visits, with {@code user} signed in: the old id stops working at
   * once. Call it whenever the privilege changes (login), so that an id planted before cannot ride along. The new
   * session is kept at once: a signed-in user is not a one-time visitor.
   */
  Session renew(Session old, String user) {
    Session renewed = new Session(ids.next(), clock.instant());
    if (old != null) {
      remove(old.id);
      synchronized (old) {
        renewed.visits = old.visits;
      }
    }
    renewed.user = user;
    kept.put(renewed.id, renewed);
    return renewed;
  }

  /** Counts a visit and returns the session's state after it. */
  View visit(Session s) {
    synchronized (s) {
      s.visits = s.visits == Integer.MAX_VALUE ? s.visits : s.visits + 1;
      return new View(s.visits, s.user, s.createdAt, s.lastSeen);
    }
  }

  /** Ends the session of that id, if any. */
  void remove(String id) {
    fresh.invalidate(id);
    kept.invalidate(id);
  }

  /** Sessions held: live ones, and ended ones not yet dropped (see above). */
  long size() {
    fresh.cleanUp();
    kept.cleanUp();
    return fresh.estimatedSize() + kept.estimatedSize();
  }

  /** Sessions pushed out to keep a tier within its capacity. */
  long evicted() {
    return evicted.get();
  }

  /** When {@code s} ends at the latest if it is used again now: its absolute deadline. */
  Instant absoluteDeadline(Session s) {
    return s.createdAt.plus(absolute);
  }

  private Status expiry(Session s, Instant now) {
    if (!now.isBefore(s.createdAt.plus(absolute))) {
      return Status.ABSOLUTE_TIMEOUT;
    }
    if (!now.isBefore(s.lastSeen.plus(idle))) {
      return Status.IDLE_TIMEOUT;
    }
    return null;
  }
}
