package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ring that follows a file refuses every change made in memory (the file is the one source of truth), and
 * leaves its keys as they were. Not timing-based: it never waits for the watcher.
 */
class KeyRingWatchedGuardTest {
  @TempDir Path dir;

  @Test
  void watchedRing_everyInMemoryChange_refusedKeysUnchanged() throws Exception {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    ring.rotate(); // 1 retired (former primary), 2 primary
    Path f = dir.resolve("keys");
    ring.save(f);
    KeyRing watched = KeyRing.watch(f);
    try {
      List<KeyInfo> before = watched.keys();
      assertEquals(2, watched.primaryVersion());
      IllegalStateException e = assertThrows(IllegalStateException.class, watched::rotate);
      assertTrue(e.getMessage().startsWith("this ring follows the file " + f), e.getMessage());
      assertThrows(IllegalStateException.class, () -> watched.add(Fixtures.SECRET_2));
      assertThrows(IllegalStateException.class, () -> watched.promote(1));
      assertThrows(IllegalStateException.class, () -> watched.retire(1, Instant.parse("2999-01-01T00:00:00Z")));
      assertThrows(IllegalStateException.class, () -> watched.revoke(1));
      assertEquals(before, watched.keys());
      assertEquals(2, watched.primaryVersion());
    } finally {
      watched.close();
    }
    // A ring that follows no file can be closed too: nothing to stop.
    ring.close();
    assertEquals(3, ring.rotate());
  }
}
