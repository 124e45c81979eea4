package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * {@link Scratch}: a buffer that is large enough is reused as it is (verify allocates nothing in the common
 * case), and one that is too small grows at least twofold, so that a run of ever-longer tokens reallocates only
 * a logarithmic number of times.
 */
class ScratchTest {
  @Test
  void buffers_largeEnough_reusedAsTheyAre() {
    Scratch s = new Scratch();
    byte[] buf = s.buf;
    byte[] data = s.data;
    byte[] plain = s.plain;
    assertSame(buf, s.buf(buf.length));
    assertSame(data, s.data(data.length));
    assertSame(plain, s.plain(plain.length));
    assertSame(buf, s.buf(0));
  }

  @Test
  void buffers_oneByteShort_doubled() {
    Scratch s = new Scratch();
    assertEquals(512, s.buf(257).length);
    assertEquals(512, s.data(257).length);
    assertEquals(512, s.plain(257).length);
    assertEquals(1024, s.buf(513).length);
  }

  @Test
  void buffers_muchLongerRequest_exactlyThatLong() {
    Scratch s = new Scratch();
    assertEquals(5000, s.buf(5000).length);
    assertEquals(5000, s.data(5000).length);
    assertEquals(5000, s.plain(5000).length);
  }

  @Test
  void get_sameThread_sameScratch() {
    assertSame(Scratch.get(), Scratch.get());
  }
}
