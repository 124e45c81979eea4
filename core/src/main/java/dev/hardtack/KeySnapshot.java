package dev.hardtack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of a {@link KeyRing}: one table of {@linkplain Row rows}, oldest version first, each
 * holding a key object ({@link KeyEntry}: version, creation date, subkeys) with the state and retirement deadline
 * the ring gives it. The ring publishes a new snapshot for every change (an admin call, a reload, a key dropped
 * past its deadline) with one volatile write; readers use whichever snapshot they read, without locks.
 *
 * <p>Security: a tag is accepted only for the key object that computed it. {@link #isLive} asks whether that very
 * object is still in the table and before its deadline, never whether some key of its version is: after a
 * reload that gives a version a new secret, the old object of that version is not live although the version is.
 * {@link #of} refuses a destroyed key, so a snapshot never publishes one; the ring destroys a key only after
 * publishing a snapshot without it ({@link #keysNotIn}).
 */
final class KeySnapshot {
  /** One key of the table: the key object, its state, and its retirement deadline. Immutable. */
  static final class Row {
    final KeyEntry key;
    final KeyState state;
    /** The retirement deadline of a {@link KeyState#RETIRED} key; null for none, and for every other state. */
    final Instant until;
    /** {@link #until} in epoch millis, {@link Long#MAX_VALUE} for none: read on the verify path. */
    final long untilMillis;

    Row(KeyEntry key, KeyState state, Instant until) {
      this.key = Objects.requireNonNull(key, "key");
      this.state = Objects.requireNonNull(state, "state");
      this.until = state == KeyState.RETIRED ? until : null;
      this.untilMillis = this.until == null ? Long.MAX_VALUE : millis(this.until);
    }

    int version() {
      return key.version;
    }

    /** The same key object in another state. */
    Row with(KeyState newState, Instant newUntil) {
      return new Row(key, newState, newUntil);
    }
  }

  /** Ascending versions, no gaps in the array (versions may have gaps); never empty. */
  private final Row[] rows;
  /** The oldest version: {@code rows[v - base]} is the row of {@code v} when no version below {@code v} is missing. */
  private final int base;
  /** The key that signs. */
  final KeyEntry primary;
  /** The earliest retirement deadline in epoch millis, {@link Long#MAX_VALUE} for none. */
  private final long earliestDeadline;

  private KeySnapshot(Row[] rows, KeyEntry primary, long earliestDeadline) {
    this.rows = rows;
    this.base = rows[0].version();
    this.primary = primary;
    this.earliestDeadline = earliestDeadline;
  }

  /**
   * A snapshot of {@code rows}.
   *
   * @param rows ascending versions, exactly one of them primary
   * @throws IllegalStateException when {@code rows} is empty, out of order, has a version twice, has no primary or
   *     two, or holds a destroyed key
   */
  static KeySnapshot of(List<Row> rows) {
    if (rows.isEmpty()) {
      throw new IllegalStateException("a ring needs a primary key");
    }
    Row[] table = rows.toArray(new Row[0]);
    KeyEntry primary = null;
    long earliest = Long.MAX_VALUE;
    for (int i = 0; i < table.length; i++) {
      Row r = table[i];
      if (i > 0 && r.version() <= table[i - 1].version()) {
        throw new IllegalStateException("key versions must be unique and ascending");
      }
      if (r.key.isDestroyed()) {
        throw new IllegalStateException("version " + r.version() + " has been destroyed");
      }
      if (r.state == KeyState.PRIMARY) {
        if (primary != null) {
          throw new IllegalStateException("a ring has exactly one primary key");
        }
        primary = r.key;
      }
      earliest = Math.min(earliest, r.untilMillis);
    }
    if (primary == null) {
      throw new IllegalStateException("a ring needs a primary key");
    }
    return new KeySnapshot(table, primary, earliest);
  }

  /** {@code t} in epoch millis, clamped to the range of a long. */
  static long millis(Instant t) {
    try {
      return t.toEpochMilli();
    } catch (ArithmeticException e) {
      return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * The row of {@code version}, or null. O(1) when no version between the oldest and {@code version} is missing
   * (the usual case: keys leave oldest first), O(log n) otherwise.
   */
  private Row row(int version) {
    Row[] t = rows;
    int i = version - base; // no overflow: both are 1..Integer.MAX_VALUE
    if (i >= 0 && i < t.length && t[i].version() == version) {
      return t[i];
    }
    int lo = 0;
    int hi = t.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int v = t[mid].version();
      if (v < version) {
        lo = mid + 1;
      } else if (v > version) {
        hi = mid - 1;
      } else {
        return t[mid];
      }
    }
    return null;
  }

  /** The key of that version, or {@code null}. */
  KeyEntry lookup(int version) {
    Row r = row(version);
    return r == null ? null : r.key;
  }

  /**
   * Whether {@code key}, the very object, is in this snapshot and before its retirement deadline at {@code now}:
   * the one question asked before a tag that {@code key} computed is accepted.
   */
  boolean isLive(KeyEntry key, long now) {
    Row r = row(key.version);
    return r != null && r.key == key && now < r.untilMillis;
  }

  /** Whether some retired key's deadline is not after {@code now}. */
  boolean hasExpired(long now) {
    return now >= earliestDeadline;
  }

  /** A fresh, mutable list of the rows, oldest first. */
  List<Row> rows() {
    return new ArrayList<>(Arrays.asList(rows));
  }

  /** The key objects, oldest first. */
  List<KeyEntry> keys() {
    List<KeyEntry> out = new ArrayList<>(rows.length);
    for (Row r : rows) {
      out.add(r.key);
    }
    return out;
  }

  /** The key objects of this snapshot that {@code next} does not hold: the ones to destroy once it is published. */
  List<KeyEntry> keysNotIn(KeySnapshot next) {
    List<KeyEntry> out = new ArrayList<>();
    for (Row r : rows) {
      if (next.lookup(r.version()) != r.key) {
        out.add(r.key);
      }
    }
    return out;
  }

  /** The rows as {@link KeyInfo}, without key material, oldest first. */
  List<KeyInfo> info() {
    List<KeyInfo> out = new ArrayList<>(rows.length);
    for (Row r : rows) {
      long used = r.key.lastUsedMillis;
      out.add(new KeyInfo(r.version(), r.state, r.key.createdAt, r.until,
          used == 0 ? null : Instant.ofEpochMilli(used)));
    }
    return out;
  }
}
