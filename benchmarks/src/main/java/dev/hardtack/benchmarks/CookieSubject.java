package dev.hardtack.benchmarks;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.mac.HmacParameters;
import com.google.crypto.tink.mac.MacConfig;
import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import dev.hardtack.internal.HmacSha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hardtack and its peers behind one facade, as Caffeine's benchmarks compare caches: a benchmark picks one with
 * {@code @Param}, the adapter prepares its own inputs (the same values, in each subject's own form), and the
 * benchmark only says "sign value i" or "verify input i".
 */
public enum CookieSubject {
  /** {@link CookieCodec#verify} of an {@code s1} cookie: parse, HMAC, compare, result. */
  HARDTACK_SIGNED(values -> new HardtackAdapter(values, false)),
  /** {@link CookieCodec#verify} of an {@code e1} cookie: parse, base64, AES-GCM open, result. */
  HARDTACK_ENCRYPTED(values -> new HardtackAdapter(values, true)),
  /** Hardtack's internal HMAC-SHA256 alone, over the same bytes its {@code s1} verify MACs. */
  HARDTACK_HMAC_ONLY(HardtackHmacAdapter::new),
  /**
   * The floor for any HMAC verify: HMAC-SHA256 from pre-hashed inner and outer pad states, restored by cloning a
   * JDK {@link MessageDigest} (the only way the JDK offers), over the same bytes as Hardtack's verify.
   */
  HMAC_FLOOR(FloorAdapter::new),
  /** A typical hand-written check of {@code value.base64url(hmac)}: {@code Mac.getInstance} on every call. */
  JCA_MAC_PER_CALL(values -> new JcaMacAdapter(values, false)),
  /** The same check, written lean: one keyed {@code Mac} per thread, reused. */
  JCA_MAC_CACHED(values -> new JcaMacAdapter(values, true)),
  /** Google Tink's {@code Mac.verifyMac} over the bare bytes and tag (no cookie parsing at all). */
  TINK_MAC(TinkAdapter::new),
  /** JCA AES-256-GCM open of the same bytes as an {@code e1} cookie carries, with a cached {@code Cipher}. */
  JCA_GCM_CACHED(values -> new JcaGcmAdapter(values, true)),
  /** The same, with {@code Cipher.getInstance} on every call. */
  JCA_GCM_NEW_CIPHER(values -> new JcaGcmAdapter(values, false)),
  /**
   * jjwt: an HS256 JWS with claims {@code sub} (the value), {@code iat} and {@code exp}, as a team signing its
   * session cookie as a JWT would; verify parses the compact string, checks the tag and the expiry, and returns
   * the subject.
   */
  JJWT_HS256(PeerAdapters.Jjwt::new),
  /** Nimbus JOSE+JWT: the same HS256 JWS; verify parses, checks the tag with a cached verifier and the expiry. */
  NIMBUS_HS256(PeerAdapters.NimbusSigned::new),
  /** Nimbus JOSE+JWT: the same claims as a JWE, {@code dir} + {@code A256GCM} (the encrypted case). */
  NIMBUS_DIR_A256GCM(PeerAdapters.NimbusEncrypted::new),
  /**
   * Spring Session's {@code DefaultCookieSerializer}: the unsigned baseline (the session id, base64, no tag);
   * sign writes the {@code Set-Cookie} header, verify reads the id back from the request's cookies.
   */
  SPRING_SESSION_UNSIGNED(PeerAdapters.SpringSession::new);

  // Each factory is a constructor reference or a lambda that captures nothing: no state to mutate.
  @SuppressWarnings("ImmutableEnumChecker")
  private final Factory factory;

  CookieSubject(Factory factory) {
    this.factory = factory;
  }

  /** Prepares this subject's inputs for {@code values}. */
  Adapter create(String[] values) throws GeneralSecurityException {
    return factory.create(values);
  }

  /** How a subject makes its adapter: the adapter's constructor. */
  @FunctionalInterface
  private interface Factory {
    Adapter create(String[] values) throws GeneralSecurityException;
  }

  /** The facade: sign or verify the i-th prepared input. Each returns its result. */
  interface Adapter {
    Object sign(int i);

    Object verify(int i);
  }

  /** The MAC input Hardtack's {@code s1} format uses for {@code value} at a fixed time: 64 bytes for 43 chars. */
  static byte[] macInput(String value) {
    String token = "s1.1." + Fixtures.NOW.getEpochSecond() + "." + value + ".";
    byte[] name = Fixtures.ascii(Fixtures.COOKIE_NAME);
    return ByteBuffer.allocate(2 + name.length + token.length())
        .putShort((short) name.length)
        .put(name)
        .put(Fixtures.ascii(token))
        .array();
  }

  private static final class HardtackAdapter implements Adapter {
    private final String[] values;
    private final String[] cookies;
    private final CookieCodec codec;

    HardtackAdapter(String[] values, boolean encrypted) {
      this.values = values;
      this.codec = Fixtures.codec(KeyRing.of(Fixtures.secret(1)), encrypted, Clock.systemUTC());
      this.cookies = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        cookies[i] = codec.sign(values[i]);
        if (!codec.verify(cookies[i]).isValid()) {
          throw new AssertionError("setup: " + codec.verify(cookies[i]));
        }
      }
    }

    @Override
    public Object sign(int i) {
      return codec.sign(values[i]);
    }

    @Override
    public Object verify(int i) {
      return codec.verify(cookies[i]);
    }
  }

  private static final class HardtackHmacAdapter implements Adapter {
    private final byte[][] messages;
    private final HmacSha256 mac = new HmacSha256(Fixtures.secret(1));
    private final byte[] out = new byte[32];

    HardtackHmacAdapter(String[] values) {
      messages = new byte[values.length][];
      for (int i = 0; i < values.length; i++) {
        messages[i] = macInput(values[i]);
      }
    }

    @Override
    public Object sign(int i) {
      return verify(i);
    }

    @Override
    public Object verify(int i) {
      byte[] m = messages[i];
      mac.compute(null, m, 0, m.length, out, 0);
      return out;
    }
  }

  private static final class FloorAdapter implements Adapter {
    private final byte[][] messages;
    private final MessageDigest inner;
    private final MessageDigest outer;
    private final byte[] innerHash = new byte[32];
    private final byte[] out = new byte[32];

    FloorAdapter(String[] values) throws GeneralSecurityException {
      messages = new byte[values.length][];
      for (int i = 0; i < values.length; i++) {
        messages[i] = macInput(values[i]);
      }
      byte[] key = Fixtures.secret(1);
      byte[] ipad = new byte[64];
      byte[] opad = new byte[64];
      for (int i = 0; i < 64; i++) {
        byte k = i < key.length ? key[i] : 0;
        ipad[i] = (byte) (k ^ 0x36);
        opad[i] = (byte) (k ^ 0x5c);
      }
      inner = MessageDigest.getInstance("SHA-256");
      inner.update(ipad);
      outer = MessageDigest.getInstance("SHA-256");
      outer.update(opad);
    }

    @Override
    public Object sign(int i) {
      return verify(i);
    }

    @Override
    public Object verify(int i) {
      try {
        MessageDigest in = (MessageDigest) inner.clone();
        in.update(messages[i]);
        in.digest(innerHash, 0, 32);
        MessageDigest o = (MessageDigest) outer.clone();
        o.update(innerHash);
        o.digest(out, 0, 32);
        return out;
      } catch (CloneNotSupportedException | GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final class JcaMacAdapter implements Adapter {
    private final String[] values;
    private final String[] cookies;
    private final SecretKeySpec key = new SecretKeySpec(Fixtures.secret(1), "HmacSHA256");
    private final Mac cached;

    JcaMacAdapter(String[] values, boolean cache) throws GeneralSecurityException {
      this.values = values;
      this.cached = cache ? newMac() : null;
      this.cookies = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        cookies[i] = (String) sign(i);
      }
    }

    private Mac mac() {
      try {
        return cached != null ? cached : newMac();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private Mac newMac() throws GeneralSecurityException {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m;
    }

    @Override
    public Object sign(int i) {
      String v = values[i];
      byte[] tag = mac().doFinal(v.getBytes(StandardCharsets.UTF_8));
      return v + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
    }

    @Override
    public Object verify(int i) {
      String cookie = cookies[i];
      int dot = cookie.lastIndexOf('.');
      if (dot < 0) {
        return null;
      }
      String value = cookie.substring(0, dot);
      byte[] given;
      try {
        given = Base64.getUrlDecoder().decode(cookie.substring(dot + 1));
      } catch (IllegalArgumentException e) {
        return null;
      }
      byte[] expected = mac().doFinal(value.getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(expected, given) ? value : null;
    }
  }

  private static final class TinkAdapter implements Adapter {
    private final byte[][] messages;
    private final byte[][] tags;
    private final com.google.crypto.tink.Mac mac;

    TinkAdapter(String[] values) throws GeneralSecurityException {
      MacConfig.register();
      HmacParameters params = HmacParameters.builder()
          .setKeySizeBytes(32)
          .setTagSizeBytes(32)
          .setHashType(HmacParameters.HashType.SHA256)
          .setVariant(HmacParameters.Variant.NO_PREFIX)
          .build();
      KeysetHandle handle = KeysetHandle.newBuilder()
          .addEntry(KeysetHandle.generateEntryFromParameters(params).withRandomId().makePrimary())
          .build();
      mac = handle.getPrimitive(RegistryConfiguration.get(), com.google.crypto.tink.Mac.class);
      messages = new byte[values.length][];
      tags = new byte[values.length][];
      for (int i = 0; i < values.length; i++) {
        messages[i] = macInput(values[i]);
        tags[i] = mac.computeMac(messages[i]);
      }
    }

    @Override
    public Object sign(int i) {
      try {
        return mac.computeMac(messages[i]);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Object verify(int i) {
      try {
        mac.verifyMac(tags[i], messages[i]);
        return messages[i];
      } catch (GeneralSecurityException e) {
        return null;
      }
    }
  }

  private static final class JcaGcmAdapter implements Adapter {
    private final byte[][] plaintexts;
    private final byte[][] sealed;
    private final byte[] aad;
    private final SecretKeySpec key = new SecretKeySpec(Fixtures.secret(2), "AES");
    private final Cipher cached;
    private final SecureRandom random = new SecureRandom();

    JcaGcmAdapter(String[] values, boolean cache) throws GeneralSecurityException {
      this.cached = cache ? Cipher.getInstance("AES/GCM/NoPadding") : null;
      // The associated data an e1 cookie of this name carries: name binding and header.
      byte[] name = Fixtures.ascii(Fixtures.COOKIE_NAME);
      String header = "e1.1." + Fixtures.NOW.getEpochSecond() + ".";
      aad = ByteBuffer.allocate(2 + name.length + header.length())
          .putShort((short) name.length).put(name).put(Fixtures.ascii(header)).array();
      plaintexts = new byte[values.length][];
      sealed = new byte[values.length][];
      for (int i = 0; i < values.length; i++) {
        plaintexts[i] = values[i].getBytes(StandardCharsets.UTF_8);
        sealed[i] = (byte[]) sign(i);
      }
    }

    private Cipher cipher() {
      try {
        return cached != null ? cached : Cipher.getInstance("AES/GCM/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /** nonce(12) || ciphertext || tag(16), as in an e1 cookie. */
    @Override
    public Object sign(int i) {
      try {
        byte[] p = plaintexts[i];
        byte[] out = new byte[12 + p.length + 16];
        random.nextBytes(out); // the first 12 bytes are the nonce; the rest is overwritten
        Cipher c = cipher();
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, out, 0, 12));
        c.updateAAD(aad);
        c.doFinal(p, 0, p.length, out, 12);
        return out;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Object verify(int i) {
      byte[] s = sealed[i];
      try {
        Cipher c = cipher();
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, s, 0, 12));
        c.updateAAD(aad);
        return c.doFinal(s, 12, s.length - 12);
      } catch (GeneralSecurityException e) {
        return null;
      }
    }
  }
}
