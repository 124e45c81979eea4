package dev.hardtack.spring;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyInfo;
import dev.hardtack.KeyRing;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Actuator's {@code /info} gains {@code hardtack}: the cookie's name, whether it is encrypted, the primary key
 * version and the versions that verify.
 *
 * <pre>{@code
 * "hardtack":{"cookieName":"__Host-SESSION","encrypted":false,"primary":2,"versions":[1,2]}
 * }</pre>
 *
 * <p>Security: never key material.
 */
final class HardtackInfoContributor implements InfoContributor {
  private final KeyRing ring;
  private final CookieCodec codec;

  HardtackInfoContributor(KeyRing ring, CookieCodec codec) {
    this.ring = ring;
    this.codec = codec;
  }

  @Override
  public void contribute(Info.Builder builder) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cookieName", codec.cookieName());
    m.put("encrypted", codec.isEncrypted());
    m.put("primary", ring.primaryVersion());
    m.put("versions", ring.keys().stream().map(KeyInfo::version).toList());
    builder.withDetail("hardtack", m);
  }
}
