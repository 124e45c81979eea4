package dev.hardtack.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.ClassUtils;

/** Actuator's hardtack health and info, over HTTP from a real application. */
class ActuatorTest {
  @TempDir Path dir;
  Path file;
  Apps.Running app;

  @BeforeEach
  void start() {
    file = dir.resolve("keys.hardtack");
    Cli.run("keyring", "init", file.toString());
    app = Apps.start(new Class<?>[] {WebApp.class, InMemorySessions.class}, "hardtack.keyring.file=" + file,
        "management.endpoints.web.exposure.include=health,info", "management.endpoint.health.show-details=always");
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private Apps.Reply health() throws Exception {
    return Apps.get(app.port(), "/actuator/health/hardtack", null);
  }

  private Apps.Reply awaitHealth(Predicate<Apps.Reply> done) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    Apps.Reply r = health();
    while (!done.test(r) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      r = health();
    }
    return r;
  }

  @Test
  void health_fileRejectedThenFixed_downThenUpWithoutKeyMaterial() throws Exception {
    assumeTrue(ClassUtils.isPresent("org.springframework.boot.health.contributor.HealthIndicator", null),
        "the hardtack health indicator uses Spring Boot 4's health API; this Boot has the older one");
    Apps.Reply up = health();
    assertEquals(200, up.status(), up.body());
    assertTrue(up.body().contains("\"status\":\"UP\""), up.body());
    assertTrue(up.body().contains("\"primary\":1"), up.body());
    assertTrue(up.body().contains("\"state\":\"primary\""), up.body());
    assertTrue(up.body().contains("\"lastReload\":"), up.body());
    List<String> secrets = secretsOf(file);

    // A damaged copy lands on the watched path: refused, the ring keeps its keys, health says DOWN.
    Path bad = dir.resolve("bad.tmp");
    Files.writeString(bad, "hardtack-keyring 1\nnext-version 2\n");
    Files.move(bad, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Apps.Reply down = awaitHealth(r -> r.body().contains("DOWN"));
    assertEquals(503, down.status(), down.body());
    assertTrue(down.body().contains("\"problem\":"), down.body());
    assertTrue(down.body().contains("\"rejectedSince\":"), down.body());
    assertTrue(down.body().contains("\"primary\":1"), down.body());

    // Fixed: a good file with a second key. UP again, both versions listed.
    Path good = dir.resolve("good.hardtack");
    Cli.run("keyring", "init", good.toString());
    Cli.run("keyring", "stage", good.toString());
    secrets.addAll(secretsOf(good));
    Files.move(good, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Apps.Reply again = awaitHealth(r -> r.body().contains("UP"));
    assertEquals(200, again.status(), again.body());
    assertTrue(again.body().contains("\"version\":2"), again.body());
    assertFalse(again.body().contains("problem"), again.body());
    for (Apps.Reply r : List.of(up, down, again)) {
      for (String s : secrets) {
        assertFalse(r.body().contains(s), "key material in /actuator/health");
      }
    }
  }

  private static List<String> secretsOf(Path f) throws Exception {
    List<String> secrets = new ArrayList<>();
    for (String line : Files.readAllLines(f)) {
      if (line.contains("secret=")) {
        secrets.add(line.substring(line.indexOf("secret=") + 7));
      }
    }
    return secrets;
  }

  @Test
  void info_running_namesCookieAndVersionsOnly() throws Exception {
    Apps.Reply r = Apps.get(app.port(), "/actuator/info", null);
    assertEquals(200, r.status(), r.body());
    assertTrue(r.body().contains("\"hardtack\":{\"cookieName\":\"__Host-SESSION\",\"encrypted\":false,"
        + "\"primary\":1,\"versions\":[1]}"), r.body());
    for (String s : secretsOf(file)) {
      assertFalse(r.body().contains(s));
    }
  }
}
