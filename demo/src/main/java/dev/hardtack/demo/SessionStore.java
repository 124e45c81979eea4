package dev.hardtack.demo;

import dev.hardtack.SessionIdGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Server-side sessions in memory, with an idle timeout, an absolute timeout and a bound on their number.
 *
 * <pre>{@code
 * SessionStore store = new SessionStore(Clock.systemUTC(), Duration.ofMinutes(15), Duration.ofHours(8), 10_000);
 * SessionStore.Lookup found = store.find(sessionIdFromCookie);
 * SessionStore.Session s = found.session() != null ? found.session() : store.create();
 * }</pre>
 *
 * <p>The sessions sit in one map in least-recently-used order, behind one lock: a demo favours plain code over
 * throughput. Because the order is the order of last use, the sessions that idled out are always at the head,
 * so each call drops them in time proportional to their number; when the store is full, the least recently used
 * session makes room for the new one (a flood of new sessions pushes out idle ones, never memory).
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

  /** One visitor's state. Fields are guarded by the store's lock; read them through {@link #snapshot}. */
  static final class Session {
    private final String id;
    private final Instant createdAt;
    private Instant lastSeen;
    private int visits;
    private String user;

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

    @Override
    public String toString() {
      return "Session[createdAt=" + createdAt + "]";
    }
  }

  /** A consistent copy of a session's fields, taken under the lock. */
  record View(int visits, String user, Instant createdAt, Instant lastSeen) {}

  private final Clock clock;
  private final Duration idle;
  private final Duration absolute;
  private final int capacity;
  private final SessionIdGenerator ids = SessionIdGenerator.create();
  private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);
  private long evicted; // guarded by this

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
    this.capacity = capacity;
  }

  /** The live session of that id, marked as used now; or why there is none (an expired one is dropped). */
  synchronized Lookup find(String id) {
    Instant now = clock.instant();
    Session s = sessions.get(id); // moves it to the tail, where its new lastSeen belongs
    Lookup result;
    if (s == null) {
      result = new Lookup(Status.UNKNOWN_SESSION, null);
    } else {
      Status expired = expiry(s, now);
      if (expired != null) {
        sessions.remove(id);
        result = new Lookup(expired, null);
      } else {
        s.lastSeen = now;
        result = new Lookup(Status.FOUND, s);
      }
    }
    dropIdle(now); // after the lookup, so that an idled-out session is reported as such, not as unknown
    return result;
  }

  /** A new, empty session, making room first when the store is full. */
  synchronized Session create() {
    return insert(new Session(freshId(), clock.instant()));
  }

  /**
   * A new session that takes over {@code old}'s visits, with {@code user} signed in: the old id stops working at
   * once. Call it whenever the privilege changes (login), so that an id planted before cannot ride along.
   */
  synchronized Session renew(Session old, String user) {
    Session fresh = new Session(freshId(), clock.instant());
    if (old != null) {
      sessions.remove(old.id);
      fresh.visits = old.visits;
    }
    fresh.user = user;
    return insert(fresh);
  }

  /** Counts a visit and returns the session's state after it. */
  synchronized View visit(Session s) {
    s.visits++;
    return snapshot(s);
  }

  synchronized View snapshot(Session s) {
    return new View(s.visits, s.user, s.createdAt, s.lastSeen);
  }

  /** Ends the session of that id, if any. */
  synchronized void remove(String id) {
    sessions.remove(id);
  }

  /** Live sessions, after dropping the idle ones. */
  synchronized int size() {
    dropIdle(clock.instant());
    return sessions.size();
  }

  /** Sessions pushed out by newer ones while still live. */
  synchronized long evicted() {
    return evicted;
  }

  /** When {@code s} ends at the latest if it is used again now: its absolute deadline. */
  Instant absoluteDeadline(Session s) {
    return s.createdAt.plus(absolute);
  }

  private Session insert(Session s) {
    dropIdle(s.createdAt);
    if (sessions.size() >= capacity) {
      Iterator<Session> it = sessions.values().iterator();
      it.next();
      it.remove();
      evicted++;
    }
    sessions.put(s.id, s);
    return s;
  }

  private String freshId() {
    String id;
    do {
      id = ids.next(); // 192 random bits: a collision is not going to happen, but costs nothing to rule out
    } while (sessions.containsKey(id));
    return id;
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

  /** Drops idled-out sessions from the head (least recently used first); stops at the first live one. */
  private void dropIdle(Instant now) {
    Iterator<Map.Entry<String, Session>> it = sessions.entrySet().iterator();
    while (it.hasNext()) {
      Session s = it.next().getValue();
      if (now.isBefore(s.lastSeen.plus(idle))) {
        return;
      }
      it.remove();
    }
  }
}
