package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingFileTest {
  static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

  static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A plain keyring file from its key lines, with the right checksum. */
  static byte[] plain(int nextVersion, String... keyLines) {
    StringBuilder b = new StringBuilder("hardtack-keyring 1\nnext-version " + nextVersion + "\n");
    for (String k : keyLines) {
      b.append(k).append('\n');
    }
    return KeyRingTextTest.withChecksum(b.toString().getBytes(StandardCharsets.US_ASCII));
  }

  static String key(int version, String state, String secret) {
    return "key " + version + " " + state + " created=2026-11-29T09:00:00Z secret=" + secret;
  }

  /** The header of an encrypted file with these Argon2id parameters and a data line that cannot decrypt. */
  static byte[] encryptedHeader(String params) {
    String s = "hardtack-keyring-encrypted 1\n"
        + "kdf argon2id v=19 " + params + " salt=" + b64(new byte[16]) + "\n"
        + "aead aes-256-gcm nonce=" + b64(new byte[12]) + "\n"
        + "data " + b64(new byte[64]) + "\n";
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Makes a named pipe at {@code p}; skips the test where there is no {@code mkfifo}. */
  static Path mkfifo(Path p) throws Exception {
    Process proc;
    try {
      proc = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "no mkfifo here");
      throw e;
    }
    assumeTrue(proc.waitFor() == 0, "mkfifo failed");
    return p;
  }

  @TempDir Path dir;

  /** A ring with a retired (deadline), a primary and a staged key, and a cookie of each signing key. */
  private static KeyRing threeKeyRing() {
    KeyRing ring = KeyRing.generate();
    ring.rotate();
    ring.add(Secrets.random());
    ring.retire(1, Instant.parse("2999-01-01T00:00:00Z"));
    return ring;
  }

  @Test
  void saveLoad_roundTrip_sameKeysAndCookiesVerify() throws IOException {
    KeyRing ring = threeKeyRing();
    CookieCodec before = CookieCodec.builder(ring).cookieName("sid").build();
    String cookie = before.sign("hello");
    assertTrue(before.verify(cookie).isValid());
    Path f = dir.resolve("keys");
    ring.save(f);
    KeyRing loaded = KeyRing.load(f);
    assertEquals(ring.keys(), loaded.keys());
    assertEquals(ring.primaryVersion(), loaded.primaryVersion());
    assertEquals("hello", CookieCodec.builder(loaded).cookieName("sid").build().verify(cookie).value());
  }

  @Test
  void load_afterRevoke_neverReusesVersion() throws IOException {
    KeyRing ring = KeyRing.generate();
    ring.rotate();
    ring.revoke(1);
    int v3 = ring.rotate();
    ring.revoke(v3 - 1);
    Path f = dir.resolve("keys");
    ring.save(f);
    KeyRing loaded = KeyRing.load(f);
    assertEquals(List.of(3), loaded.keys().stream().map(KeyInfo::version).toList());
    assertEquals(4, loaded.rotate());
  }

  @Test
  void save_posix_ownerOnlyAndNoTempLeft() throws IOException {
    Path f = dir.resolve("keys");
    KeyRing.generate().save(f);
    KeyRing.generate().save(f);
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
    try (var s = Files.list(dir)) {
      assertEquals(List.of(f), s.toList());
    }
  }

  @Test
  void save_orphanedTempFiles_oldOnesRemoved() throws IOException {
    Path f = dir.resolve("keys");
    Path old = Files.write(dir.resolve(".keys.123456.tmp"), new byte[] {1});
    Path fresh = Files.write(dir.resolve(".keys.654321.tmp"), new byte[] {1});
    Path other = Files.write(dir.resolve(".other.123456.tmp"), new byte[] {1});
    Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(3600)));
    Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(3600)));
    KeyRing.generate().save(f);
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(fresh), "a save in flight elsewhere is left alone");
    assertTrue(Files.exists(other));
  }

  @Test
  void save_format_documentedLayout() throws IOException {
    Path f = dir.resolve("keys");
    threeKeyRing().save(f);
    List<String> lines = Files.readAllLines(f, StandardCharsets.US_ASCII);
    assertEquals("hardtack-keyring 1", lines.get(0));
    assertEquals("next-version 4", lines.get(1));
    assertTrue(lines.get(2).matches("key 1 retired created=\\S+ until=2999-01-01T00:00:00Z secret=[A-Za-z0-9_-]{43}"),
        "line 3 layout");
    assertTrue(lines.get(3).matches("key 2 primary created=\\S+ secret=[A-Za-z0-9_-]{43}"));
    assertTrue(lines.get(4).matches("key 3 staged created=\\S+ secret=[A-Za-z0-9_-]{43}"));
    assertTrue(lines.get(5).matches("sha256 [0-9a-f]{64}"));
    assertEquals(6, lines.size());
  }

  // ------------------------------------------------------------------------------------ corruption

  private Path savedFile() throws IOException {
    Path f = dir.resolve("keys");
    threeKeyRing().save(f);
    return f;
  }

  /** Loading must fail with a message that names a line and never shows any secret from the file. */
  private static String refused(Path f, byte[] content) throws IOException {
    List<String> secrets = new ArrayList<>();
    for (String l : new String(content, StandardCharsets.ISO_8859_1).split("\n", -1)) {
      int i = l.indexOf("secret=");
      if (i >= 0 && l.length() > i + 10) {
        secrets.add(l.substring(i + 7, Math.min(l.length(), i + 17)));
      }
    }
    Files.write(f, content);
    IOException e = assertThrows(IOException.class, () -> KeyRing.load(f));
    String m = e.getMessage();
    for (String s : secrets) {
      assertFalse(m.contains(s), "the message shows key material: " + m);
    }
    return m;
  }

  @Test
  void load_empty_refused() throws IOException {
    Path f = savedFile();
    assertTrue(refused(f, new byte[0]).contains("empty"));
  }

  @Test
  void load_truncatedAtEveryLength_refusedNamingALine() throws IOException {
    Path f = savedFile();
    byte[] good = Files.readAllBytes(f);
    for (int n = 1; n < good.length; n++) {
      String m = refused(f, Arrays.copyOf(good, n));
      assertTrue(m.contains("line "), m);
    }
  }

  @Test
  void load_bitFlippedAnywhere_refused() throws IOException {
    Path f = savedFile();
    byte[] good = Files.readAllBytes(f);
    Random random = new Random(4);
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= (byte) (1 << random.nextInt(8));
      String m = refused(f, bad);
      assertTrue(m.contains("line "), m);
    }
  }

  private static byte[] join(List<String> lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** Lines with their checksum recomputed, as a careless hand edit might do. */
  private static byte[] withChecksum(List<String> lines) {
    return KeyRingTextTest.withChecksum(join(lines));
  }

  @Test
  void load_reorderedKeyLines_refused() throws IOException {
    Path f = savedFile();
    List<String> lines = new ArrayList<>(Files.readAllLines(f));
    java.util.Collections.swap(lines, 2, 3);
    assertTrue(refused(f, join(lines)).contains("line 4: version 1 follows version 2"));
    assertTrue(refused(f, withChecksum(lines)).contains("ascending version order"));
    lines = new ArrayList<>(Files.readAllLines(savedFile()));
    java.util.Collections.swap(lines, 0, 1);
    assertTrue(refused(f, join(lines)).startsWith(f + ": line 1: not a Hardtack keyring file"));
  }

  @Test
  void load_duplicatedVersion_refused() throws IOException {
    Path f = savedFile();
    List<String> lines = new ArrayList<>(Files.readAllLines(f));
    lines.add(4, lines.get(3));
    assertTrue(refused(f, join(lines)).contains("line 5: version 2 appears twice (also line 4)"));
    assertTrue(refused(f, withChecksum(lines)).contains("appears twice"));
  }

  @Test
  void load_checksumMismatchOnly_refused() throws IOException {
    Path f = savedFile();
    List<String> lines = new ArrayList<>(Files.readAllLines(f));
    lines.remove(4); // drop the staged key, keep the old checksum
    assertTrue(refused(f, join(lines)).contains("line 5: the checksum does not match"));
  }

  @Test
  void load_inconsistentButChecksummed_refused() throws IOException {
    Path f = savedFile();
    List<String> lines = new ArrayList<>(Files.readAllLines(f));
    List<String> twoPrimaries = new ArrayList<>(lines);
    twoPrimaries.set(4, lines.get(4).replace(" staged ", " primary "));
    assertTrue(refused(f, withChecksum(twoPrimaries)).contains("line 5: a second primary"));
    List<String> reused = new ArrayList<>(lines);
    reused.set(1, "next-version 3");
    assertTrue(refused(f, withChecksum(reused)).contains("line 5: version 3 is not below next-version 3"));
    List<String> weak = new ArrayList<>(lines);
    String zeros = b64(new byte[32]);
    weak.set(4, lines.get(4).replaceAll("secret=.*", "secret=" + zeros));
    assertTrue(refused(f, withChecksum(weak)).contains("line 5: the secret of version 3 is refused"));
    List<String> crlf = new ArrayList<>(lines);
    crlf.set(0, lines.get(0) + "\r");
    assertTrue(refused(f, join(crlf)).contains("line 1: a carriage return"));
  }

  @Test
  void load_missingFile_ioException() {
    assertThrows(IOException.class, () -> KeyRing.load(dir.resolve("absent")));
  }

  @Test
  void load_pastDeadlineRetiredKey_leftOut() throws IOException {
    KeyRing ring = KeyRing.generate();
    ring.rotate();
    ring.retire(1, Instant.now().plusMillis(300));
    Path f = dir.resolve("keys");
    ring.save(f);
    KeyRing early = KeyRing.load(f);
    assertEquals(2, early.keys().size());
    long until = System.currentTimeMillis() + 400;
    while (System.currentTimeMillis() < until) {
      Thread.onSpinWait();
    }
    assertEquals(1, KeyRing.load(f).keys().size());
  }

  // ------------------------------------------------------------------------------------ encryption

  @Test
  void saveLoad_encrypted_roundTripAndNoPlainSecret() throws IOException {
    KeyRing ring = threeKeyRing();
    Path plain = dir.resolve("plain");
    Path enc = dir.resolve("enc");
    ring.save(plain);
    ring.save(enc, PASSPHRASE);
    String encText = Files.readString(enc);
    assertTrue(encText.startsWith("hardtack-keyring-encrypted 1\nkdf argon2id v=19 m=65536 t=3 p=1 salt="));
    for (String line : Files.readAllLines(plain)) {
      if (line.startsWith("key ")) {
        assertFalse(encText.contains(line.substring(line.indexOf("secret=") + 7)));
      }
    }
    KeyRing loaded = KeyRing.load(enc, PASSPHRASE);
    assertEquals(ring.keys(), loaded.keys());
  }

  @Test
  void load_encryptedWrongPassphraseOrNone_refused() throws IOException {
    Path enc = dir.resolve("enc");
    KeyRing.generate().save(enc, PASSPHRASE);
    IOException wrong = assertThrows(IOException.class,
        () -> KeyRing.load(enc, "correct horse battery stapler".toCharArray()));
    assertTrue(wrong.getMessage().contains("wrong passphrase"), wrong.getMessage());
    IOException none = assertThrows(IOException.class, () -> KeyRing.load(enc));
    assertTrue(none.getMessage().contains("encrypted"), none.getMessage());
  }

  @Test
  void load_encryptedTampered_refused() throws IOException {
    Path enc = dir.resolve("enc");
    KeyRing.generate().save(enc, PASSPHRASE);
    byte[] good = Files.readAllBytes(enc);
    // One flip in the header (associated data) and one in the ciphertext: both must fail.
    for (int i : new int[] {good.length - 10, 40}) {
      byte[] bad = good.clone();
      bad[i] = (byte) (bad[i] == 'A' ? 'B' : 'A');
      Files.write(enc, bad);
      assertThrows(IOException.class, () -> KeyRing.load(enc, PASSPHRASE));
    }
    Files.write(enc, Arrays.copyOf(good, good.length - 5));
    assertThrows(IOException.class, () -> KeyRing.load(enc, PASSPHRASE));
  }

  @Test
  void save_encryptedWeakPassphrase_refused() {
    KeyRing ring = KeyRing.generate();
    Path enc = dir.resolve("enc");
    assertThrows(IllegalArgumentException.class, () -> ring.save(enc, "hunter2".toCharArray()));
    assertThrows(NullPointerException.class, () -> ring.save(enc, (char[]) null));
    assertFalse(Files.exists(enc));
  }

  /** Issue 11, finding 1: a passphrase means an encrypted file is expected; a plain one is a downgrade. */
  @Test
  void load_unencryptedWithPassphrase_refused() throws IOException {
    Path f = savedFile();
    KeyRingFormatException e = assertThrows(KeyRingFormatException.class, () -> KeyRing.load(f, PASSPHRASE));
    assertEquals(1, e.line());
    assertTrue(e.getMessage().startsWith(f + ": line 1: the file is not encrypted"), e.getMessage());
    assertArrayEquals(new int[] {1, 2, 3}, KeyRing.load(f).keys().stream().mapToInt(KeyInfo::version).toArray());
  }

  /**
   * Issue 11, findings 1, 3 and the keyring-file parts of 7, for {@link KeyRing#load}: the caller's expectation
   * decides the file type, and everything in a file is bounded before it is used.
   */
  @Nested
  class Hardening {
    private static final Duration FAST = Duration.ofSeconds(3);

    @TempDir Path dir;

    private Path write(String name, byte[] content) throws IOException {
      Path f = dir.resolve(name);
      Files.write(f, content);
      return f;
    }

    private static String refused(Path f, char[] passphrase) {
      IOException e = assertThrows(IOException.class, () -> KeyRing.load(f, passphrase));
      return e.getMessage();
    }

    // ------------------------------------------------------------------------------ finding 1: the file type

    @Test
    void load_plainFileWhereEncryptedExpected_refused() throws Exception {
      Path f = dir.resolve("keys");
      KeyRing.of(Fixtures.SECRET_1).save(f); // the attacker's plain file, renamed over the encrypted one
      String m = refused(f, PASSPHRASE);
      assertTrue(m.contains("not encrypted"), m);
      assertTrue(m.contains("hardtack keyring encrypt"), m);
    }

    @Test
    void load_encryptedFileWithoutPassphrase_refusedSayingSo() throws Exception {
      Path f = dir.resolve("keys");
      KeyRing.of(Fixtures.SECRET_1).save(f, PASSPHRASE);
      String m = refused(f, null);
      assertTrue(m.contains("encrypted"), m);
      assertTrue(m.contains("passphrase"), m);
    }

    @Test
    void watch_plainFileWhereEncryptedExpected_refusedAtFirstLoad() throws Exception {
      Path f = dir.resolve("keys");
      KeyRing.of(Fixtures.SECRET_1).save(f);
      IOException e = assertThrows(IOException.class, () -> KeyRing.watch(f, PASSPHRASE, null).close());
      assertTrue(e.getMessage().contains("not encrypted"), e.getMessage());
    }

    @Test
    void watch_plainFileRenamedOverEncryptedOne_rejectedAndKeysKept() throws Exception {
      Path f = dir.resolve("keys");
      KeyRing.of(Fixtures.SECRET_1).save(f, PASSPHRASE);
      KeyRingWatcherTest.Events events = new KeyRingWatcherTest.Events();
      try (KeyRing ring = KeyRing.watch(f, PASSPHRASE, events, Duration.ofMillis(50))) {
        String mine = CookieCodec.builder(ring).cookieName("sid").build().sign("v");
        KeyRing attacker = KeyRing.of(Fixtures.SECRET_2);
        attacker.save(dir.resolve("evil"));
        Files.move(dir.resolve("evil"), f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Object e = events.next();
        assertTrue(e instanceof IOException, String.valueOf(e));
        assertTrue(((IOException) e).getMessage().contains("not encrypted"), String.valueOf(e));
        String forged = CookieCodec.builder(attacker).cookieName("sid").build().sign("admin");
        CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
        assertEquals(Verification.Status.BAD_SIGNATURE, codec.verify(forged).status());
        assertTrue(codec.verify(mine).isValid());
      }
    }

    // ------------------------------------------------------------------------- finding 3: bounds before use

    @Test
    void load_versionsOneAnd2147483646_refusedWithoutAHugeTable() throws Exception {
      Path f = write("keys", plain(2147483647,
          key(1, "retired", b64(Fixtures.SECRET_1)), key(2147483646, "primary", b64(Fixtures.SECRET_2))));
      String m = assertTimeoutPreemptively(FAST, () -> refused(f, null));
      assertTrue(m.contains("line 4"), m);
      assertTrue(m.contains("span"), m);
    }

    @Test
    void load_hostileArgon2Header_refusedBeforeAnyKeyDerivation() throws Exception {
      for (String params : new String[] {"m=1048576 t=16 p=16", "m=1048576 t=1 p=1", "m=65536 t=16 p=1",
          "m=65536 t=3 p=16", "m=131072 t=3 p=1"}) {
        Path f = write("keys", encryptedHeader(params));
        String m = assertTimeoutPreemptively(FAST, () -> refused(f, PASSPHRASE), params);
        assertTrue(m.contains("line 2"), params + ": " + m);
        assertTrue(m.contains("outside"), params + ": " + m);
      }
    }

    @Test
    void load_encryptedFileWithParametersChanged_refusedByTheTag() throws Exception {
      Path f = dir.resolve("keys");
      KeyRing.of(Fixtures.SECRET_1).save(f, PASSPHRASE);
      String s = Files.readString(f, StandardCharsets.US_ASCII);
      assertTrue(s.contains(" t=3 "), s);
      Files.writeString(f, s.replace(" t=3 ", " t=2 "), StandardCharsets.US_ASCII);
      String m = refused(f, PASSPHRASE);
      assertTrue(m.contains("cannot decrypt"), m);
    }

    @Test
    void load_fifo_refusedWithoutBlocking() throws Exception {
      Path f = mkfifo(dir.resolve("keys"));
      String m = assertTimeoutPreemptively(FAST, () -> refused(f, null));
      assertTrue(m.contains("not a regular file"), m);
    }

    @Test
    void load_worldWritableFile_refusedSayingHowToFixIt() throws Exception {
      Path f = dir.resolve("keys");
      KeyRing.of(Fixtures.SECRET_1).save(f);
      assumeTrue(Files.getFileStore(f).supportsFileAttributeView("posix"));
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
      String m = refused(f, null);
      assertTrue(m.contains("writable by every user"), m);
      assertTrue(m.contains("chmod o-w"), m);
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
      assertEquals(1, KeyRing.load(f).primaryVersion());
    }

    @Test
    void load_oneSecretUnderTwoVersions_refused() throws Exception {
      Path f = write("keys", plain(3,
          key(1, "retired", b64(Fixtures.SECRET_1)), key(2, "primary", b64(Fixtures.SECRET_1))));
      String m = refused(f, null);
      assertTrue(m.contains("line 4"), m);
      assertTrue(m.contains("same secret as version 1"), m);
    }

    @Test
    void load_paddedOrNonCanonicalBase64Secret_refused() throws Exception {
      String canonical = b64(Fixtures.SECRET_1);
      assertEquals(43, canonical.length());
      String padded = Base64.getUrlEncoder().encodeToString(Fixtures.SECRET_1);
      assertTrue(padded.endsWith("="));
      // The last character carries 4 spare bits that must be zero; set one: the JDK decodes it to the same bytes.
      char last = canonical.charAt(42);
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      String spare = canonical.substring(0, 42) + alphabet.charAt(alphabet.indexOf(last) | 1);
      assertTrue(spare.equals(canonical) || java.util.Arrays.equals(Fixtures.SECRET_1,
          Base64.getUrlDecoder().decode(spare)));
      for (String s : new String[] {padded, spare}) {
        if (s.equals(canonical)) {
          continue;
        }
        Path f = write("keys", plain(2, key(1, "primary", s)));
        String m = refused(f, null);
        assertTrue(m.contains("line 3") && m.contains("base64url"), m);
      }
    }

    @Test
    void load_secretOverOneKibibyte_refused() throws Exception {
      byte[] big = new byte[1025];
      new java.security.SecureRandom().nextBytes(big);
      Path f = write("keys", plain(2, key(1, "primary", b64(big))));
      String m = refused(f, null);
      assertTrue(m.contains("line 3") && m.contains("1024"), m);
    }
  }
}
