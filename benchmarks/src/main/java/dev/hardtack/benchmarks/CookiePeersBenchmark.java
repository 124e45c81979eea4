package dev.hardtack.benchmarks;

import java.security.GeneralSecurityException;
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
 * A 43-character session id in a cookie, as a team without Hardtack would carry it: a JWT signed with HS256 (jjwt,
 * Nimbus JOSE+JWT), a JWE ({@code dir}, {@code A256GCM}, Nimbus), or Spring Session's unsigned base64 cookie,
 * beside Hardtack's {@code s1} and {@code e1}. Every subject signs and verifies the same ids in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CookiePeersBenchmark {

  /** One subject over 43-character ids. */
  @State(Scope.Thread)
  public static class Peer {
    @Param({
      "HARDTACK_SIGNED", "JJWT_HS256", "NIMBUS_HS256", "HARDTACK_ENCRYPTED", "NIMBUS_DIR_A256GCM",
      "SPRING_SESSION_UNSIGNED"
    })
    CookieSubject subject;

    CookieSubject.Adapter adapter;
    int index;

    @Setup
    public void setup() throws GeneralSecurityException {
      adapter = subject.create(Fixtures.values(Fixtures.INPUTS, 43, 7));
    }

    int next() {
      return index++ & (Fixtures.INPUTS - 1);
    }
  }

  /** Issues the cookie value for the next id. */
  @Benchmark
  public Object sign(Peer p) {
    return p.adapter.sign(p.next());
  }

  /** Parses and verifies the next cookie value, returning the session id. */
  @Benchmark
  public Object verify(Peer p) {
    return p.adapter.verify(p.next());
  }
}
