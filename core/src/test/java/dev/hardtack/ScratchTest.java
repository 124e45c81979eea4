package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * {@link Scratch}: a fresh one holds no buffer yet and allocates each at exactly the size first asked for; a
 * buffer large enough is reused as it is; one too small grows at least twofold, so that a call that asks again
 * for a little more reallocates only a logarithmic number of times.
 */
class ScratchTest {
  @Test
  void buffers_fresh_exactlyTheSizeFirstAskedFor() {
    Scratch s = new Scratch();
    assertEquals(0, s.buf.length);
    assertEquals(257, s.buf(257).length);
    assertEquals(100, s.data(100).length);
    assertEquals(5, s.plain(5).length);
  }

  @Test
  void buffers_largeEnough_reusedAsTheyAre() {
    Scratch s = new Scratch();
    byte[] buf = s.buf(256);
    byte[] data = s.data(256);
    byte[] plain = s.plain(256);
    assertSame(buf, s.buf(buf.length));
    assertSame(data, s.data(data.length));
    assertSame(plain, s.plain(plain.length));
    assertSame(buf, s.buf(0));
  }

  @Test
  void buffers_oneByteShort_doubled() {
    Scratch s = new Scratch();
    s.buf(256);
    s.data(256);
    s.plain(256);
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
}
