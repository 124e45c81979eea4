package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.express.ExpressCookies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every code example in the Javadoc of the exported packages (and the README's first example), repeated here so
 * that it compiles and runs: when an example rots, this test fails. Keep each test next to its example's words;
 * when you edit an example, edit its test. The last tests check that every public type keeps an example and a
 * "Security" paragraph, and that every builder option states its default.
 */
class JavadocExamplesTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant EXAMPLE_TIME = Instant.ofEpochSecond(1764406800L);

  private static byte[] secretFromVault() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return secret;
  }

  /**
   * The README's quick start, taken from README.md itself (its first java block), compiled with the JDK's
   * compiler against hardtack-core and run: it must print what its comments promise.
   */
  @Test
  void readmeQuickStart_compiledAndRun_printsWhatItsCommentsSay(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("basedir", ".")).resolve("../README.md"));
    int start = readme.indexOf("```java\n");
    assertTrue(start >= 0, "README.md has no java block");
    String code = readme.substring(start + "```java\n".length(), readme.indexOf("```", start + 7));
    Path source = dir.resolve("Hello.java");
    Files.writeString(source, code, StandardCharsets.UTF_8);
    ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
    String classpath = Path.of(KeyRing.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    StringWriter errors = new StringWriter();
    int rc = javac.run(new PrintWriter(errors), new PrintWriter(errors),
        "-d", dir.toString(), "-cp", classpath, source.toString());
    assertEquals(0, rc, errors::toString);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      Method main = loader.loadClass("Hello").getMethod("main", String[].class);
      main.setAccessible(true);
      main.invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(stdout);
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    assertEquals(3, lines.size(), lines::toString);
    assertTrue(lines.get(0).matches("Set-Cookie: __Host-sid=s1\\.1\\.\\d+\\.[A-Za-z0-9_-]{32}\\.[A-Za-z0-9_-]{43}; "
        + "Max-Age=28800; Path=/; Secure; HttpOnly; SameSite=Lax"), lines.get(0));
    assertEquals("true true", lines.get(1));
    assertEquals("true 2", lines.get(2));
  }

  /** {@code package-info.java} of {@code dev.hardtack}. */
  @Test
  void packageExample_hostCookie_buildsHeader() {
    byte[] secret = secretFromVault();
    KeyRing ring = KeyRing.of(secret);
    CookieCodec codec = CookieCodec.builder(ring).cookieName("__Host-sid").maxAge(Duration.ofHours(8)).build();
    String header = SetCookie.builder("__Host-sid", codec.sign(SessionIdGenerator.create().next()))
        .build().headerValue();
    assertTrue(header.startsWith("__Host-sid=s1.1."), header);
  }

  /** {@link CookieCodec#builder(KeyRing, String)}: the name as an argument. */
  @Test
  void cookieCodecBuilderExample_nameAsArgument_signsUnderThatName() {
    KeyRing ring = KeyRing.of(secretFromVault());
    CookieCodec codec = CookieCodec.builder(ring, "__Host-sid").maxAge(Duration.ofHours(8)).build();
    assertEquals("__Host-sid", codec.cookieName());
    assertEquals("id", codec.verify(codec.sign("id")).value());
  }

  /** {@link KeyRing}: stage, promote, retire with a deadline, or revoke at once. */
  @Test
  void keyRingExample_rotation_oldCookieVerifiesUntilRetiredOrRevoked() {
    Duration cookieLifetime = Duration.ofHours(8);
    KeyRing ring = KeyRing.of(secretFromVault());   // version 1, primary
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
    String old = codec.sign("alice");
    int next = ring.add(secretFromVault());         // version 2: staged, verifies but does not sign
    assertEquals(2, next);
    assertEquals(1, ring.primaryVersion());
    ring.promote(next);                             // version 2 signs; version 1 is retired and still verifies
    assertEquals(2, ring.primaryVersion());
    assertEquals(KeyState.RETIRED, ring.keys().get(0).state());
    assertTrue(codec.verify(old).isValid());
    assertTrue(codec.verify(old).needsResign());
    ring.retire(1, Instant.now().plus(cookieLifetime)); // version 1 stops verifying then, by itself
    assertTrue(codec.verify(old).isValid());
    ring.revoke(1);                                 // or, at once (a leaked key)
    assertEquals(Verification.Status.UNKNOWN_KEY, codec.verify(old).status());
  }

  /** {@link KeyState}: staged, primary, retired with a deadline. */
  @Test
  void keyStateExample_addPromoteRetire_statesAsCommented() {
    KeyRing ring = KeyRing.of(secretFromVault());
    byte[] secret = secretFromVault();
    int v = ring.add(secret);                                  // STAGED: verifies, never signed yet
    assertEquals(KeyState.STAGED, ring.keys().get(1).state());
    ring.promote(v);                                           // PRIMARY; the former primary is RETIRED
    assertEquals(List.of(KeyState.RETIRED, KeyState.PRIMARY),
        ring.keys().stream().map(KeyInfo::state).collect(Collectors.toList()));
    Instant deadline = Instant.now().plus(Duration.ofDays(30));
    ring.retire(v - 1, deadline);                              // RETIRED, verifies until that instant
    assertEquals(Optional.of(deadline), ring.keys().get(0).verifyUntil());
  }

  /** {@link KeyRing#save(Path)}, {@link KeyRing#load(Path)}: a saved ring loads with the same keys. */
  @Test
  void saveLoadExample_ringSavedToFile_loadedRingVerifiesItsCookies(@TempDir Path dir) throws IOException {
    KeyRing ring = KeyRing.of(secretFromVault());
    ring.rotate();
    Path file = dir.resolve("keys.hardtack");
    ring.save(file);
    KeyRing loaded = KeyRing.load(file);
    String cookie = CookieCodec.builder(ring).cookieName("sid").build().sign("alice");
    assertEquals("alice", CookieCodec.builder(loaded).cookieName("sid").build().verify(cookie).value());
    assertEquals(ring.keys().size(), loaded.keys().size());
  }

  /** {@link KeyRing#watch(Path, KeyRing.Listener)} and {@link KeyRing.Listener}: a watched ring is read-only. */
  @Test
  void watchExample_watchedFile_verifiesAndRefusesAdminCalls(@TempDir Path dir) throws IOException {
    Path keys = dir.resolve("keys");
    KeyRing.of(secretFromVault()).save(keys);
    List<String> log = new ArrayList<>();
    KeyRing.Listener listener = new KeyRing.Listener() {
      @Override
      public void reloaded(Path file, List<KeyInfo> now) {
        log.add("keys now " + now);
      }

      @Override
      public void rejected(Path file, IOException problem) {
        log.add("kept last good keys: " + problem.getMessage());
      }
    };
    try (KeyRing ring = KeyRing.watch(keys, listener)) {
      CookieCodec codec = CookieCodec.builder(ring).cookieName("__Host-sid").build();
      assertTrue(codec.verify(codec.sign("alice")).isValid());
      assertThrows(IllegalStateException.class, ring::rotate);
    }
    listener.rejected(keys, new IOException("truncated"));
    assertEquals(List.of("kept last good keys: truncated"), log);
  }

  /** {@link KeyRingFormatException}: a damaged file names its line. */
  @Test
  void keyRingFormatExceptionExample_damagedFile_lineAndMessage(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("keys.hardtack");
    KeyRing.of(secretFromVault()).save(file);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(2, lines.get(2).replace(" primary ", " revoked "));
    Files.write(file, lines);
    List<String> log = new ArrayList<>();
    try {
      KeyRing ring = KeyRing.load(file);
      log.add("loaded " + ring);
    } catch (KeyRingFormatException e) {
      log.add("keyring line " + e.line() + " is wrong: " + e.getMessage());
    }
    assertEquals(List.of("keyring line 3 is wrong: " + file + ": line 3: the state must be staged, primary or"
        + " retired"), log);
  }

  /** {@link KeyRing#lastReload()}: a health check on a watched ring. */
  @Test
  void lastReloadExample_watchedRing_healthyAndLoadedNow(@TempDir Path dir) throws IOException {
    Path keys = dir.resolve("keys");
    KeyRing.of(secretFromVault()).save(keys);
    Instant before = Instant.now();
    try (KeyRing ring = KeyRing.watch(keys)) {
      boolean healthy = ring.lastReloadError().isEmpty();
      Instant since = ring.lastReload().orElseThrow(); // the keys in use came from the file then
      assertTrue(healthy);
      assertFalse(since.isBefore(before));
    }
    assertTrue(KeyRing.generate().lastReload().isEmpty());
  }

  /** {@link CookieCodec}: sign, verify; the token's shape as the comment shows it. */
  @Test
  void cookieCodecExample_signAtExampleTime_hasDocumentedShape() {
    KeyRing ring = KeyRing.of(secretFromVault());
    CookieCodec codec = CookieCodec.builder(ring)
        .cookieName("__Host-sid")
        .maxAge(Duration.ofHours(8))
        .clock(Clock.fixed(EXAMPLE_TIME, ZoneOffset.UTC))
        .build();
    String sessionId = SessionIdGenerator.create().next();

    String cookie = codec.sign(sessionId);            // s1.1.1764406800.<id>.<tag>
    Verification r = codec.verify(cookie);            // never throws

    assertTrue(cookie.startsWith("s1.1.1764406800." + sessionId + "."), cookie);
    assertTrue(r.isValid());
    assertEquals(sessionId, r.value());
    assertEquals(EXAMPLE_TIME, r.issuedAt());
  }

  /** {@link CookieCodec.Builder}: an encrypted codec hides the value. */
  @Test
  void builderExample_encrypted_valueHiddenAndRoundTrips() {
    KeyRing ring = KeyRing.generate();
    CookieCodec prefs = CookieCodec.builder(ring)
        .cookieName("prefs")
        .encrypted()                      // the client cannot read the value
        .maxAge(Duration.ofDays(30))
        .build();
    String cookie = prefs.sign("lang=fr");
    assertTrue(cookie.startsWith("e1.1."), cookie);
    assertFalse(cookie.contains("lang"), cookie);
    assertEquals("lang=fr", prefs.verify(cookie).value());
  }

  /** {@link Verification}: re-issue a cookie signed by an older key; log the status only. */
  @Test
  void verificationExample_cookieFromOldKey_reissuedUnderPrimary() {
    KeyRing ring = KeyRing.generate();
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
    String cookieValue = codec.sign("session-1");
    ring.rotate();
    List<String> response = new ArrayList<>();
    List<String> log = new ArrayList<>();

    Verification r = codec.verify(cookieValue);
    if (r.isValid()) {
      String sessionId = r.value();
      if (r.needsResign()) {
        response.add(SetCookie.builder(codec.cookieName(), codec.sign(sessionId)).build().headerValue());
      }
    } else {
      log.add("session cookie rejected: " + r.status());
    }

    assertEquals(List.of(), log);
    assertEquals(1, response.size());
    String reissued = response.get(0).substring("sid=".length(), response.get(0).indexOf(';'));
    assertEquals(2, codec.verify(reissued).keyVersion());
    assertFalse(codec.verify(reissued).needsResign());
    assertFalse(codec.verify("tampered" + cookieValue).toString().contains("session-1"));
  }

  /** {@link Verification.Status}: a switch with a default. */
  @Test
  void statusExample_switchOverJunk_takesDefault() {
    CookieCodec codec = CookieCodec.builder(KeyRing.generate()).cookieName("sid").build();
    List<String> calls = new ArrayList<>();
    switch (codec.verify("junk").status()) {
      case VALID -> calls.add("proceed");
      case UNKNOWN_KEY -> calls.add("cookie.unknown_key");
      default -> calls.add("startNewSession");
    }
    assertEquals(List.of("startNewSession"), calls);
  }

  /** {@link SetCookie}: the documented header, and deletion. */
  @Test
  void setCookieExample_sessionCookieAndDeletion_documentedHeaders() {
    CookieCodec codec = CookieCodec.builder(KeyRing.generate()).cookieName("__Host-sid")
        .clock(Clock.fixed(EXAMPLE_TIME, ZoneOffset.UTC)).build();
    String header = SetCookie.builder("__Host-sid", codec.sign("id"))
        .maxAge(Duration.ofHours(8))
        .build()
        .headerValue();
    assertTrue(header.matches(
        "__Host-sid=s1\\.1\\.1764406800\\.id\\.[A-Za-z0-9_-]{43}; Max-Age=28800; Path=/; Secure; HttpOnly;"
            + " SameSite=Lax"), header);

    String delete = SetCookie.builder("__Host-sid", "").maxAge(Duration.ZERO).build().headerValue();
    assertEquals(
        "__Host-sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Secure; HttpOnly; SameSite=Lax",
        delete);
  }

  /** {@link SetCookie.Builder}: a script-readable preference cookie. */
  @Test
  void setCookieBuilderExample_themeCookie_documentedHeader() {
    String header = SetCookie.builder("theme", "dark")
        .maxAge(Duration.ofDays(365))
        .sameSite(SameSite.STRICT)
        .httpOnly(false)
        .build()
        .headerValue();
    assertEquals("theme=dark; Max-Age=31536000; Path=/; Secure; SameSite=Strict", header);
  }

  /** {@link SameSite}. */
  @Test
  void sameSiteExample_strict_writesAttribute() {
    String value = "v";
    assertTrue(SetCookie.builder("sid", value).sameSite(SameSite.STRICT).build().headerValue()
        .endsWith("; SameSite=Strict"));
  }

  /** {@link SessionIdGenerator}: 192 bits are 32 base64url characters. */
  @Test
  void sessionIdExample_defaultGenerator_32Base64UrlChars() {
    SessionIdGenerator ids = SessionIdGenerator.create();   // 192 bits
    String id = ids.next();
    assertTrue(id.matches("[A-Za-z0-9_-]{32}"), id);
    assertEquals(192, ids.bits());
  }

  /** {@link SessionIdGenerator#reseedAll()}: after a restore, the next id comes from a reseeded generator. */
  @Test
  void sessionIdExample_reseedAllAfterRestore_nextIdStillWellFormed() {
    SessionIdGenerator ids = SessionIdGenerator.create();
    String before = ids.next();
    SessionIdGenerator.reseedAll();          // in the after-restore hook
    String fresh = ids.next();               // drawn from a freshly reseeded generator
    assertTrue(fresh.matches("[A-Za-z0-9_-]{32}"), fresh);
    assertNotEquals(before, fresh);
  }

  /** {@link KeyInfo}: its toString as the comment shows it, with a deadline and a last use. */
  @Test
  void keyInfoExample_retiredKeyUsedOnce_printsDocumentedForm() {
    KeyRing ring = KeyRing.generate();
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
    String cookie = codec.sign("alice");
    ring.rotate();
    ring.retire(1, Instant.now().plus(Duration.ofDays(30)));
    assertTrue(codec.verify(cookie).isValid());
    List<String> printed = new ArrayList<>();
    for (KeyInfo k : ring.keys()) {
      printed.add(k.toString());
    }
    assertEquals(2, printed.size());
    assertTrue(printed.get(0).matches("KeyInfo\\[version=1, state=RETIRED, createdAt=\\d{4}-\\S+Z, "
        + "verifyUntil=\\d{4}-\\S+Z, lastUsed=\\d{4}-\\S+Z]"), printed::toString);
    assertTrue(printed.get(1).matches("KeyInfo\\[version=2, state=PRIMARY, createdAt=\\d{4}-\\S+Z]"), printed::toString);
  }

  /** {@link CookieHeader}: a tossed cookie does not win, and values come back in order. */
  @Test
  void cookieHeaderExample_tossedCookie_ambiguousAndValuesInOrder() {
    CookieCodec codec = CookieCodec.builder(KeyRing.generate()).cookieName("sid").build();
    String real = codec.sign("alice");
    String tossed = codec.sign("mallory"); // a valid cookie of another session, planted by a sibling domain
    List<String> requestHeaders = List.of("sid=" + tossed + "; theme=dark", "sid=" + real + "; theme=light");

    CookieHeader cookies = CookieHeader.parse(requestHeaders);
    Verification r = codec.verifyHeader(cookies);
    List<String> all = cookies.values("theme");

    assertEquals(Verification.Status.AMBIGUOUS, r.status());
    assertEquals(List.of("dark", "light"), all);
    assertEquals(Verification.Status.MISSING, codec.verifyHeader(CookieHeader.parse("theme=dark")).status());
  }

  /** {@link ExpressCookies} and the {@code dev.hardtack.express} package: cookie-signature's own bytes. */
  @Test
  void expressExample_keyboardCat_matchesCookieSignature() {
    ExpressCookies ex = ExpressCookies.of(List.of("keyboard cat", "old secret")); // the first signs
    String raw = ex.toCookieValue("hello");
    Optional<String> id = ex.fromCookieValue(raw);
    String signed = ex.sign("hello");
    Optional<String> v = ex.unsign(signed);

    assertEquals("s%3Ahello.xz6khi6%2BoL1pnNhBgjk3Nr1CX2sxTjJiO9pKXaHZ33E", raw);
    assertEquals(Optional.of("hello"), id);
    assertEquals("hello.xz6khi6+oL1pnNhBgjk3Nr1CX2sxTjJiO9pKXaHZ33E", signed);
    assertEquals(Optional.of("hello"), v);
    assertEquals(Optional.of("hello"),
        ExpressCookies.of(List.of("new secret", "keyboard cat")).fromCookieValue(raw));
  }

  // ------------------------------------------------------------------------- the rules for future examples

  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*public\\s+(?:static\\s+)?(?:final\\s+)?"
          + "(?:abstract\\s+)?(?:class|enum|record|interface)\\s+(\\w+)",
      Pattern.DOTALL);
  private static final Pattern UNDOCUMENTED_PUBLIC_TYPE = Pattern.compile(
      "(?<!\\*/)\\n\\s*public\\s+(?:static\\s+)?(?:final\\s+)?(?:abstract\\s+)?(?:class|enum|record|interface)\\s+(\\w+)");

  private static List<Path> exportedSources() throws IOException {
    Path root = Path.of(System.getProperty("basedir", ".")).resolve("src/main/java/dev/hardtack");
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !f.toString().contains("internal"))
          .collect(Collectors.toList());
    }
  }

  @Test
  void publicTypes_exportedSources_eachHasExampleAndSecurityParagraph() throws IOException {
    List<String> missing = new ArrayList<>();
    int types = 0;
    for (Path f : exportedSources()) {
      String src = Files.readString(f, StandardCharsets.UTF_8);
      Matcher m = PUBLIC_TYPE.matcher(src);
      while (m.find()) {
        types++;
        String doc = m.group(1);
        if (!doc.contains("<pre>{@code")) {
          missing.add(m.group(2) + ": no <pre>{@code example");
        }
        if (!doc.contains("Security")) {
          missing.add(m.group(2) + ": no Security paragraph");
        }
      }
      Matcher u = UNDOCUMENTED_PUBLIC_TYPE.matcher(src);
      while (u.find()) {
        missing.add(u.group(1) + ": no Javadoc right above it");
      }
    }
    assertEquals(List.of(), missing);
    assertTrue(types >= 12, "found only " + types + " public types");
  }

  private static final Pattern BUILDER_SETTER = Pattern.compile(
      "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public\\s+Builder\\s+(\\w+)\\s*\\(", Pattern.DOTALL);

  @Test
  void builderOptions_exportedSources_eachStatesItsDefault() throws IOException {
    List<String> missing = new ArrayList<>();
    int options = 0;
    for (Path f : exportedSources()) {
      Matcher m = BUILDER_SETTER.matcher(Files.readString(f, StandardCharsets.UTF_8));
      while (m.find()) {
        options++;
        if (!m.group(1).toLowerCase(java.util.Locale.ROOT).contains("default")) {
          missing.add(f.getFileName() + ": " + m.group(2) + " does not state its default");
        }
      }
    }
    assertEquals(List.of(), missing);
    assertTrue(options >= 11, "found only " + options + " builder options");
  }
}
