package dev.hardtack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.cli.Jar.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end, through its executable jar, as an operator would use it. */
class CliJarTest {
  @TempDir Path dir;

  private Result ok(String... args) throws Exception {
    Result r = Jar.run(dir, args);
    assertEquals(0, r.code(), String.join(" ", args) + " -> " + r);
    return r;
  }

  private Result fails(int code, String... args) throws Exception {
    Result r = Jar.run(dir, args);
    assertEquals(code, r.code(), String.join(" ", args) + " -> " + r);
    return r;
  }

  private static String secretsOf(Path file) throws Exception {
    StringBuilder b = new StringBuilder();
    for (String l : Files.readAllLines(file)) {
      if (l.contains("secret=")) {
        b.append(l, l.indexOf("secret=") + 7, l.length()).append('\n');
      }
    }
    return b.toString();
  }

  @Test
  void keyringLifecycle_singleNode_exitCodesAndListing() throws Exception {
    ok("keyring", "init", "keys");
    Path keys = dir.resolve("keys");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
    String cookieV1 = ok("sign", "--keyring", "keys", "--name", "sid", "hello world").line();
    assertTrue(cookieV1.startsWith("s1.1."), cookieV1);

    assertTrue(ok("keyring", "stage", "keys").line().contains("staged key version 2"));
    ok("keyring", "promote", "keys", "2");
    ok("keyring", "retire", "keys", "1", "--until", "2999-01-01T00:00:00Z");
    assertTrue(ok("keyring", "rotate", "keys").line().contains("key version 3 is the primary"));

    String list = ok("keyring", "list", "keys").out();
    assertTrue(list.startsWith("VERSION  STATE    CREATED"), list);
    assertTrue(list.matches("(?s).*\\n1 +retired +\\S+ +2999-01-01T00:00:00Z +never recorded\\n.*"), list);
    assertTrue(list.matches("(?s).*\\n2 +retired +\\S+ +- .*"), list);
    assertTrue(list.matches("(?s).*\\n3 +primary .*"), list);
    for (String secret : secretsOf(keys).lines().toList()) {
      assertFalse(list.contains(secret.substring(0, 12)), "list shows key material");
    }

    // verify: 0 and the value; 1 and the status on stderr.
    assertEquals("hello world", ok("verify", "--keyring", "keys", "--name", "sid", cookieV1).line());
    assertEquals("BAD_SIGNATURE",
        fails(1, "verify", "--keyring", "keys", "--name", "other", cookieV1).err().strip());
    assertEquals("MALFORMED", fails(1, "verify", "--keyring", "keys", "--name", "sid", "junk").err().strip());
    ok("keyring", "revoke", "keys", "1");
    assertEquals("UNKNOWN_KEY", fails(1, "verify", "--keyring", "keys", "--name", "sid", cookieV1).err().strip());
    String enc = ok("sign", "--keyring", "keys", "--name", "sid", "--encrypted", "secret value").line();
    assertTrue(enc.startsWith("e1.3."), enc);
    assertEquals("secret value",
        ok("verify", "--keyring", "keys", "--name", "sid", "--encrypted", "--max-age", "8h", enc).line());
    assertEquals("secret value",
        ok("verify", "--keyring", "keys", "--name", "sid", "--encrypted", "--max-age", "PT8h", enc).line());
    fails(1, "verify", "--keyring", "keys", "--name", "sid", enc);
    try (var s = Files.list(dir)) {
      assertEquals(1, s.filter(p -> p.getFileName().toString().contains("keys")).count(), "no temp files left");
    }
  }

