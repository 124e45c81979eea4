package dev.hardtack.spring;

import dev.hardtack.KeyInfo;
import dev.hardtack.KeyRing;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What the watched keyring file last did: the time of the last good (re)load, and whether its latest change is
 * being refused, since when and why. Fed by {@link KeyRing.Listener}; read by the health indicator.
 */
final class KeyRingStatus implements KeyRing.Listener {
  /** An immutable view; {@code problem} is null while the file is accepted. */
  record State(boolean watching, Instant lastReload, Instant rejectedSince, String problem) {}

  private final Clock clock;
  private volatile State state;

  KeyRingStatus(Clock clock) {
    this.clock = clock;
    this.state = new State(false, null, null, null);
  }

  /** The ring was loaded from the file at start-up. */
  void loaded() {
    state = new State(true, clock.instant(), null, null);
  }

  State state() {
    return state;
  }

  @Override
  public void reloaded(Path file, List<KeyInfo> keys) {
    state = new State(true, clock.instant(), null, null);
  }

  @Override
  public void rejected(Path file, IOException problem) {
    State s = state;
    Instant since = s.rejectedSince() != null ? s.rejectedSince() : clock.instant();
    // Core promises its messages show no key material.
    state = new State(true, s.lastReload(), since, String.valueOf(problem.getMessage()));
  }
}
