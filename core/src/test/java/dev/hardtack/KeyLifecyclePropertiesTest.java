package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 11's property for finding 2: for any sequence of admin operations (stage, rotate, promote, retire with a
 * past or a future deadline, revoke, and reloads that keep, drop, add or re-key versions as a rewritten keyring
 * file does), run on one thread while two others sign and verify without pause, in both formats:
 *
 * <ul>
 *   <li>no token made under a destroyed key, a zero key (HMAC over zeroed pads, AES under 32 zero bytes) or a
 *       foreign key (another secret for the same version) is ever VALID, EXPIRED or NOT_YET_VALID, whether
 *       verified against the current snapshot or against one a thread read a while ago;
 *   <li>every cookie that {@code sign} returns, or that sealing from a stale snapshot returns, verifies as VALID
 *       when the key object that made it was live before it was signed and is still live after it was verified
 *       (key objects never return once they leave the ring, so it was live throughout);
 *   <li>no cookie that {@code sign} returns carries a zero-key tag.
 * </ul>
 *
 * <p>The admin thread waits for the workers to make progress after each operation, so every run interleaves.
 * Bounded: 25 programs of at most 30 operations, a few seconds in all.
 */
class KeyLifecyclePropertiesTest {
  enum Op { ADD, ROTATE, PROMOTE, RETIRE_PAST, RETIRE_FUTURE, REVOKE, RELOAD }

  private static final String NAME = "sid";
  private static final Set<Verification.Status> AUTHENTIC =
      Set.of(Verification.Status.VALID, Verification.Status.EXPIRED, Verification.Status.NOT_YET_VALID);
  private static final SecureRandom RANDOM = new SecureRandom();

  @Provide
  Arbitrary<List<long[]>> programs() {
    Arbitrary<long[]> step = Combinators.combine(Arbitraries.integers().between(0, Op.values().length - 1),
        Arbitraries.integers().between(0, 15), Arbitraries.longs()).as((op, arg, seed) -> new long[] {op, arg, seed});
    return step.list().ofMinSize(1).ofMaxSize(30);
  }