  @Test
  void usageErrors_exit2() throws Exception {
    ok("keyring", "init", "keys");
    assertTrue(fails(2, "keyring", "init", "keys").err().contains("already exists"));
    assertTrue(fails(2, "keyring", "revoke", "keys", "1").err().contains("primary"));
    assertTrue(fails(2, "keyring", "retire", "keys", "1", "--until", "2999-01-01T00:00:00Z").err()
        .contains("primary"));
    assertTrue(fails(2, "keyring", "promote", "keys", "7").err().contains("no key of version 7"));
    fails(2, "keyring", "retire", "keys", "1");
    fails(2, "keyring", "retire", "keys", "1", "--until", "next week");
    fails(2, "keyring", "promote", "keys", "two");
    fails(2, "verify", "--keyring", "keys", "--name", "sid", "--max-age", "forever", "x");
    assertTrue(fails(2, "verify", "--keyring", "keys", "--name", "sid", "--max-age", "401d", "x").err()
        .contains("'401d' is out of range: from 1s to 400d"));
    fails(2, "verify", "--keyring", "keys", "x");
    fails(2, "sign", "--keyring", "keys", "--name", "bad name", "x");
    fails(2, "session-id", "--bits", "100");
    fails(2, "no-such-command");
    fails(2);
    fails(2, "keyring", "list", "keys", "--passphrase-env", "HARDTACK_TEST_UNSET_VARIABLE");
  }

  @Test
  void badKeyrings_exit3() throws Exception {
    assertTrue(fails(3, "keyring", "list", "absent").err().contains("no such file"));
    ok("keyring", "init", "keys");
    byte[] good = Files.readAllBytes(dir.resolve("keys"));
    Files.write(dir.resolve("keys"), java.util.Arrays.copyOf(good, good.length - 20));
    Result r = fails(3, "keyring", "list", "keys");
    assertTrue(r.err().contains("line "), r.err());
    fails(3, "keyring", "stage", "keys");
    fails(3, "sign", "--keyring", "keys", "--name", "sid", "v");
    fails(3, "verify", "--keyring", "keys", "--name", "sid", "v");
    assertEquals(good.length - 20, Files.size(dir.resolve("keys")), "a failed command never writes");
    Files.write(dir.resolve("empty"), new byte[0]);
    assertTrue(fails(3, "keyring", "list", "empty").err().contains("empty"));
  }

  @Test
  void encryptedKeyring_passphraseFromEnvironment() throws Exception {
    Map<String, String> env = Map.of("HT_PASS", "a long enough test passphrase");
    assertEquals(0, Jar.run(dir, env, "keyring", "init", "keys", "--passphrase-env", "HT_PASS").code());
    assertTrue(Files.readString(dir.resolve("keys")).startsWith("hardtack-keyring-encrypted 1\n"));
    assertEquals(0, Jar.run(dir, env, "keyring", "stage", "keys", "--passphrase-env", "HT_PASS").code());
    Result list = Jar.run(dir, env, "keyring", "list", "keys", "--passphrase-env", "HT_PASS");
    assertTrue(list.out().contains("staged"), list.toString());
    Result noPass = fails(3, "keyring", "list", "keys");
    assertTrue(noPass.err().contains("encrypted"), noPass.err());
    Result wrong = Jar.run(dir, Map.of("HT_PASS", "not the right passphrase!"), "keyring", "list", "keys",
        "--passphrase-env", "HT_PASS");
    assertEquals(3, wrong.code(), wrong.toString());
    Result weak = Jar.run(dir, Map.of("HT_PASS", "short"), "keyring", "init", "k2", "--passphrase-env", "HT_PASS");
    assertEquals(2, weak.code(), weak.toString());
  }

  @Test
  void help_everyCommand_exit0WithExitCodes() throws Exception {
    String[][] commands = {
      {}, {"keyring"}, {"keyring", "init"}, {"keyring", "list"}, {"keyring", "stage"}, {"keyring", "promote"},
      {"keyring", "rotate"}, {"keyring", "retire"}, {"keyring", "revoke"}, {"keyring", "encrypt"},
      {"keyring", "decrypt"}, {"sign"}, {"verify"}, {"session-id"}
    };
    for (String[] c : commands) {
      String[] args = java.util.Arrays.copyOf(c, c.length + 1);
      args[c.length] = "--help";
      Result r = ok(args);
      assertTrue(r.out().startsWith("Usage: hardtack"), r.out());
      assertTrue(r.out().contains("3   an unreadable or corrupt keyring file"), String.join(" ", args));
    }
  }

