package dev.hardtack;

/**
 * Turns a fuzzer's raw bytes into the strings and edits the fuzz targets need, in a layout simple enough that
 * seed files can be written by hand: printable ASCII stays itself.
 *
 * <p>Characters: a byte below 0x80 is that character; {@code 0xFF hi lo} is the UTF-16 unit {@code hi lo} (so
 * lone surrogates and any BMP character are reachable); any other byte is the Latin-1 character of that value.
 */
public final class FuzzBytes {
  private final byte[] data;
  private int pos;

  public FuzzBytes(byte[] data) {
    this.data = data;
  }

  /** The next byte as 0..255, or 0 when the input is used up. */
  public int nextByte() {
    return pos < data.length ? data[pos++] & 0xff : 0;
  }

  /** Whether every byte has been read. */
  public boolean done() {
    return pos >= data.length;
  }

  /** The next character, decoded as described in the class comment. */
  public char nextChar() {
    int b = nextByte();
    if (b == 0xff) {
      return (char) (nextByte() << 8 | nextByte());
    }
    return (char) b;
  }

  /** Every remaining byte, decoded as characters. */
  public String rest() {
    StringBuilder s = new StringBuilder(data.length - Math.min(pos, data.length));
    while (!done()) {
      s.append(nextChar());
    }
    return s.toString();
  }

  /**
   * Reads a count byte and then that many (at most 7) edits of three bytes each (operation, position, character),
   * and applies them to {@code s}: replace, insert or delete one character.
   */
  public String applyEdits(String s) {
    int count = nextByte() & 7;
    StringBuilder b = new StringBuilder(s);
    for (int i = 0; i < count; i++) {
      int op = nextByte() % 3;
      int at = nextByte();
      char c = nextChar();
      if (op == 0 && b.length() > 0) {
        b.setCharAt(at % b.length(), c);
      } else if (op == 1) {
        b.insert(at % (b.length() + 1), c);
      } else if (op == 2 && b.length() > 0) {
        b.deleteCharAt(at % b.length());
      }
    }
    return b.toString();
  }
}
