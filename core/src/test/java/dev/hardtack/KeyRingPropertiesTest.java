package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of admin calls checked against a model: a set of versions and a primary. After every step,
 * every cookie ever issued verifies exactly when its key is still in the ring, fresh cookies carry the
 * primary's version (the property behind Flask's CVE-2025-47278), and {@link KeyRing#keys()} matches the model.
 */
class KeyRingPropertiesTest {
  enum Op { ADD, ROTATE, PROMOTE, REVOKE, SIGN }

  @Provide
  Arbitrary<List<int[]>> programs() {
    Arbitrary<int[]> step = Arbitraries.integers().between(0, Op.values().length - 1)
        .flatMap(op -> Arbitraries.integers().between(0, 12).map(arg -> new int[] {op, arg}));
    return step.list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 150)
  void adminSequence_anyOrder_cookiesVerifyExactlyWhileTheirKeyIsInTheRing(@ForAll("programs") List<int[]> program) {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
    TreeSet<Integer> model = new TreeSet<>(List.of(1));
    int primary = 1;
    int next = 2;
    Map<String, Integer> issued = new LinkedHashMap<>();
    for (int[] step : program) {
      Op op = Op.values()[step[0]];
      int version = step[1];
      switch (op) {
        case ADD: {
          byte[] secret = new byte[32];
          new java.security.SecureRandom().nextBytes(secret);
          assertEquals(next, ring.add(secret));
          model.add(next++);
          break;
        }
        case ROTATE:
          assertEquals(next, ring.rotate());
          model.add(next);
          primary = next++;
          break;
        case PROMOTE:
          if (model.contains(version)) {
            ring.promote(version);
            primary = version;
          } else {
            assertThrows(NoSuchElementException.class, () -> ring.promote(version));
          }
          break;
        case REVOKE:
          if (version == primary) {
            assertThrows(IllegalStateException.class, () -> ring.revoke(version));
          } else if (model.contains(version)) {
            ring.revoke(version);
            model.remove(version);
          } else {
            assertThrows(NoSuchElementException.class, () -> ring.revoke(version));
          }
          break;
        case SIGN: {
          String cookie = codec.sign("v" + issued.size());
          assertEquals(primary, codec.verify(cookie).keyVersion());
          issued.put(cookie, primary);
          break;
        }
        default:
          throw new AssertionError(op);
      }
      assertEquals(primary, ring.primaryVersion());
      List<Integer> versions = new ArrayList<>();
      ring.keys().forEach(k -> versions.add(k.version()));
      assertEquals(new ArrayList<>(model), versions);
      for (Map.Entry<String, Integer> e : issued.entrySet()) {
        Verification r = codec.verify(e.getKey());
        if (model.contains(e.getValue())) {
          assertEquals(Verification.Status.VALID, r.status());
          assertEquals(e.getValue() != primary, r.needsResign());
        } else {
          assertEquals(Verification.Status.UNKNOWN_KEY, r.status());
        }
      }
    }
  }
}