  @Test
  void sessionId_bits_lengthMatches() throws Exception {
    assertEquals(32, ok("session-id").line().length());
    assertEquals(43, ok("session-id", "--bits", "256").line().length());
  }

  /** Issue 11, finding 1: --passphrase-env means an encrypted file; a plain one in its place is refused. */
  @Test
  void passphrase_plainFileWhereEncryptedExpected_exit3AndFileUnchanged() throws Exception {
    Map<String, String> env = Map.of("HT_PASS", "a long enough test passphrase");
    ok("keyring", "init", "keys"); // the attacker's plain file, where an encrypted one was
    byte[] before = Files.readAllBytes(dir.resolve("keys"));
    for (String[] args : new String[][] {
      {"keyring", "list", "keys", "--passphrase-env", "HT_PASS"},
      {"keyring", "rotate", "keys", "--passphrase-env", "HT_PASS"},
      {"sign", "--keyring", "keys", "--name", "sid", "--passphrase-env", "HT_PASS", "v"}}) {
      Result r = Jar.run(dir, env, args);
      assertEquals(3, r.code(), String.join(" ", args) + " -> " + r);
      assertTrue(r.err().contains("not encrypted"), r.err());
    }
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("keys"))),
        "no command re-encrypts a plain file as a side effect");
  }

  @Test
  void encryptDecrypt_explicitSteps_roundTrip() throws Exception {
    Map<String, String> env = Map.of("HT_PASS", "a long enough test passphrase");
    ok("keyring", "init", "keys");
    String cookie = ok("sign", "--keyring", "keys", "--name", "sid", "v").line();
    assertEquals(2, Jar.run(dir, env, "keyring", "encrypt", "keys").code(), "encrypt needs --passphrase-env");
    assertEquals(0, Jar.run(dir, env, "keyring", "encrypt", "keys", "--passphrase-env", "HT_PASS").code());
    assertTrue(Files.readString(dir.resolve("keys")).startsWith("hardtack-keyring-encrypted 1\n"));
    assertEquals(3, Jar.run(dir, env, "keyring", "encrypt", "keys", "--passphrase-env", "HT_PASS").code(),
        "already encrypted");
    assertTrue(fails(3, "keyring", "list", "keys").err().contains("encrypted"));
    Result v = Jar.run(dir, env, "verify", "--keyring", "keys", "--name", "sid", "--passphrase-env", "HT_PASS",
        cookie);
    assertEquals("v", v.line(), v.toString());
    assertEquals(0, Jar.run(dir, env, "keyring", "decrypt", "keys", "--passphrase-env", "HT_PASS").code());
    assertTrue(Files.readString(dir.resolve("keys")).startsWith("hardtack-keyring 1\n"));
    assertEquals("v", ok("verify", "--keyring", "keys", "--name", "sid", cookie).line());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys"))));
  }

  /** Issue 11, finding 7: '-' reads a value or cookie from standard input, out of the process list. */
  @Test
  void signVerify_dashReadsStandardInput() throws Exception {
    ok("keyring", "init", "keys");
    byte[] value = "a secret value\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Result signed = Jar.runWithInput(dir, Map.of(), value, "sign", "--keyring", "keys", "--name", "sid", "-");
    assertEquals(0, signed.code(), signed.toString());
    String cookie = signed.line();
    assertEquals("a secret value", ok("verify", "--keyring", "keys", "--name", "sid", cookie).line());
    Result verified = Jar.runWithInput(dir, Map.of(), (cookie + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        "verify", "--keyring", "keys", "--name", "sid", "-");
    assertEquals(0, verified.code(), verified.toString());
    assertEquals("a secret value", verified.line());
    Result bad = Jar.runWithInput(dir, Map.of(), new byte[] {(byte) 0xc3, 0x28}, "sign", "--keyring", "keys",
        "--name", "sid", "-");
    assertEquals(2, bad.code(), bad.toString());
    assertTrue(ok("sign", "--help").out().contains("standard input"));
  }
}
