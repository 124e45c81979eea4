package dev.hardtack;

import dev.hardtack.internal.Base64Codec;
import dev.hardtack.internal.ConstantTime;
import dev.hardtack.internal.SecretPolicy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The plain keyring text format (docs/KEYRING.md): encoding, and strict parsing into plain data ({@link Parsed})
 * that {@link KeyRing} turns into its snapshot. Nothing here touches a live ring.
 *
 * <pre>
 * hardtack-keyring 1
 * next-version 4
 * key 2 retired created=2026-10-01T09:00:00Z until=2027-01-01T00:00:00Z secret=&lt;base64url&gt;
 * key 3 primary created=2026-11-29T09:00:00Z last-used=2026-11-29T09:10:11Z secret=&lt;base64url&gt;
 * sha256 &lt;64 lowercase hex digits: SHA-256 of every byte before this line&gt;
 * </pre>
 *
 * <p>Everything is bounded before it is used: the whole file (by the reader), the number of keys, the spread of
 * their versions (a snapshot is a table indexed by version) and the length of each secret. Parse errors name the
 * line and the problem, never the line's content (it may hold a secret).
 */
final class KeyRingText {
  static final String MAGIC = "hardtack-keyring 1";
  /** More keys than this in one file are refused (and never written). */
  static final int MAX_KEYS = 1024;
  /** The highest version of a file minus its lowest is below this (and a ring's, to be written). */
  static final int MAX_VERSION_SPREAD = 1 << 16;
  /** The longest secret accepted, in bytes. */
  static final int MAX_SECRET_BYTES = 1024;

  private static final byte[] SECRET_FIELD = " secret=".getBytes(StandardCharsets.US_ASCII);

  private KeyRingText() {}

  // ------------------------------------------------------------------------------------------ encoding

  /**
   * The plain file's bytes. The caller zeroes them when done: they hold secrets.
   *
   * @throws IllegalStateException when the ring is beyond what a file may hold ({@link #MAX_KEYS}, {@link
   *     #MAX_VERSION_SPREAD}), so that no file is written that no reader would load
   */
  static byte[] encode(int nextVersion, List<KeySnapshot.Row> slots) {
    if (slots.size() > MAX_KEYS) {
      throw new IllegalStateException("the ring holds " + slots.size() + " keys; a keyring file holds at most "
          + MAX_KEYS + ": revoke old ones first");
    }
    int first = slots.get(0).key.version;
    int last = slots.get(slots.size() - 1).key.version;
    if ((long) last - first >= MAX_VERSION_SPREAD) {
      throw new IllegalStateException("the ring's versions " + first + " to " + last + " span more than "
          + MAX_VERSION_SPREAD + ", the most a keyring file holds: revoke the oldest keys first");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 128 * slots.size());
    ascii(out, MAGIC + "\n");
    ascii(out, "next-version " + nextVersion + "\n");
    for (KeySnapshot.Row s : slots) {
      KeyEntry e = s.key;
      StringBuilder b = new StringBuilder("key ").append(e.version).append(' ')
          .append(s.state.name().toLowerCase(Locale.ROOT))
          .append(" created=").append(e.createdAt);
      if (s.until != null) {
        b.append(" until=").append(s.until);
      }
      long used = e.lastUsedMillis;
      if (used != 0) {
        b.append(" last-used=").append(Instant.ofEpochMilli(used));
      }
      ascii(out, b.append(" secret=").toString());
      byte[] secret = e.secret();
      byte[] enc = new byte[Base64Codec.encodedLength(secret.length)];
      Base64Codec.URL.encode(secret, 0, secret.length, enc, 0);
      out.write(enc, 0, enc.length);
      Arrays.fill(enc, (byte) 0);
      out.write('\n');
    }
    byte[] body = out.toByteArray();
    ascii(out, "sha256 " + HexFormat.of().formatHex(sha256(body, 0, body.length)) + "\n");
    Arrays.fill(body, (byte) 0);
    byte[] all = out.toByteArray();
    // ByteArrayOutputStream's own buffer still holds the secrets: overwrite it through reset + rewrite.
    out.reset();
    out.write(new byte[all.length], 0, all.length);
    return all;
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    out.write(b, 0, b.length);
  }

  // ------------------------------------------------------------------------------------------ plain data

  /** A parsed file: plain data, no live key. {@link #destroy()} zeroes its secrets. */
  static final class Parsed {
    final int nextVersion;
    final List<Key> keys;

