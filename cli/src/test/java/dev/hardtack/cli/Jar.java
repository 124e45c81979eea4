package dev.hardtack.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar cli/target/hardtack.jar ...} as a user would, and collects what it says. */
final class Jar {
  static final Path JAR = Path.of(System.getProperty("hardtack.cli.jar", "target/hardtack.jar"));
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  record Result(int code, String out, String err) {
    String line() {
      return out.strip();
    }
  }

  private Jar() {}

  /** JVM flags that start a short-lived tool faster; no effect on behaviour. */
  static List<String> quickJvm() {
    return List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  }

  static Result run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
    return runWithInput(dir, env, new byte[0], args);
  }

  /** {@link #run(Path, Map, String...)} with {@code input} on the tool's standard input. */
  static Result runWithInput(Path dir, Map<String, String> env, byte[] input, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(JAVA);
    cmd.addAll(quickJvm());
    cmd.add("-jar");
    cmd.add(JAR.toAbsolutePath().toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.environment().putAll(env);
    Process p = pb.start();
    try (var stdin = p.getOutputStream()) {
      stdin.write(input);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("hardtack " + String.join(" ", args) + " did not finish in 60 s");
    }
    Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  static Result run(Path dir, String... args) throws IOException, InterruptedException {
    return run(dir, Map.of(), args);
  }
}
