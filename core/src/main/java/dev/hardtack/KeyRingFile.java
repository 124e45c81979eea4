package dev.hardtack;

import dev.hardtack.internal.ConstantTime;
import dev.hardtack.internal.SecretPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The keyring file format (docs/KEYRING.md): encoding, strict parsing, optional encryption, atomic writes.
 *
 * <p>Plain format, ASCII, every line ending in LF:
 *
 * <pre>
 * hardtack-keyring 1
 * next-version 4
 * key 2 retired created=2026-10-01T09:00:00Z until=2027-01-01T00:00:00Z secret=&lt;base64url&gt;
 * key 3 primary created=2026-11-29T09:00:00Z last-used=2026-11-29T09:10:11Z secret=&lt;base64url&gt;
 * sha256 &lt;64 lowercase hex digits: SHA-256 of every byte before this line&gt;
 * </pre>
 *
 * <p>Parse errors name the line and the problem, never the line's content (it may hold a secret).
 */
final class KeyRingFile {
  static final String MAGIC = "hardtack-keyring 1";
  static final String ENCRYPTED_MAGIC = "hardtack-keyring-encrypted 1";
  /** Larger files are refused before they are read whole. */
  static final int MAX_BYTES = 1 << 20;
  static final int MIN_PASSPHRASE_CHARS = 16;

  // Argon2id parameters for new files (RFC 9106's second recommended option), and the bounds accepted on load.
  static final int ARGON_MEMORY_KIB = 64 * 1024;
  static final int ARGON_PASSES = 3;
  static final int ARGON_LANES = 1;
  private static final int MAX_ARGON_MEMORY_KIB = 1024 * 1024;
  private static final int MAX_ARGON_PASSES = 16;
  private static final int MAX_ARGON_LANES = 16;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private KeyRingFile() {}

  // ------------------------------------------------------------------------------------------ encoding

