package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The keyring file parser at its edges, on files written by hand here (with a correct checksum, so that only the
 * rule under test can refuse them): the decimal numbers' digits and range, the line a message names, and which
 * rule refuses a file when two could.
 */
class KeyRingTextTest {
  private static final String KEY_LINE = "key 1 primary created=2026-11-29T09:00:00Z secret="
      + KeyRingFileTest.b64(Fixtures.SECRET_1);

  /**
   * {@code file} with its last line replaced by (or, when it has none, given) the right {@code sha256} line. The
   * digest comes from the JDK, not from {@link KeyRingText#sha256}, so that the parser is checked against an
   * independent oracle.
   */
  static byte[] withChecksum(byte[] file) {
    int end = file.length;
    if (end > 0 && file[end - 1] == '\n') {
      end--;
    }
    int lastLine = end;
    while (lastLine > 0 && file[lastLine - 1] != '\n') {
      lastLine--;
    }
    byte[] body = new String(file, lastLine, end - lastLine, StandardCharsets.ISO_8859_1).startsWith("sha256 ")
        ? Arrays.copyOf(file, lastLine) : file;
    String sum;
    try {
      sum = "sha256 " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)) + "\n";
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    byte[] out = Arrays.copyOf(body, body.length + sum.length());
    System.arraycopy(sum.getBytes(StandardCharsets.US_ASCII), 0, out, body.length, sum.length());
    return out;
  }

  /** {@code body} (whole lines) followed by its correct checksum line. */
  private static byte[] sealed(String body) {
    return withChecksum(body.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] file(String nextVersion, String keyLine) throws Exception {
    return sealed(KeyRingText.MAGIC + "\nnext-version " + nextVersion + "\n" + keyLine + "\n");
  }

  private static String refusal(byte[] file) {
    return assertThrows(KeyRingFormatException.class, () -> KeyRingText.parse(file)).getMessage();
  }

  @Test
  void parse_nextVersionCanonicalDecimals_acceptedUpToIntMax() throws Exception {
    for (String ok : new String[] {"2", "9", "10", "19", "90", "1000000000", "2147483647"}) {
      assertEquals(Integer.parseInt(ok), KeyRingText.parse(file(ok, KEY_LINE)).nextVersion, ok);
    }
  }

  @Test
  void parse_nextVersionNotCanonical_refusedAsSuch() throws Exception {
    for (String bad : new String[] {"", "02", "00", "12345678901", "1/", "1:", "/", ":", "+5", "1 "}) {
      String m = refusal(file(bad, KEY_LINE));
      assertTrue(m.startsWith("line 2: next-version is not a canonical decimal number"), bad + ": " + m);
    }
    assertTrue(refusal(file("2147483648", KEY_LINE)).startsWith("line 2: next-version is too large"));
    assertTrue(refusal(file("9999999999", KEY_LINE)).startsWith("line 2: next-version is too large"));
    // "0" is a canonical number; it is refused because the key's version is not below it.
    assertTrue(refusal(file("0", KEY_LINE)).startsWith("line 3: version 1 is not below next-version 0"));
  }

  @Test
  void parse_badBytes_messageNamesTheirLine() throws Exception {
    byte[] good = file("2", KEY_LINE);
    int line3 = (KeyRingText.MAGIC + "\nnext-version 2\n").length();
    byte[] cr = good.clone();
    cr[line3 + 3] = '\r';
    assertTrue(refusal(cr).startsWith("line 3: a carriage return"), refusal(cr));
    for (int bad : new int[] {0x7f, 0x1f, 0x00, 0x80, 0xff}) {
      byte[] b = good.clone();
      b[line3 + 3] = (byte) bad;
      assertTrue(refusal(b).startsWith("line 3: a byte that is not printable ASCII"), bad + ": " + refusal(b));
    }
    // The edges of printable ASCII pass the byte scan; another rule refuses the damaged magic line.
    for (char edge : new char[] {' ', '~'}) {
      byte[] b = good.clone();
      b[3] = (byte) edge;
      assertTrue(refusal(b).startsWith("line 1: not a Hardtack keyring file"), edge + ": " + refusal(b));
    }
    byte[] truncated = Arrays.copyOf(good, good.length - 1);
    assertTrue(refusal(truncated).startsWith("line 4: the last line has no line end"), refusal(truncated));
  }

  @Test
  void parse_checksumLineEdges_messageNamesItsLine() throws Exception {
    String body = KeyRingText.MAGIC + "\nnext-version 2\n" + KEY_LINE + "\n";
    byte[] notHex = (body + "sha256 zz\n").getBytes(StandardCharsets.US_ASCII);
    assertTrue(refusal(notHex).startsWith("line 4: the checksum is not hex"), refusal(notHex));
    byte[] noSum = (body + "key 2 staged\n").getBytes(StandardCharsets.US_ASCII);
    assertTrue(refusal(noSum).startsWith("line 4: the file does not end with its 'sha256' line"), refusal(noSum));
    // Magic and checksum only: the checksum line is there, and the file has no key.
    byte[] empty = sealed(KeyRingText.MAGIC + "\n");
    assertTrue(refusal(empty).startsWith("line 2: the file has no key"), refusal(empty));
    byte[] staged = file("2", KEY_LINE.replace("primary", "staged"));
    assertTrue(refusal(staged).startsWith("line 4: no key is primary"), refusal(staged));
  }

  @Test
  void parse_emptySecretAtTheEndOfTheLine_refusedAsASecret() throws Exception {
    String m = refusal(file("2", "key 1 primary created=2026-11-29T09:00:00Z secret="));
    assertTrue(m.startsWith("line 3: "), m);
    assertFalse(m.contains("expected 'key VERSION"), m);
  }
}
