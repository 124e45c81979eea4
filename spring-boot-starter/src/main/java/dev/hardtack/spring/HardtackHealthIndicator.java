package dev.hardtack.spring;

import dev.hardtack.KeyInfo;
import dev.hardtack.KeyRing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator's {@code hardtack} health: UP with the key versions, their states and the last reload of the keyring
 * file; DOWN while the latest change of the watched file is being refused (the ring then still serves its last
 * good keys, but the fleet is not running the keys the operator meant).
 *
 * <pre>{@code
 * GET /actuator/health/hardtack
 * {"status":"UP","details":{"primary":2,"keys":[{"version":1,"state":"retired",...},...],
 *  "watching":true,"lastReload":"2026-11-30T14:00:00Z"}}
 * }</pre>
 *
 * <p>Security: versions, states and dates only; never key material. A refusal's reason comes from the core,
 * whose messages show none.
 */
final class HardtackHealthIndicator implements HealthIndicator {
  private final KeyRing ring;
  private final KeyRingStatus status;

  HardtackHealthIndicator(KeyRing ring, KeyRingStatus status) {
    this.ring = ring;
    this.status = status;
  }

  @Override
  public Health health() {
    KeyRingStatus.State s = status.state();
    Health.Builder b = s.problem() == null ? Health.up() : Health.down();
    b.withDetail("primary", ring.primaryVersion());
    b.withDetail("keys", keys(ring));
    b.withDetail("watching", s.watching());
    if (s.lastReload() != null) {
      b.withDetail("lastReload", s.lastReload().toString());
    }
    if (s.problem() != null) {
      b.withDetail("rejectedSince", s.rejectedSince().toString());
      b.withDetail("problem", s.problem());
    }
    return b.build();
  }

  static List<Map<String, Object>> keys(KeyRing ring) {
    List<Map<String, Object>> keys = new ArrayList<>();
    for (KeyInfo k : ring.keys()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", k.version());
      m.put("state", k.state().name().toLowerCase(Locale.ROOT));
      m.put("createdAt", k.createdAt().toString());
      k.verifyUntil().ifPresent(t -> m.put("verifyUntil", t.toString()));
      keys.add(m);
    }
    return keys;
  }
}