  /** The plain file's bytes. The caller zeroes them when done: they hold secrets. */
  static byte[] encode(int nextVersion, List<KeyRing.Slot> slots) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 128 * slots.size());
    ascii(out, MAGIC + "\n");
    ascii(out, "next-version " + nextVersion + "\n");
    for (KeyRing.Slot s : slots) {
      KeyEntry e = s.entry;
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
      byte[] enc = B64.encode(e.secret());
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

  // ------------------------------------------------------------------------------------------ parsing

  /** A parsed file; {@link #destroy()} zeroes its secrets. */
  static final class Parsed {
    final int nextVersion;
    final List<Key> keys;

    Parsed(int nextVersion, List<Key> keys) {
      this.nextVersion = nextVersion;
      this.keys = keys;
    }

    /**
     * A snapshot of these keys, reusing {@code old}'s entry for each key whose version and secret are
     * unchanged, and leaving out retired keys whose deadline is not after {@code now}.
     */
    KeyRing.Snapshot toSnapshot(KeyRing.Snapshot old, Instant now) {
      List<KeyRing.Slot> slots = new ArrayList<>(keys.size());
      for (Key k : keys) {
        if (k.until != null && !k.until.isAfter(now)) {
          continue;
        }
        KeyEntry e = old == null ? null : old.lookup(k.version);
        if (e == null || !ConstantTime.equal(e.secret(), k.secret)) {
          e = new KeyEntry(k.version, k.secret, k.created);
        }
        if (k.lastUsed != null) {
          long used = KeyRing.Snapshot.millis(k.lastUsed);
          if (used > e.lastUsedMillis) {
            e.lastUsedMillis = used;
          }
        }
        slots.add(new KeyRing.Slot(e, k.state, k.until));
      }
      return KeyRing.Snapshot.of(slots);
    }

    void destroy() {
      for (Key k : keys) {
        Arrays.fill(k.secret, (byte) 0);
      }
    }
  }

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

  /** Reads, decrypts when needed, and parses {@code file}; errors are prefixed with the file's name. */
  static Parsed read(Path file, char[] passphrase) throws IOException {
    byte[] bytes = readLimited(file);
    try {
      return parseAny(bytes, passphrase);
    } catch (FormatException e) {
      throw new IOException(file + ": " + e.getMessage());
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  static Parsed parseAny(byte[] bytes, char[] passphrase) throws FormatException {
    if (startsWith(bytes, ENCRYPTED_MAGIC + "\n")) {
      if (passphrase == null) {
        throw new FormatException("line 1: the file is encrypted: give its passphrase");
      }
      byte[] plain = decrypt(bytes, passphrase);
      try {
        return parse(plain);
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    }
    return parse(bytes);
  }

  /** Thrown by the parser; its message names the line and the problem, never the content. */
  static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    FormatException(String message) {
      super(message, null, false, false);
    }
  }

  /** Parses a plain keyring file, checking everything the format promises. */
  static Parsed parse(byte[] b) throws FormatException {
    if (b.length == 0) {
      throw new FormatException("the file is empty: not a keyring (an interrupted copy?)");
    }
    List<int[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < b.length; i++) {
      int c = b[i] & 0xff;
      if (c == '\n') {
        lines.add(new int[] {start, i});
        start = i + 1;
      } else if (c == '\r') {
        throw new FormatException("line " + (lines.size() + 1) + ": a carriage return: lines must end in LF only");
      } else if (c < 0x20 || c > 0x7e) {
        throw new FormatException("line " + (lines.size() + 1) + ": a byte that is not printable ASCII (damaged?)");
      }
    }
    if (start != b.length) {
      throw new FormatException("line " + (lines.size() + 1)
          + ": the last line has no line end: the file is truncated");
    }
    if (!text(b, lines.get(0)).equals(MAGIC)) {
      throw new FormatException("line 1: not a Hardtack keyring file (expected '" + MAGIC + "')");
    }
    int last = lines.size() - 1;
    if (last < 1 || !text(b, lines.get(last)).startsWith("sha256 ")) {
      throw new FormatException("line " + (last + 1)
          + ": the file does not end with its 'sha256' line: it is truncated or damaged");
    }
    if (lines.size() < 4) {
      throw new FormatException("line " + lines.size() + ": the file has no key: it is truncated or damaged");
    }
    String next = text(b, lines.get(1));
    if (!next.startsWith("next-version ")) {
      throw new FormatException("line 2: expected 'next-version N'");
    }
    int nextVersion = number(next.substring(13), 2, "next-version");
    List<Key> keys = new ArrayList<>();
    try {
      int primaries = 0;
      Map<Integer, Integer> lineOf = new HashMap<>();
      int previous = 0;
      for (int li = 2; li < last; li++) {
        Key k = parseKey(b, lines.get(li), li + 1);
        keys.add(k);
        Integer other = lineOf.putIfAbsent(k.version, li + 1);
        if (other != null) {
          throw new FormatException("line " + (li + 1) + ": version " + k.version + " appears twice (also line "
              + other + ")");
        }
        if (k.version < previous) {
          throw new FormatException("line " + (li + 1) + ": version " + k.version + " follows version " + previous
              + ": keys must be in ascending version order (lines reordered?)");
        }
        previous = k.version;
        if (k.version >= nextVersion) {
          throw new FormatException("line " + (li + 1) + ": version " + k.version + " is not below next-version "
              + nextVersion + " (versions are never reused)");
        }
        if (k.state == KeyState.PRIMARY && ++primaries > 1) {
          throw new FormatException("line " + (li + 1) + ": a second primary key: exactly one key is primary");
        }
      }
      if (primaries == 0) {
        throw new FormatException("line " + (last + 1) + ": no key is primary: exactly one key must be");
      }
      String sum = text(b, lines.get(last)).substring(7);
      byte[] expected;
      try {
        expected = HexFormat.of().parseHex(sum);
      } catch (IllegalArgumentException e) {
        throw new FormatException("line " + (last + 1) + ": the checksum is not hex");
      }
      byte[] actual = sha256(b, 0, lines.get(last)[0]);
      if (expected.length != 32 || !ConstantTime.equal(expected, actual)
          || !sum.equals(sum.toLowerCase(Locale.ROOT))) {
        throw new FormatException("line " + (last + 1) + ": the checksum does not match the lines above it: the"
            + " file is damaged (or was edited by hand)");
      }
      return new Parsed(nextVersion, keys);
    } catch (FormatException e) {
      new Parsed(nextVersion, keys).destroy();
      throw e;
    }
  }

  private static Key parseKey(byte[] b, int[] line, int lineNo) throws FormatException {
    // Everything before " secret=" is safe to turn into a String; the secret is decoded from the bytes.
    int secretAt = indexOf(b, line[0], line[1], " secret=".getBytes(StandardCharsets.US_ASCII));
    if (secretAt < 0) {
      throw new FormatException("line " + lineNo + ": expected 'key VERSION STATE created=... secret=...'");
    }
    String[] f = new String(b, line[0], secretAt - line[0], StandardCharsets.US_ASCII).split(" ", -1);
    if (f.length < 4 || !f[0].equals("key")) {
      throw new FormatException("line " + lineNo + ": expected 'key VERSION STATE created=... secret=...'");
    }
    int version = number(f[1], lineNo, "the version");
    if (version < 1) {
      throw new FormatException("line " + lineNo + ": a version must be at least 1");
    }
    KeyState state;
    switch (f[2]) {
      case "staged": state = KeyState.STAGED; break;
      case "primary": state = KeyState.PRIMARY; break;
      case "retired": state = KeyState.RETIRED; break;
      default: throw new FormatException("line " + lineNo + ": the state must be staged, primary or retired");
    }
    Instant created = null;
    Instant until = null;
    Instant lastUsed = null;
    int i = 3;
    if (f[i].startsWith("created=")) {
      created = instant(f[i++].substring(8), lineNo, "created");
    } else {
      throw new FormatException("line " + lineNo + ": 'created=' must follow the state");
    }
    if (i < f.length && f[i].startsWith("until=")) {
      if (state != KeyState.RETIRED) {
        throw new FormatException("line " + lineNo + ": only a retired key has an 'until' deadline");
      }
      until = instant(f[i++].substring(6), lineNo, "until");
    }
    if (i < f.length && f[i].startsWith("last-used=")) {
      lastUsed = instant(f[i++].substring(10), lineNo, "last-used");
    }
    if (i != f.length) {
      throw new FormatException("line " + lineNo + ": an unknown or misplaced field (fields: created, until,"
          + " last-used, secret, in that order)");
    }
    int from = secretAt + 8;
    byte[] enc = Arrays.copyOfRange(b, from, line[1]);
    byte[] secret;
    try {
      secret = B64D.decode(enc);
    } catch (IllegalArgumentException e) {
      throw new FormatException("line " + lineNo + ": the secret of version " + version + " is not base64url");
    } finally {
      Arrays.fill(enc, (byte) 0);
    }
    try {
      SecretPolicy.requireStrong(secret);
    } catch (IllegalArgumentException e) {
      Arrays.fill(secret, (byte) 0);
      throw new FormatException("line " + lineNo + ": the secret of version " + version + " is refused: "
          + e.getMessage());
    }
    return new Key(version, state, created, until, lastUsed, secret);
  }

  private static int number(String s, int lineNo, String what) throws FormatException {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')
        || (s.length() > 1 && s.charAt(0) == '0')) {
      throw new FormatException("line " + lineNo + ": " + what + " is not a canonical decimal number");
    }
    long v = Long.parseLong(s);
    if (v > Integer.MAX_VALUE) {
      throw new FormatException("line " + lineNo + ": " + what + " is too large");
    }
    return (int) v;
  }

  private static Instant instant(String s, int lineNo, String what) throws FormatException {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new FormatException("line " + lineNo + ": '" + what + "' is not an ISO-8601 UTC instant");
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

  private static boolean startsWith(byte[] b, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    // The magic is public, but byte arrays are compared in one place only (ArchitectureTest).
    return b.length >= p.length && ConstantTime.equal(Arrays.copyOf(b, p.length), p);
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

  // ------------------------------------------------------------------------------------------ encryption

  static void requireStrongPassphrase(char[] passphrase) {
    if (passphrase == null) {
      throw new NullPointerException("passphrase");
    }
    if (passphrase.length < MIN_PASSPHRASE_CHARS) {
      throw new IllegalArgumentException("a keyring passphrase needs at least " + MIN_PASSPHRASE_CHARS
          + " characters (a generated one, or five random words); this one has " + passphrase.length);
    }
  }

  /**
   * The encrypted file: a header of three lines (magic, KDF parameters with salt, AEAD with nonce), then
   * {@code data <base64url of ciphertext and tag>}. The header's bytes are the AEAD's associated data.
   */
  static byte[] encrypt(byte[] plain, char[] passphrase) {
    byte[] salt = new byte[16];
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(nonce);
    String header = ENCRYPTED_MAGIC + "\n"
        + "kdf argon2id v=19 m=" + ARGON_MEMORY_KIB + " t=" + ARGON_PASSES + " p=" + ARGON_LANES
        + " salt=" + B64.encodeToString(salt) + "\n"
        + "aead aes-256-gcm nonce=" + B64.encodeToString(nonce) + "\n";
    byte[] aad = header.getBytes(StandardCharsets.US_ASCII);
    byte[] key = argon2id(passphrase, salt, ARGON_MEMORY_KIB, ARGON_PASSES, ARGON_LANES);
    byte[] sealed;
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(aad);
      sealed = c.doFinal(plain);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(aad, 0, aad.length);
    ascii(out, "data " + B64.encodeToString(sealed) + "\n");
    return out.toByteArray();
  }

  static byte[] decrypt(byte[] b, char[] passphrase) throws FormatException {
    String all = new String(b, StandardCharsets.US_ASCII);
    String[] lines = all.split("\n", -1);
    if (lines.length != 5 || !lines[4].isEmpty()) {
      throw new FormatException("line " + Math.min(lines.length, 5)
          + ": an encrypted keyring has exactly four lines, each ending in LF: the file is truncated or damaged");
    }
    String[] kdf = lines[1].split(" ", -1);
    if (kdf.length != 7 || !kdf[0].equals("kdf") || !kdf[1].equals("argon2id") || !kdf[2].equals("v=19")) {
      throw new FormatException("line 2: expected 'kdf argon2id v=19 m=.. t=.. p=.. salt=..'");
    }
    int m = param(kdf[3], "m=", 8, MAX_ARGON_MEMORY_KIB);
    int t = param(kdf[4], "t=", 1, MAX_ARGON_PASSES);
    int p = param(kdf[5], "p=", 1, MAX_ARGON_LANES);
    byte[] salt = b64(kdf[6], "salt=", 2);
    if (!lines[2].startsWith("aead aes-256-gcm nonce=")) {
      throw new FormatException("line 3: expected 'aead aes-256-gcm nonce=..'");
    }
    byte[] nonce = b64(lines[2].substring("aead aes-256-gcm ".length()), "nonce=", 3);
    if (salt.length < 16 || nonce.length != 12) {
      throw new FormatException("line " + (salt.length < 16 ? 2 : 3) + ": the salt or nonce has the wrong length");
    }
    if (!lines[3].startsWith("data ")) {
      throw new FormatException("line 4: expected 'data ..'");
    }
    byte[] sealed = b64(lines[3].substring(5), "", 4);
    int aadLength = lines[0].length() + lines[1].length() + lines[2].length() + 3;
    byte[] key = argon2id(passphrase, salt, m, t, p);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(b, 0, aadLength);
      return c.doFinal(sealed);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new FormatException("line 4: cannot decrypt: a wrong passphrase, or the file is damaged or altered");
    } catch (GeneralSecurityException e) {
      throw new FormatException("line 4: cannot decrypt: " + e.getClass().getSimpleName());
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static int param(String field, String name, int min, int max) throws FormatException {
    if (!field.startsWith(name)) {
      throw new FormatException("line 2: expected '" + name + "..'");
    }
    int v = number(field.substring(name.length()), 2, name.substring(0, name.length() - 1));
    if (v < min || v > max) {
      throw new FormatException("line 2: Argon2id parameter " + name + v + " is outside " + min + ".." + max);
    }
    return v;
  }

  private static byte[] b64(String field, String name, int lineNo) throws FormatException {
    if (!field.startsWith(name)) {
      throw new FormatException("line " + lineNo + ": expected '" + name + "..'");
    }
    try {
      return B64D.decode(field.substring(name.length()));
    } catch (IllegalArgumentException e) {
      throw new FormatException("line " + lineNo + ": not base64url");
    }
  }

  // The whole backing array is wiped on purpose, whatever its offset: it held the encoded passphrase.
  @SuppressWarnings("ByteBufferBackingArray")
  static byte[] argon2id(char[] passphrase, byte[] salt, int memoryKib, int passes, int lanes) {
    ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
    byte[] pw = new byte[bb.remaining()];
    bb.get(pw);
    if (bb.hasArray()) {
      Arrays.fill(bb.array(), (byte) 0);
    }
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib)
        .withIterations(passes)
        .withParallelism(lanes)
        .withSalt(salt)
        .build());
    byte[] key = new byte[32];
    gen.generateBytes(pw, key);
    Arrays.fill(pw, (byte) 0);
    return key;
  }

  // ------------------------------------------------------------------------------------------ I/O

  /** Reads {@code file} (following symbolic links), refusing files over {@link #MAX_BYTES}. */
  static byte[] readLimited(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(MAX_BYTES + 1);
      if (b.length > MAX_BYTES) {
        Arrays.fill(b, (byte) 0);
        throw new IOException(file + ": over " + MAX_BYTES + " bytes: not a keyring file");
      }
      return b;
    }
  }

  /**
   * Writes {@code bytes} to {@code file} atomically and durably, then zeroes {@code bytes}: a temporary file in
   * the same folder (owner-only where POSIX), fsync, atomic rename over {@code file}, fsync of the folder.
   */
  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attrs);
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(dir + ": this file system cannot rename atomically; keyring files need one that can",
            e);
      }
      moved = true;
      fsyncDirectory(dir);
      removeOrphans(dir, target.getFileName().toString());
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (!moved) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the original failure matters more
        }
      }
    }
  }

  /** How old a temporary file must be before a save takes it for the orphan of a crashed save. */
  static final Duration ORPHAN_AGE = Duration.ofMinutes(1);

  /**
   * Deletes temporary files that a save killed mid-way left beside {@code name}: they may hold keys revoked
   * since. Only those older than {@link #ORPHAN_AGE}, so another process's save in flight is left alone.
   */
  private static void removeOrphans(Path dir, String name) {
    String prefix = "." + name + ".";
    long cutoff = System.currentTimeMillis() - ORPHAN_AGE.toMillis();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
      String n = p.getFileName().toString();
      return n.startsWith(prefix) && n.endsWith(".tmp")
          && n.substring(prefix.length(), n.length() - 4).chars().allMatch(Character::isDigit);
    })) {
      for (Path p : s) {
        if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // Best effort: the save itself has succeeded.
    }
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (FileSystemException | UnsupportedOperationException e) {
      // Windows cannot open a folder as a channel; its rename is durable enough once it returns.
    }
  }
}
