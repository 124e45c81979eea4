package dev.hardtack.benchmarks;

import dev.hardtack.internal.HmacSha256;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * How an HMAC-SHA256 shared by threads, with no per-thread state, can get back to its keyed state for each call:
 * the question behind {@code HmacSha256}'s design (issue 14). Each way MACs the 64 bytes an {@code s1} verify
 * MACs for a session id.
 *
 * <ul>
 *   <li>{@code CLONE}: Hardtack's {@code HmacSha256}: clone two pre-hashed JDK digests per call (no lock, about
 *       450 bytes allocated);
 *   <li>{@code STRIPED_DIGEST}: a striped pool of JDK digests, each behind a lock, that hash the key's pad blocks
 *       again on each call (nothing allocated, two more SHA-256 blocks);
 *   <li>{@code STRIPED_JCA_MAC}: a striped pool of keyed JCA {@code Mac}s, each behind a lock (the JDK's HMAC,
 *       which also hashes the pads on each call).
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar HmacStateBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HmacStateBenchmark {
  /** The way back to the keyed state. */
  public enum Way {
    CLONE, STRIPED_DIGEST, STRIPED_JCA_MAC
  }

  @Param({"CLONE", "STRIPED_DIGEST", "STRIPED_JCA_MAC"})
  Way way;

  private static final int STRIPES = 4;
  private byte[][] messages;
  private HmacSha256 clone;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  private final MessageDigest[] digests = new MessageDigest[STRIPES];
  private final Mac[] macs = new Mac[STRIPES];
  private final byte[] ipad = new byte[64];
  private final byte[] opad = new byte[64];
  private final byte[] out = new byte[32];
  private int index;

  @Setup
  public void setup() throws GeneralSecurityException {
    String[] values = Fixtures.values(Fixtures.INPUTS, 43, 7);
    messages = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      messages[i] = CookieSubject.macInput(values[i]);
    }
    byte[] key = Fixtures.secret(1);
    clone = new HmacSha256(key);
    for (int i = 0; i < 64; i++) {
      byte k = i < key.length ? key[i] : 0;
      ipad[i] = (byte) (k ^ 0x36);
      opad[i] = (byte) (k ^ 0x5c);
    }
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
      digests[i] = MessageDigest.getInstance("SHA-256");
      macs[i] = Mac.getInstance("HmacSHA256");
      macs[i].init(new SecretKeySpec(key, "HmacSHA256"));
    }
  }

  @SuppressWarnings("deprecation") // Thread.getId(): the module compiles for Java 17
  private static int stripe() {
    return (int) ((Thread.currentThread().getId() * 0x9E3779B97F4A7C15L) >>> 32) & (STRIPES - 1);
  }

  /** MACs the next message. */
  @Benchmark
  public byte[] mac() throws GeneralSecurityException {
    byte[] m = messages[index++ & (Fixtures.INPUTS - 1)];
    switch (way) {
      case CLONE:
        clone.compute(null, m, 0, m.length, out, 0);
        return out;
      case STRIPED_DIGEST: {
        int s = stripe();
        locks[s].lock();
        try {
          MessageDigest md = digests[s];
          md.update(ipad);
          md.update(m);
          md.digest(out, 0, 32);
          md.update(opad);
          md.update(out);
          md.digest(out, 0, 32);
        } finally {
          locks[s].unlock();
        }
        return out;
      }
      default: {
        int s = stripe();
        locks[s].lock();
        try {
          Mac mac = macs[s];
          mac.update(m);
          mac.doFinal(out, 0);
        } finally {
          locks[s].unlock();
        }
        return out;
      }
    }
  }
}
