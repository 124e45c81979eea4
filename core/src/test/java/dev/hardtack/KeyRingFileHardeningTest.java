package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, findings 1, 3 and the keyring-file parts of 7, for {@link KeyRing#load}: the caller's expectation
 * decides the file type, and everything in a file is bounded before it is used.
 */
class KeyRingFileHardeningTest {
  static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
  private static final Duration FAST = Duration.ofSeconds(3);

  @TempDir Path dir;

  static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A plain keyring file from its key lines, with the right checksum. */
  static byte[] plain(int nextVersion, String... keyLines) {
    StringBuilder b = new StringBuilder("hardtack-keyring 1\nnext-version " + nextVersion + "\n");
    for (String k : keyLines) {
      b.append(k).append('\n');
    }
    return KeyRingFileFuzzTest.withChecksum(b.toString().getBytes(StandardCharsets.US_ASCII));
  }

  static String key(int version, String state, String secret) {
    return "key " + version + " " + state + " created=2026-11-29T09:00:00Z secret=" + secret;
  }

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
    KeyRingWatchTest.Events events = new KeyRingWatchTest.Events();
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

  /** The header of an encrypted file with these Argon2id parameters and a data line that cannot decrypt. */
  static byte[] encryptedHeader(String params) {
    String s = "hardtack-keyring-encrypted 1\n"
        + "kdf argon2id v=19 " + params + " salt=" + b64(new byte[16]) + "\n"
        + "aead aes-256-gcm nonce=" + b64(new byte[12]) + "\n"
        + "data " + b64(new byte[64]) + "\n";
    return s.getBytes(StandardCharsets.US_ASCII);
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