    Parsed(int nextVersion, List<Key> keys) {
      this.nextVersion = nextVersion;
      this.keys = keys;
    }

    void destroy() {
      for (Key k : keys) {
        Arrays.fill(k.secret, (byte) 0);
      }
    }
  }

  /** One {@code key} line. */
  static final class Key {
    final int version;
    final KeyState state;
    final Instant created;
    final Instant until;
    final Instant lastUsed;
    final byte[] secret;

    Key(int version, KeyState state, Instant created, Instant until, Instant lastUsed, byte[] secret) {
      this.version = version;
      this.state = state;
      this.created = created;
      this.until = until;
      this.lastUsed = lastUsed;
      this.secret = secret;
    }
  }

  // ------------------------------------------------------------------------------------------ parsing

  private static KeyRingFormatException error(int line, String problem) {
    return KeyRingFormatException.at(line, problem);
  }

  /** Parses a plain keyring file, checking everything the format promises. */
  static Parsed parse(byte[] b) throws KeyRingFormatException {
    if (b.length == 0) {
      throw error(0, "the file is empty: not a keyring (an interrupted copy?)");
    }
    List<int[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < b.length; i++) {
      int c = b[i] & 0xff;
      if (c == '\n') {
        lines.add(new int[] {start, i});
        start = i + 1;
      } else if (c == '\r') {
        throw error(lines.size() + 1, "a carriage return: lines must end in LF only");
      } else if (c < 0x20 || c > 0x7e) {
        throw error(lines.size() + 1, "a byte that is not printable ASCII (damaged?)");
      }
    }
    if (start != b.length) {
      throw error(lines.size() + 1, "the last line has no line end: the file is truncated");
    }
    if (!text(b, lines.get(0)).equals(MAGIC)) {
      throw error(1, "not a Hardtack keyring file (expected '" + MAGIC + "')");
    }
    int last = lines.size() - 1;
    if (last < 1 || !text(b, lines.get(last)).startsWith("sha256 ")) {
      throw error(last + 1, "the file does not end with its 'sha256' line: it is truncated or damaged");
    }
    if (lines.size() < 4) {
      throw error(lines.size(), "the file has no key: it is truncated or damaged");
    }
    if (lines.size() - 3 > MAX_KEYS) {
      throw error(3 + MAX_KEYS, "more than " + MAX_KEYS + " keys: not a keyring this library wrote");
    }
    String next = text(b, lines.get(1));
    if (!next.startsWith("next-version ")) {
      throw error(2, "expected 'next-version N'");
    }
    int nextVersion = number(next.substring(13), 2, "next-version");
    List<Key> keys = new ArrayList<>();
    try {
      int primaries = 0;
      int first = 0;
      int previous = 0;
      for (int li = 2; li < last; li++) {
        int lineNo = li + 1;
        Key k = parseKey(b, lines.get(li), lineNo);
        keys.add(k);
        if (k.version <= previous) {
          throw error(lineNo, k.version == previous
              ? "version " + k.version + " appears twice (also line " + (lineNo - 1) + ")"
              : "version " + k.version + " follows version " + previous
                  + ": keys must be in ascending version order (lines reordered?)");
        }
        if (first == 0) {
          first = k.version;
        } else if (k.version - first >= MAX_VERSION_SPREAD) {
          throw error(lineNo, "version " + k.version + " and version " + first + " span more than "
              + MAX_VERSION_SPREAD + " versions, the most a keyring file holds (revoke the oldest keys)");
        }
        previous = k.version;
        if (k.version >= nextVersion) {
          throw error(lineNo, "version " + k.version + " is not below next-version " + nextVersion
              + " (versions are never reused)");
        }
        if (k.state == KeyState.PRIMARY && ++primaries > 1) {
          throw error(lineNo, "a second primary key: exactly one key is primary");
        }
        for (Key other : keys) {
          if (other != k && ConstantTime.equal(other.secret, k.secret)) {
            throw error(lineNo, "version " + k.version + " has the same secret as version " + other.version
                + ": one secret, one version");
          }
        }
      }
      if (primaries == 0) {
        throw error(last + 1, "no key is primary: exactly one key must be");
      }
      String sum = text(b, lines.get(last)).substring(7);
      byte[] expected;
      try {
        expected = HexFormat.of().parseHex(sum);
      } catch (IllegalArgumentException e) {
        throw error(last + 1, "the checksum is not hex");
      }
      byte[] actual = sha256(b, 0, lines.get(last)[0]);
      if (expected.length != 32 || !ConstantTime.equal(expected, actual)
          || !sum.equals(sum.toLowerCase(Locale.ROOT))) {
        throw error(last + 1, "the checksum does not match the lines above it: the file is damaged (or was"
            + " edited by hand)");
      }
      return new Parsed(nextVersion, keys);
    } catch (KeyRingFormatException e) {
      new Parsed(nextVersion, keys).destroy();
      throw e;
    }
  }

