package dev.hardtack.benchmarks;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyRing;
import dev.hardtack.SessionIdGenerator;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One operation per task, each task on a new virtual thread (as a server on Java 21+ runs each request) or on one
 * pooled platform thread (as a classic server does), so that per-thread state rebuilt on every new thread shows.
 * Two readings: the score, net of {@link Op#EMPTY} on the same carrier ({@code op - EMPTY}), which includes
 * starting or waking the thread and is very noisy on a loaded machine; and the operation's own time measured
 * inside the task with {@code System.nanoTime()} ({@code task:opNanos / task:ops}, from {@link OpTime}), which
 * leaves the thread's start and hand-off out. {@code -prof gc} shows what a fresh thread allocates.
 *
 * <p>The module compiles for Java 17, so virtual threads are started through a method handle to
 * {@code Thread.startVirtualThread}; on a JDK without it (before 21) the {@link Carrier#NEW_VIRTUAL}
 * configurations are skipped: they say so once on stderr and return at once, so that the suite still builds and
 * its smoke run passes on JDK 17. Their numbers then mean nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VirtualThreadBenchmark {

  /** {@code Thread.startVirtualThread(Runnable)}, or null before Java 21. */
  static final MethodHandle START_VIRTUAL = startVirtual();

  private static MethodHandle startVirtual() {
    try {
      return MethodHandles.publicLookup().findStatic(
          Thread.class, "startVirtualThread", MethodType.methodType(Thread.class, Runnable.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  /** What each task does. */
  public enum Op {
    /** Nothing: the cost of the thread or the hand-off alone, to subtract. */
    EMPTY,
    /** {@link CookieCodec#sign} of a 43-character id ({@code s1}). */
    SIGN,
    /** {@link CookieCodec#verify} of a valid {@code s1} cookie of a 43-character id. */
    VERIFY,
    /**
     * {@link CookieCodec#verify} of a valid {@code e1} cookie of a 43-character id: its AES-GCM lanes are pooled
     * and picked by the thread, which a new thread must not pay for.
     */
    VERIFY_ENCRYPTED,
    /** {@link SessionIdGenerator#next()}. */
    SESSION_ID,
    /** {@link UUID#randomUUID()}, the usual alternative to a session-id generator. */
    UUID
  }

  /** Where each task runs. */
  public enum Carrier {
    /** A new virtual thread per task (Java 21+; skipped before). */
    NEW_VIRTUAL,
    /** One platform thread, pooled and warm, fed one task at a time. */
    POOLED_PLATFORM
  }

  /** The task and the thread it runs on. */
  @State(Scope.Benchmark)
  public static class Work {
    @Param({"EMPTY", "SIGN", "VERIFY", "VERIFY_ENCRYPTED", "SESSION_ID", "UUID"})
    Op op;

    @Param({"NEW_VIRTUAL", "POOLED_PLATFORM"})
    Carrier carrier;

    boolean skipped;
    ExecutorService pool;
    Runnable task;
    volatile Object sink;
    int index;
    /** Nanoseconds the last task's operation took, written by the task (read after join or get). */
    long lastNanos;

    @Setup(Level.Trial)
    public void setup() {
      KeyRing ring = KeyRing.of(Fixtures.secret(1));
      CookieCodec codec = Fixtures.codec(ring, op == Op.VERIFY_ENCRYPTED, Clock.systemUTC());
      String[] values = Fixtures.values(Fixtures.INPUTS, 43, 7);
      String[] cookies = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        cookies[i] = codec.sign(values[i]);
      }
      SessionIdGenerator ids = SessionIdGenerator.create();
      switch (op) {
        case EMPTY:
          task = () -> sink = this;
          break;
        case SIGN:
          task = () -> sink = codec.sign(values[index++ & (Fixtures.INPUTS - 1)]);
          break;
        case VERIFY:
        case VERIFY_ENCRYPTED:
          task = () -> {
            Object r = codec.verify(cookies[index++ & (Fixtures.INPUTS - 1)]);
            if (!((dev.hardtack.Verification) r).isValid()) {
              throw new AssertionError(r.toString());
            }
            sink = r;
          };
          break;
        case SESSION_ID:
          task = () -> sink = ids.next();
          break;
        case UUID:
          task = () -> sink = java.util.UUID.randomUUID();
          break;
        default:
          throw new AssertionError(op);
      }
      Runnable op = task;
      task = () -> {
        long t0 = System.nanoTime();
        op.run();
        lastNanos = System.nanoTime() - t0;
      };
      if (carrier == Carrier.NEW_VIRTUAL && START_VIRTUAL == null) {
        skipped = true;
        System.err.println("VirtualThreadBenchmark: no virtual threads before Java 21 ("
            + System.getProperty("java.version") + "): " + op + " on NEW_VIRTUAL skipped");
      }
      if (carrier == Carrier.POOLED_PLATFORM) {
        pool = Executors.newSingleThreadExecutor();
        run(); // start and warm the pooled thread
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }

    Object run() {
      try {
        if (carrier == Carrier.POOLED_PLATFORM) {
          pool.submit(task).get();
        } else if (!skipped) {
          Thread t = (Thread) START_VIRTUAL.invokeExact(task);
          t.join();
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
      return sink;
    }
  }

  /** The operation's own time, summed over an iteration: mean = opNanos / ops. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class OpTime {
    public long opNanos;
    public long ops;

    @Setup(Level.Iteration)
    public void reset() {
      opNanos = 0;
      ops = 0;
    }
  }

  /** Runs one task on the carrier and waits for it. */
  @Benchmark
  public Object task(Work w, OpTime t) {
    Object r = w.run();
    t.opNanos += w.lastNanos;
    t.ops++;
    return r;
  }
}
