package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionIdGeneratorTest {
  private static final Pattern BASE64URL = Pattern.compile("^[A-Za-z0-9_-]+$");

  @Test
  void create_default_192BitIdsOf32Chars() {
    SessionIdGenerator ids = SessionIdGenerator.create();
    assertEquals(192, ids.bits());
    String id = ids.next();
    assertEquals(32, id.length());
    assertTrue(BASE64URL.matcher(id).matches(), id);
    assertEquals(24, Base64.getUrlDecoder().decode(id).length);
  }

  @ParameterizedTest
  @ValueSource(ints = {128, 136, 192, 256, 264, 4096})
  void next_anyValidSize_ceilBitsOverSixChars(int bits) {
    String id = SessionIdGenerator.create(bits).next();
    assertEquals((bits + 5) / 6, id.length());
    assertTrue(BASE64URL.matcher(id).matches());
  }

  @ParameterizedTest
  @ValueSource(ints = {-8, 0, 64, 120, 127, 129, 130, 4104, Integer.MAX_VALUE})
  void create_badSize_illegalArgument(int bits) {
    assertThrows(IllegalArgumentException.class, () -> SessionIdGenerator.create(bits));
  }

  @Test
  void next_200kDraws_noDuplicatesAndEveryCharacterUsedEvenly() {
    SessionIdGenerator ids = SessionIdGenerator.create(128);
    Set<String> seen = new HashSet<>();
    int[][] counts = new int[21][64];
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      String id = ids.next();
      assertTrue(seen.add(id), "duplicate id");
      for (int p = 0; p < 21; p++) {
        counts[p][alphabet.indexOf(id.charAt(p))]++;
      }
    }
    // Chi-squared per position, 63 degrees of freedom: the 1e-9 tail starts near 150. A sanity check only.
    double expected = n / 64.0;
    for (int p = 0; p < 21; p++) {
      double chi2 = 0;
      for (int c = 0; c < 64; c++) {
        chi2 += Math.pow(counts[p][c] - expected, 2) / expected;
      }
      assertTrue(chi2 < 150, "position " + p + " chi2 " + chi2);
    }
  }

  @Test
  void next_manyThreads_noDuplicates() throws Exception {
    SessionIdGenerator ids = SessionIdGenerator.create();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 25_000; i++) {
          if (!seen.add(ids.next())) {
            throw new AssertionError("duplicate id across threads");
          }
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(100_000, seen.size());
  }
}