  private static Key parseKey(byte[] b, int[] line, int lineNo) throws KeyRingFormatException {
    // Everything before " secret=" is safe to turn into a String; the secret is decoded from the bytes.
    int secretAt = indexOf(b, line[0], line[1], SECRET_FIELD);
    if (secretAt < 0) {
      throw error(lineNo, "expected 'key VERSION STATE created=... secret=...'");
    }
    String[] f = new String(b, line[0], secretAt - line[0], StandardCharsets.US_ASCII).split(" ", -1);
    if (f.length < 4 || !f[0].equals("key")) {
      throw error(lineNo, "expected 'key VERSION STATE created=... secret=...'");
    }
    int version = number(f[1], lineNo, "the version");
    if (version < 1) {
      throw error(lineNo, "a version must be at least 1");
    }
    KeyState state;
    switch (f[2]) {
      case "staged": state = KeyState.STAGED; break;
      case "primary": state = KeyState.PRIMARY; break;
      case "retired": state = KeyState.RETIRED; break;
      default: throw error(lineNo, "the state must be staged, primary or retired");
    }
    Instant created;
    Instant until = null;
    Instant lastUsed = null;
    int i = 3;
    if (f[i].startsWith("created=")) {
      created = instant(f[i++].substring(8), lineNo, "created");
    } else {
      throw error(lineNo, "'created=' must follow the state");
    }
    if (i < f.length && f[i].startsWith("until=")) {
      if (state != KeyState.RETIRED) {
        throw error(lineNo, "only a retired key has an 'until' deadline");
      }
      until = instant(f[i++].substring(6), lineNo, "until");
    }
    if (i < f.length && f[i].startsWith("last-used=")) {
      lastUsed = instant(f[i++].substring(10), lineNo, "last-used");
    }
    if (i != f.length) {
      throw error(lineNo, "an unknown or misplaced field (fields: created, until, last-used, secret, in that"
          + " order)");
    }
    int from = secretAt + SECRET_FIELD.length;
    int to = line[1];
    if (to - from > Base64Codec.encodedLength(MAX_SECRET_BYTES)) {
      throw error(lineNo, "the secret of version " + version + " is over " + MAX_SECRET_BYTES + " bytes");
    }
    int length = Base64Codec.decodedLength(to - from);
    byte[] secret = new byte[Math.max(length, 0)];
    if (length < 0 || Base64Codec.URL.decode(b, from, to, secret, 0) < 0) {
      Arrays.fill(secret, (byte) 0);
      throw error(lineNo, "the secret of version " + version + " is not canonical base64url (RFC 4648 section 5,"
          + " no padding, unused bits zero)");
    }
    try {
      SecretPolicy.requireStrong(secret);
    } catch (IllegalArgumentException e) {
      Arrays.fill(secret, (byte) 0);
      throw error(lineNo, "the secret of version " + version + " is refused: " + e.getMessage());
    }
    return new Key(version, state, created, until, lastUsed, secret);
  }

  static int number(String s, int lineNo, String what) throws KeyRingFormatException {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')
        || (s.length() > 1 && s.charAt(0) == '0')) {
      throw error(lineNo, what + " is not a canonical decimal number");
    }
    long v = Long.parseLong(s);
    if (v > Integer.MAX_VALUE) {
      throw error(lineNo, what + " is too large");
    }
    return (int) v;
  }

  private static Instant instant(String s, int lineNo, String what) throws KeyRingFormatException {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw error(lineNo, "'" + what + "' is not an ISO-8601 UTC instant");
    }
  }

  private static String text(byte[] b, int[] line) {
    return new String(b, line[0], line[1] - line[0], StandardCharsets.US_ASCII);
  }

  private static int indexOf(byte[] b, int from, int to, byte[] needle) {
    outer:
    for (int i = from; i + needle.length <= to; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (b[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static byte[] sha256(byte[] b, int from, int to) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(b, from, to - from);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
