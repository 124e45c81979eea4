package dev.hardtack.benchmarks;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import dev.hardtack.Verification;
import dev.hardtack.internal.Base64Codec;
import dev.hardtack.internal.ConstantTime;
import dev.hardtack.internal.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where a signed ({@code s1}) verify and sign of a 43-character session id spend their time, step by step, in
 * one run: the whole call, the HMAC floor, and each step that is not the HMAC, run alone over the same 64
 * cookies. It answers one question of issue 14: how much of the gap between a whole cookie check and a bare HMAC
 * is work that any cookie check must do.
 *
 * <p>Each step calls the code the library calls, or the JDK call it makes. Three steps are package-private in
 * the library and are not run alone here: the header's canonical decimals, the key lookup and the result object;
 * they stay in {@code verify} minus the sum of the others. The payload's plain check is stood in for by the
 * canonical base64url check over the same characters (the plain alphabet is the base64url alphabet, and both are
 * one table lookup per byte).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar VerifyAnatomyBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Thread)
public class VerifyAnatomyBenchmark {
  /** The name binding for the cookie name {@code id}: its length as 2 bytes big-endian, then its ASCII. */
  private static final byte[] NAME_BINDING = {0, 2, 'i', 'd'};
  /** The base64url characters of an {@code s1} tag. */
  private static final int TAG_CHARS = 43;

  private final Clock clock = Clock.systemUTC();
  private String[] values;
  private String[] cookies;
  private byte[][] tokens;
  private byte[][] tags;
  /** Every cookie has the same layout: header, value, dot, tag; these are its offsets. */
  private int bodyStart;
  private int payloadEnd;
  private int tagStart;
  private CookieCodec codec;
  private HmacSha256 mac;
  private CookieSubject.Adapter floor;
  private final byte[] out = new byte[32];
  private final byte[] tokenOut = new byte[256];
  private int index;

  @Setup
  public void setup() throws GeneralSecurityException {
    values = Fixtures.values(Fixtures.INPUTS, 43, 7);
    codec = Fixtures.codec(KeyRing.of(Fixtures.secret(1)), false, clock);
    mac = new HmacSha256(Fixtures.secret(1));
    floor = CookieSubject.HMAC_FLOOR.create(values);
    cookies = new String[values.length];
    tokens = new byte[values.length][];
    tags = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      cookies[i] = codec.sign(values[i]);
      tokens[i] = cookies[i].getBytes(StandardCharsets.ISO_8859_1);
      tags[i] = Base64Codec.URL.decode(cookies[i].substring(cookies[i].length() - TAG_CHARS));
    }
    tagStart = cookies[0].length() - TAG_CHARS;
    payloadEnd = tagStart - 1; // the dot before the tag
    bodyStart = payloadEnd - values[0].length(); // just after "s1.<version>.<issuedAt>."
    for (String c : cookies) {
      if (c.length() != cookies[0].length() || !c.startsWith(cookies[0].substring(0, bodyStart))) {
        throw new AssertionError("setup: every cookie needs the same header: " + c);
      }
    }
  }

  private int next() {
    return index++ & (Fixtures.INPUTS - 1);
  }

  /** The whole {@code CookieCodec.verify}. */
  @Benchmark
  public Verification verify() {
    return codec.verify(cookies[next()]);
  }

  /** The whole {@code CookieCodec.sign}. */
  @Benchmark
  public String sign() {
    return codec.sign(values[next()]);
  }

  /** The HMAC floor over the same 64 bytes ({@code CookieSubject.HMAC_FLOOR}). */
  @Benchmark
  public Object hmacFloor() {
    return floor.verify(next());
  }

  /** Verify step 5: Hardtack's HMAC over the name binding and the token before its tag, into a new array. */
  @Benchmark
  public byte[] hmac() {
    byte[] t = tokens[next()];
    byte[] expected = new byte[HmacSha256.TAG_LENGTH];
    mac.compute(NAME_BINDING, t, 0, tagStart, expected, 0);
    return expected;
  }

  /** The clock read a verify (expiry) and a sign (issued-at) each make: {@code Clock.systemUTC().millis()}. */
  @Benchmark
  public long readClock() {
    return clock.millis();
  }

  /** Verify step 2's copy of the token into bytes, one intrinsic copy. */
  @Benchmark
  public byte[] copyToken() {
    return cookies[next()].getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Verify step 3 for the payload: one table lookup per character (stand-in, see the class comment). */
  @Benchmark
  public boolean checkPayload() {
    return Base64Codec.URL.isCanonical(tokens[next()], bodyStart, payloadEnd);
  }

  /** Verify step 3 for the tag: canonical base64url, 43 characters to 32 bytes. */
  @Benchmark
  public int decodeTag() {
    byte[] t = tokens[next()];
    return Base64Codec.URL.decode(t, tagStart, t.length, out, 0);
  }

  /** Verify step 6: the constant-time compare of 32 bytes. */
  @Benchmark
  public boolean compareTag() {
    int i = next();
    return ConstantTime.equal(tags[i], 0, tags[(i + 1) & (Fixtures.INPUTS - 1)], 0, HmacSha256.TAG_LENGTH);
  }

  /** Verify step 8: the value, a new string of the payload's 43 characters. */
  @Benchmark
  public String valueString() {
    return cookies[next()].substring(bodyStart, payloadEnd);
  }

  /** Sign: the tag's 32 bytes to 43 base64url characters, into the token's buffer. */
  @Benchmark
  public byte[] encodeTag() {
    Base64Codec.URL.encode(tags[next()], 0, HmacSha256.TAG_LENGTH, tokenOut, 0);
    return tokenOut;
  }

  /** Sign: the token's bytes to the returned string, one intrinsic copy. */
  @Benchmark
  public String tokenString() {
    byte[] t = tokens[next()];
    return new String(t, 0, t.length, StandardCharsets.ISO_8859_1);
  }
}