  @Property(tries = 25)
  void adminOperationsRacingSignAndVerify_anyProgram_noForgeryAndNoFalseReject(
      @ForAll("programs") List<long[]> program) throws Exception {
    KeyRing ring = KeyRing.of(Secrets.random());
    CookieCodec signed = CookieCodec.builder(ring).cookieName(NAME).maxAge(Duration.ofHours(1)).build();
    CookieCodec encrypted = CookieCodec.builder(ring).cookieName(NAME).maxAge(Duration.ofHours(1)).encrypted()
        .build();
    long now = System.currentTimeMillis() / 1000;
    List<String> forged = forgeries(program.size() + 2, now);

    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong progress = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Worker w = new Worker(t, ring, signed, encrypted, forged, stop, progress);
      Thread thread = new Thread(() -> {
        try {
          w.run();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      workers.add(thread);
      thread.start();
    }
    try {
      Admin admin = new Admin(ring);
      for (long[] step : program) {
        admin.apply(Op.values()[(int) step[0]], (int) step[1], step[2]);
        long target = progress.get() + 3; // let the workers sign and verify against this snapshot
        long deadline = System.nanoTime() + 50_000_000L;
        while (progress.get() < target && System.nanoTime() < deadline && failure.get() == null) {
          LockSupport.parkNanos(20_000);
        }
      }
    } finally {
      stop.set(true);
      for (Thread thread : workers) {
        thread.join();
      }
    }
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
  }

  /** The only thread that changes the ring; it knows the next version, as a file's next-version line does. */
  static final class Admin {
    final KeyRing ring;
    int next = 2;

    Admin(KeyRing ring) {
      this.ring = ring;
    }

    void apply(Op op, int arg, long seed) throws Exception {
      List<KeySnapshot.Row> rows = ring.snapshot().rows();
      KeySnapshot.Row pick = rows.get(arg % rows.size());
      boolean primary = pick.state == KeyState.PRIMARY;
      try {
        run(op, pick, primary, rows, seed);
      } catch (java.util.NoSuchElementException e) {
        // the picked key was retired past its deadline and dropped by this very call: nothing to do
      }
    }

    private void run(Op op, KeySnapshot.Row pick, boolean primary, List<KeySnapshot.Row> rows, long seed)
        throws Exception {
      switch (op) {
        case ADD -> assertEquals(next++, ring.add(Secrets.random()));
        case ROTATE -> assertEquals(next++, ring.rotate());
        case PROMOTE -> ring.promote(pick.version());
        case RETIRE_PAST -> {
          if (!primary) {
            ring.retire(pick.version(), Instant.now().minus(Duration.ofHours(1)));
          }
        }
        case RETIRE_FUTURE -> {
          if (!primary) {
            ring.retire(pick.version(), Instant.now().plus(Duration.ofDays(1)));
          }
        }
        case REVOKE -> {
          if (!primary) {
            ring.revoke(pick.version());
          }
        }
        case RELOAD -> reload(rows, new SplittableRandom(seed));
        default -> throw new AssertionError(op);
      }
    }

    /**
     * Replaces the ring's keys as a reload of a rewritten file does: each key kept as it is, given a new secret
     * under its version (regenerated, restored, templated), or dropped; maybe one new staged key.
     */
    void reload(List<KeySnapshot.Row> rows, SplittableRandom r) throws Exception {
      StringBuilder keys = new StringBuilder();
      int primaryAt = -1;
      List<String> lines = new ArrayList<>();
      List<Integer> versions = new ArrayList<>();
      List<KeyState> states = new ArrayList<>();
      for (KeySnapshot.Row row : rows) {
        int choice = r.nextInt(4); // 0, 1: keep; 2: new secret; 3: drop
        if (choice == 3) {
          continue;
        }
        byte[] secret = choice == 2 ? Secrets.random() : row.key.secret().clone();
        String until = row.until == null ? "" : " until=" + row.until;
        lines.add(" created=" + row.key.createdAt + until + " secret=" + b64(secret));
        versions.add(row.version());
        states.add(row.state);
        if (row.state == KeyState.PRIMARY) {
          primaryAt = versions.size() - 1;
        }
      }
      if (r.nextBoolean() || versions.isEmpty()) {
        lines.add(" created=" + Instant.now() + " secret=" + b64(Secrets.random()));
        versions.add(next++);
        states.add(KeyState.STAGED);
      }
      if (primaryAt < 0) {
        primaryAt = versions.size() - 1;
        states.set(primaryAt, KeyState.PRIMARY);
        if (lines.get(primaryAt).contains(" until=")) {
          lines.set(primaryAt, lines.get(primaryAt).replaceFirst(" until=\\S+", ""));
        }
      }
      for (int i = 0; i < versions.size(); i++) {
        keys.append("key ").append(versions.get(i)).append(' ').append(states.get(i).name().toLowerCase(
            java.util.Locale.ROOT)).append(lines.get(i)).append('\n');
      }
      String body = KeyRingText.MAGIC + "\nnext-version " + next + "\n" + keys;
      byte[] sum = java.security.MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.US_ASCII));
      byte[] file = (body + "sha256 " + HexFormat.of().formatHex(sum) + "\n").getBytes(StandardCharsets.US_ASCII);
      KeyRingText.Parsed parsed = KeyRingText.parse(file);
      try {
        ring.replace(parsed);
      } finally {
        parsed.destroy();
      }
    }

    private static String b64(byte[] b) {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
  }

  /** Signs, verifies and tries forgeries until stopped; throws on the first broken promise. */
  static final class Worker {
    final int id;
    final KeyRing ring;
    final CookieCodec signed;
    final CookieCodec encrypted;
    final List<String> forged;
    final AtomicBoolean stop;
    final AtomicLong progress;
    final SplittableRandom random;
    /** Cookies this worker signed, with the key object that made each (known when it was live). */
    final List<Object[]> issued = new ArrayList<>();

    Worker(int id, KeyRing ring, CookieCodec signed, CookieCodec encrypted, List<String> forged, AtomicBoolean stop,
        AtomicLong progress) {
      this.id = id;
      this.ring = ring;
      this.signed = signed;
      this.encrypted = encrypted;
      this.forged = forged;
      this.stop = stop;
      this.progress = progress;
      this.random = new SplittableRandom(id);
    }

    void run() throws Exception {
      KeySnapshot stale = ring.snapshot();
      for (long n = 0; !stop.get(); n++) {
        if (n % 8 == 0) {
          stale = ring.snapshot(); // a snapshot read a while ago, as a descheduled thread holds one
        }
        for (CookieCodec codec : new CookieCodec[] {signed, encrypted}) {
          String value = "w" + id + "-" + n;
          KeySnapshot before = ring.snapshot();
          checkFresh(codec, before, codec.sign(value), value);
          checkFresh(codec, stale, codec.sealWithPrimary(stale, value, System.currentTimeMillis() / 1000), value);
        }
        for (int i = 0; i < 4; i++) {
          String f = forged.get(random.nextInt(forged.size()));
          CookieCodec codec = f.startsWith("e1.") ? encrypted : signed;
          refuse(codec.verify(f), f);
          refuse(codec.verifyWith(stale, f), f);
        }
        if (!issued.isEmpty()) {
          Object[] old = issued.get(random.nextInt(issued.size()));
          KeySnapshot before = ring.snapshot();
          Verification r = ((CookieCodec) old[0]).verify((String) old[1]);
          if (!live(before, (KeyEntry) old[2], System.currentTimeMillis()) && AUTHENTIC.contains(r.status())) {
            throw new AssertionError("a cookie of a key gone before the check was " + r.status() + ": " + old[1]);
          }
        }
        progress.incrementAndGet();
      }
    }

    /** A cookie just made from {@code before} (or a later snapshot), checked at once. */
    void checkFresh(CookieCodec codec, KeySnapshot before, String cookie, String value) throws Exception {
      if (isZeroKeyToken(cookie)) {
        throw new AssertionError("sign returned a zero-key cookie: " + cookie);
      }
      int version = Integer.parseInt(cookie.split("\\.", -1)[1]);
      KeyEntry key = before.lookup(version);
      long t = System.currentTimeMillis();
      boolean liveBefore = key != null && live(before, key, t);
      Verification r = codec.verify(cookie);
      boolean liveAfter = key != null && live(ring.snapshot(), key, System.currentTimeMillis());
      if (r.isValid() && (!r.value().equals(value) || r.keyVersion() != version)) {
        throw new AssertionError("verified as another value or version: " + r + " for " + cookie);
      }
      if (liveBefore && liveAfter) {
        if (!r.isValid()) {
          throw new AssertionError("a cookie whose key was live throughout was " + r.status() + ": " + cookie);
        }
        if (issued.size() < 64) {
          issued.add(new Object[] {codec, cookie, key});
        } else {
          issued.set(random.nextInt(issued.size()), new Object[] {codec, cookie, key});
        }
      }
    }

    /**
     * The test's own oracle, not {@link KeySnapshot#isLive}: whether {@code key}, that object, is a row of {@code s}
     * before its deadline.
     */
    static boolean live(KeySnapshot s, KeyEntry key, long now) {
      for (KeySnapshot.Row row : s.rows()) {
        if (row.key == key) {
          return now < row.untilMillis;
        }
      }
      return false;
    }

    static void refuse(Verification r, String token) {
      if (AUTHENTIC.contains(r.status())) {
        throw new AssertionError("a forged token was " + r.status() + ": " + token);
      }
    }
  }

  /**
   * For every version up to {@code versions}: zero-pad HMAC tokens and zero-key AES tokens issued an hour before,
   * at and an hour after {@code now}, and tokens of foreign keys (other secrets for the same versions).
   */
  static List<String> forgeries(int versions, long now) throws Exception {
    List<String> out = new ArrayList<>();
    byte[] binding = CookieCodec.nameBinding(NAME);
    for (int v = 1; v <= versions; v++) {
      for (long t : new long[] {now - 7200, now, now + 7200}) {
        out.add(CookieCodecTest.DestroyedKey.zeroPadToken(NAME, "s1." + v + "." + t + ".admin."));
        out.add(zeroKeySealed("e1." + v + "." + t + ".", "admin"));
      }
      KeyEntry foreign = new KeyEntry(v, Secrets.random(), Instant.now());
      out.add(new SignedTokens().seal(foreign, binding, now, "admin", 4000));
      out.add(new EncryptedTokens().seal(foreign, binding, now, "admin", 4000));
      foreign.destroy();
    }
    return out;
  }

  /** An {@code e1} token sealed under the all-zero AES-256 key. */
  static String zeroKeySealed(String header, String value) throws GeneralSecurityException {
    byte[] binding = CookieCodec.nameBinding(NAME);
    byte[] aad = new byte[binding.length + header.length()];
    System.arraycopy(binding, 0, aad, 0, binding.length);
    System.arraycopy(header.getBytes(StandardCharsets.US_ASCII), 0, aad, binding.length, header.length());
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[32], "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(aad);
    byte[] ct = c.doFinal(value.getBytes(StandardCharsets.UTF_8));
    byte[] sealed = new byte[12 + ct.length];
    System.arraycopy(nonce, 0, sealed, 0, 12);
    System.arraycopy(ct, 0, sealed, 12, ct.length);
    return header + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
  }

  /** Whether {@code cookie} authenticates under a zero key: zero HMAC pads ({@code s1}) or AES key ({@code e1}). */
  static boolean isZeroKeyToken(String cookie) throws Exception {
    int lastDot = cookie.lastIndexOf('.');
    if (cookie.startsWith("s1.")) {
      return cookie.equals(CookieCodecTest.DestroyedKey.zeroPadToken(NAME, cookie.substring(0, lastDot + 1)));
    }
    int headerEnd = cookie.indexOf('.', cookie.indexOf('.', 3) + 1) + 1;
    String header = cookie.substring(0, headerEnd);
    byte[] sealed = Base64.getUrlDecoder().decode(cookie.substring(headerEnd));
    byte[] binding = CookieCodec.nameBinding(NAME);
    byte[] aad = new byte[binding.length + header.length()];
    System.arraycopy(binding, 0, aad, 0, binding.length);
    System.arraycopy(header.getBytes(StandardCharsets.US_ASCII), 0, aad, binding.length, header.length());
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(new byte[32], "AES"), new GCMParameterSpec(128, sealed, 0, 12));
    c.updateAAD(aad);
    try {
      c.doFinal(sealed, 12, sealed.length - 12);
      return true;
    } catch (javax.crypto.AEADBadTagException e) {
      return false;
    }
  }
}
