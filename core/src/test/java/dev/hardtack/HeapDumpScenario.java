package dev.hardtack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The child process of {@link KeyMaterialHeapDumpTest}. Arguments: the hex secrets of keys 2 and 3, then two
 * heap-dump paths. Builds a ring of three keys; a pool of {@value #THREADS} threads signs, seals and verifies
 * small and large values with keys 2 and 3 while each is the primary (so every per-thread and pooled object
 * has seen them); dumps the live heap; revokes key 2 and lets key 3's retirement deadline pass; dumps the live
 * heap again while the pool's threads are still alive and idle. Prints {@code done} when both dumps are written.
 */
public final class HeapDumpScenario {
  static final int THREADS = 8;
  /** Kept reachable until the end, as a server keeps its ring and codecs. */
  static KeyRing ring;
  static final List<CookieCodec> CODECS = new ArrayList<>();

  private HeapDumpScenario() {}

  public static void main(String[] args) throws Exception {
    HexFormat hex = HexFormat.of();
    ring = KeyRing.generate();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    for (int i = 0; i < 2; i++) {
      byte[] secret = hex.parseHex(args[i]);
      int version = ring.add(secret);
      java.util.Arrays.fill(secret, (byte) 0);
      ring.promote(version);
      work(pool);
    }
    ring.promote(1);
    dump(args[2], true);
    ring.revoke(2);
    ring.retire(3, Instant.now().minus(Duration.ofSeconds(1)));
    if (ring.keys().size() != 1) { // dropping the retired key happens at this admin call
      throw new AssertionError("keys 2 and 3 should be gone: " + ring.keys());
    }
    work(pool); // key 1 only, on the same threads
    dump(args[3], true);
    System.out.println("done");
    pool.shutdownNow();
  }

  private static void work(ExecutorService pool) throws Exception {
    CODECS.clear();
    CODECS.add(CookieCodec.builder(ring).cookieName("sid").build());
    CODECS.add(CookieCodec.builder(ring).cookieName("enc").encrypted().build());
    String big = "v".repeat(1000); // over AesGcm's software-GHASH limit: the JDK's GCM opens it
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS * 4; t++) {
      done.add(pool.submit(() -> {
        for (int i = 0; i < 200; i++) {
          for (CookieCodec codec : CODECS) {
            for (String value : new String[] {"small-" + i, big}) {
              String token = codec.sign(value);
              if (!codec.verify(token).isValid()) {
                throw new AssertionError("round trip failed");
              }
              codec.verify(token.substring(0, token.length() - 2) + "AA"); // and a forgery
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
  }

  /** Dumps this JVM's heap to {@code path}: the live objects only, or everything, garbage included. */
  public static void dump(String path, boolean liveOnly) throws Exception {
    // By reflection: the test sources are compiled into module dev.hardtack, which does not read
    // jdk.management; this class runs on the class path, where it may.
    Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
    Class<?> diagnostics = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
    Object bean = factory.getMethod("getPlatformMXBean", Class.class).invoke(null, diagnostics);
    diagnostics.getMethod("dumpHeap", String.class, boolean.class).invoke(bean, path, liveOnly);
  }
}
