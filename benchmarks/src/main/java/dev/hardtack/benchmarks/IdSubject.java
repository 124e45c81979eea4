package dev.hardtack.benchmarks;

import dev.hardtack.SessionIdGenerator;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.catalina.util.StandardSessionIdGenerator;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Session-id generators behind one facade. The {@code CANDIDATE_*} ones are the random sources Hardtack's
 * per-thread CSPRNG was chosen from, each making the same 192-bit, 32-character id as Hardtack.
 */
public enum IdSubject {
  /** {@link SessionIdGenerator#next()}: 192 bits, 32 base64url characters. */
  HARDTACK {
    @Override
    Generator create() {
      return SessionIdGenerator.create()::next;
    }
  },
  /** A JDK DRBG (Hash_DRBG, SHA-256) per thread: Hardtack's first design. */
  CANDIDATE_DRBG {
    @Override
    Generator create() {
      ThreadLocal<SecureRandom> drbg = ThreadLocal.withInitial(() -> {
        try {
          return SecureRandom.getInstance(
              "DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      });
      return () -> {
        byte[] b = new byte[24];
        drbg.get().nextBytes(b);
        return URL.encodeToString(b);
      };
    }
  },
  /** AES-256-CTR keystream per thread (JCA, AES-NI), re-keyed from its own output at every refill. */
  CANDIDATE_AES_CTR {
    @Override
    Generator create() {
      return buffered(AesCtrStream::new);
    }
  },
  /** Bouncy Castle's ChaCha20 (RFC 7539) keystream per thread, re-keyed from its own output at every refill. */
  CANDIDATE_BC_CHACHA {
    @Override
    Generator create() {
      return buffered(BcChaChaStream::new);
    }
  },
  /** {@code UUID.randomUUID().toString()}: one shared {@code SecureRandom}. */
  UUID {
    @Override
    Generator create() {
      return () -> java.util.UUID.randomUUID().toString();
    }
  },
  /** Tomcat 10.1's {@code StandardSessionIdGenerator}: a queue of {@code SecureRandom}s, 16 bytes as hex. */
  TOMCAT {
    @Override
    Generator create() {
      StandardSessionIdGenerator g = new StandardSessionIdGenerator();
      return g::generateSessionId;
    }
  },
  /** One {@code SecureRandom} shared by all threads, 32 bytes, base64url. */
  SECURE_RANDOM_SHARED {
    @Override
    Generator create() {
      SecureRandom shared = new SecureRandom();
      return () -> {
        byte[] b = new byte[32];
        shared.nextBytes(b);
        return URL.encodeToString(b);
      };
    }
  };

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  abstract Generator create();

  /** The facade. */
  interface Generator {
    String next();
  }

  private static Generator buffered(java.util.function.Supplier<KeyErasingStream> factory) {
    ThreadLocal<KeyErasingStream> streams = ThreadLocal.withInitial(factory);
    return () -> {
      byte[] b = new byte[24];
      streams.get().nextBytes(b);
      return URL.encodeToString(b);
    };
  }

  /** A keystream buffer whose first 32 bytes at every refill become the next key (fast key erasure). */
  abstract static class KeyErasingStream {
    static final SecureRandom SEED = new SecureRandom();
    final byte[] key = new byte[32];
    final byte[] buf = new byte[512];
    int pos = buf.length;

    KeyErasingStream() {
      SEED.nextBytes(key);
    }

    abstract void keystream(byte[] out);

    void nextBytes(byte[] out) {
      int o = 0;
      while (o < out.length) {
        if (pos == buf.length) {
          Arrays.fill(buf, (byte) 0);
          keystream(buf);
          System.arraycopy(buf, 0, key, 0, 32);
          Arrays.fill(buf, 0, 32, (byte) 0);
          pos = 32;
        }
        int n = Math.min(out.length - o, buf.length - pos);
        System.arraycopy(buf, pos, out, o, n);
        Arrays.fill(buf, pos, pos + n, (byte) 0);
        pos += n;
        o += n;
      }
    }
  }

  static final class AesCtrStream extends KeyErasingStream {
    private final Cipher cipher;
    private final IvParameterSpec iv = new IvParameterSpec(new byte[16]);

    AesCtrStream() {
      try {
        cipher = Cipher.getInstance("AES/CTR/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    void keystream(byte[] out) {
      try {
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), iv);
        cipher.doFinal(out, 0, out.length, out, 0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static final class BcChaChaStream extends KeyErasingStream {
    private final ChaCha7539Engine engine = new ChaCha7539Engine();
    private final byte[] nonce = new byte[12];

    @Override
    void keystream(byte[] out) {
      engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
      engine.processBytes(out, 0, out.length, out, 0);
    }
  }
}
