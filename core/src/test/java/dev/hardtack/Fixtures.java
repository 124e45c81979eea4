package dev.hardtack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Fixed secrets and clocks for tests. These secrets are public: never use them anywhere else. */
public final class Fixtures {
  public static final byte[] SECRET_1 =
      HexFormat.of().parseHex("f85c76b77c20a8a51dbf4b6189dc7bb41c4a2394c727fad0783fcd494f3acb7c");
  public static final byte[] SECRET_2 =
      HexFormat.of().parseHex("9cbba666121f2eafcdf9c75878112b4fc576124bfc36936d3cdda5ecf4e137a0");
  public static final byte[] SECRET_3 =
      HexFormat.of().parseHex("1849d2bd599942abf65686196fe14817c90482bd50b709ae81f8753e69c25e85");
  /** 2026-11-29T09:00:00Z. */
  public static final Instant NOW = Instant.ofEpochSecond(1795942800L);

  private Fixtures() {}

  public static Clock fixedClock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  /** A clock that tests move by hand. */
  public static class MutableClock extends Clock {
    private final AtomicLong millis;

    public MutableClock(Instant start) {
      this.millis = new AtomicLong(start.toEpochMilli());
    }

    public void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
      return millis.get();
    }
  }

  /** Runs {@code work} on a new thread, so that it starts with fresh (small) per-thread scratch buffers. */
  public static <T> T onFreshThread(Callable<T> work) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        result.set(work.call());
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.start();
    t.join();
    if (failure.get() != null) {
      throw new AssertionError("failed on a fresh thread", failure.get());
    }
    return result.get();
  }
}
