package dev.hardtack.spring;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (Debian's package), started on a free loopback port with no persistence, stopped by the
 * test. Only processes this class started are signalled, by their own pid.
 */
final class RedisServer implements AutoCloseable {
  private final String binary;
  private final int port;
  private final Path log;
  private Process process;

  private RedisServer(String binary, int port, Path log) {
    this.binary = binary;
    this.port = port;
    this.log = log;
  }

  /** The redis-server on the PATH (or in /usr/bin, /usr/sbin), or null. */
  static String find() {
    String path = System.getenv("PATH");
    String dirs = (path == null ? "" : path) + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/usr/sbin";
    return java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(File.pathSeparator)).splitAsStream(dirs)
        .filter(d -> !d.isEmpty()).map(d -> new File(d, "redis-server")).filter(File::canExecute).map(File::getPath)
        .findFirst().orElse(null);
  }

  static RedisServer start(String binary, Path log) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RedisServer r = new RedisServer(binary, port, log);
    r.start();
    return r;
  }

  int port() {
    return port;
  }

  /** Starts (or restarts, on the same port) and waits until it answers PING. */
  void start() throws IOException, InterruptedException {
    process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!ping()) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new IOException("redis-server did not start on port " + port + " (see " + log + ")");
      }
      Thread.sleep(50);
    }
  }

  /** Stops it for good (SIGTERM, then SIGKILL); its data is gone (no persistence). */
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      process = null;
    }
  }

  /** Freezes it (SIGSTOP): connections stay open, nothing answers. */
  void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Thaws it (SIGCONT), data intact. */
  void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill " + signal + " failed");
    }
  }

  boolean ping() {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] b = new byte[7];
      int n = in.read(b);
      return n > 0 && new String(b, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    if (process != null) {
      try {
        resume();
        stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
