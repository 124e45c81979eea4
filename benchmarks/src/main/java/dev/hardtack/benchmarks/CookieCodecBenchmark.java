package dev.hardtack.benchmarks;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import dev.hardtack.Verification;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing and verifying cookies: Hardtack beside its peers ({@link #sign}, {@link #verify}), and Hardtack alone
 * on every kind of rejection and on an old key's cookie ({@link #verifyScenario}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CookieCodecBenchmark {

  /** One subject (Hardtack or a peer) over one value size. */
  @State(Scope.Thread)
  public static class Compared {
    @Param({
      "HARDTACK_SIGNED", "HARDTACK_HMAC_ONLY", "HMAC_FLOOR", "JCA_MAC_PER_CALL", "JCA_MAC_CACHED", "TINK_MAC",
      "HARDTACK_ENCRYPTED", "JCA_GCM_CACHED", "JCA_GCM_NEW_CIPHER"
    })
    CookieSubject subject;

    /** 43: a session id. 1024: a larger value. */
    @Param({"43", "1024"})
    int length;

    CookieSubject.Adapter adapter;
    int index;

    @Setup
    public void setup() throws GeneralSecurityException {
      adapter = subject.create(Fixtures.values(Fixtures.INPUTS, length, 7));
    }

    int next() {
      return index++ & (Fixtures.INPUTS - 1);
    }
  }

  /** What a verify meets: a good cookie, an old key's, or each kind of bad one. */
  public enum Scenario {
    VALID, OLD_KEY, TAMPERED, UNKNOWN_KEY, EXPIRED, MALFORMED
  }

  /** Hardtack's own cookies, good and bad, signed or encrypted. */
  @State(Scope.Thread)
  public static class Cases {
    @Param({"SIGNED", "ENCRYPTED"})
    String format;

    @Param({"43", "1024"})
    int length;

    @Param({"VALID", "OLD_KEY", "TAMPERED", "UNKNOWN_KEY", "EXPIRED", "MALFORMED"})
    Scenario scenario;

    CookieCodec codec;
    String[] cookies;
    int index;

    @Setup
    public void setup() {
      boolean encrypted = format.equals("ENCRYPTED");
      // The verifying ring: version 1 (old), version 2 (primary).
      KeyRing ring = KeyRing.of(Fixtures.secret(1));
      ring.promote(ring.add(Fixtures.secret(2)));
      codec = Fixtures.codec(ring, encrypted, Clock.systemUTC());
      // Signers: the same secrets give the same versions and subkeys.
      KeyRing old = KeyRing.of(Fixtures.secret(1));
      KeyRing newer = KeyRing.of(Fixtures.secret(1));
      newer.add(Fixtures.secret(2));
      newer.promote(newer.add(Fixtures.secret(3)));
      CookieCodec signer = switch (scenario) {
        case OLD_KEY -> Fixtures.codec(old, encrypted, Clock.systemUTC());
        case UNKNOWN_KEY -> Fixtures.codec(newer, encrypted, Clock.systemUTC());
        case EXPIRED -> Fixtures.codec(ring, encrypted, Clock.offset(Clock.systemUTC(), Duration.ofHours(-9)));
        default -> codec;
      };
      String[] values = Fixtures.values(Fixtures.INPUTS, length, 7);
      cookies = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        String c = signer.sign(values[i]);
        if (scenario == Scenario.TAMPERED) {
          c = Fixtures.tamper(c);
        } else if (scenario == Scenario.MALFORMED) {
          // The worst case for the parser: only the very last character is wrong.
          c = c.substring(0, c.length() - 1) + '!';
        }
        cookies[i] = c;
      }
      Verification.Status expected = switch (scenario) {
        case TAMPERED -> Verification.Status.BAD_SIGNATURE;
        case UNKNOWN_KEY -> Verification.Status.UNKNOWN_KEY;
        case EXPIRED -> Verification.Status.EXPIRED;
        case MALFORMED -> Verification.Status.MALFORMED;
        default -> Verification.Status.VALID;
      };
      for (String c : cookies) {
        Verification r = codec.verify(c);
        if (r.status() != expected || (scenario == Scenario.OLD_KEY) != r.needsResign()) {
          throw new AssertionError("setup: " + scenario + " verified as " + r);
        }
      }
    }

    int next() {
      return index++ & (Fixtures.INPUTS - 1);
    }
  }

  /** Signs (or seals) the next value. */
  @Benchmark
  public Object sign(Compared c) {
    return c.adapter.sign(c.next());
  }

  /** Verifies (or opens) the next valid input. */
  @Benchmark
  public Object verify(Compared c) {
    return c.adapter.verify(c.next());
  }

  /** Verifies the next cookie of the scenario with Hardtack. */
  @Benchmark
  public Verification verifyScenario(Cases c) {
    return c.codec.verify(c.cookies[c.next()]);
  }
}
