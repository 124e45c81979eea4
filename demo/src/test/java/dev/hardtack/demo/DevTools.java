package dev.hardtack.demo;

import dev.hardtack.testsupport.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium driven through its DevTools protocol over the JDK's own WebSocket client: no Selenium, no
 * driver binary. Launched with the flags the project asks for and a fresh profile.
 */
final class DevTools implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
  /** Protocol events (messages without an id), in order. */
  final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();

  private DevTools(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** Chromium's path: {@code -Dhardtack.chromium=PATH}, else the first of the usual names on PATH; or null. */
  static Path findChromium() {
    String configured = System.getProperty("hardtack.chromium");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String path = System.getenv("PATH");
    for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
      for (String d : (path == null ? "" : path).split(java.io.File.pathSeparator, -1)) {
        Path p = Path.of(d.isEmpty() ? "." : d, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /**
   * Starts Chromium with a fresh profile in {@code profile}, trusting exactly the certificate whose public key
   * hashes to {@code spkiSha256} (and no other bad certificate), and connects to its first tab.
   */
  static DevTools launch(Path chromium, Path profile, String spkiSha256) throws IOException, InterruptedException {
    Path log = profile.resolveSibling(profile.getFileName() + ".log");
    ProcessBuilder pb = new ProcessBuilder(chromium.toString(),
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", // containers give /dev/shm 64 MB, too little for Chromium
        "--user-data-dir=" + profile,
        "--remote-debugging-port=0",
        "--ignore-certificate-errors-spki-list=" + spkiSha256,
        "about:blank")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    // Chromium keeps its singleton socket in TMPDIR: inside the test's folder, it goes away with it.
    pb.environment().put("TMPDIR", profile.getParent().toString());
    Process p = pb.start();
    try {
      // Chromium writes its port and browser endpoint here once DevTools listens.
      Path active = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      List<String> lines = List.of();
      while (lines.size() < 2) {
        if (!p.isAlive()) {
          throw new IOException("chromium exited with " + p.exitValue() + ":\n" + Files.readString(log));
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("chromium did not open DevTools in time:\n" + Files.readString(log));
        }
        Thread.sleep(50);
        if (Files.exists(active)) {
          lines = Files.readAllLines(active);
        }
      }
      int port = Integer.parseInt(lines.get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      String tabs = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
          .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).body();
      String ws = null;
      for (Object t : (List<?>) Json.parse(tabs)) {
        Map<?, ?> tab = (Map<?, ?>) t;
        if ("page".equals(tab.get("type"))) {
          ws = (String) tab.get("webSocketDebuggerUrl");
          break;
        }
      }
      if (ws == null) {
        throw new IOException("chromium has no tab: " + tabs);
      }
      DevTools[] self = new DevTools[1];
      WebSocket socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT)
          .buildAsync(URI.create(ws), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
              partial.append(data);
              if (last) {
                String message = partial.toString();
                partial.setLength(0);
                self[0].receive(message);
              }
              w.request(1);
              return null;
            }
          }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      self[0] = new DevTools(p, socket);
      return self[0];
    } catch (IOException | InterruptedException | RuntimeException e) {
      stop(p);
      throw e;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      stop(p);
      throw new IOException("cannot connect to chromium's DevTools", e);
    }
  }

  @SuppressWarnings("unchecked")
  private void receive(String message) {
    Map<String, Object> m = (Map<String, Object>) Json.parse(message);
    Object id = m.get("id");
    if (id == null) {
      events.add(m);
      return;
    }
    CompletableFuture<Map<String, Object>> f = pending.remove(((Double) id).intValue());
    if (f != null) {
      f.complete(m);
    }
  }

  /**
   * Calls {@code method} with {@code params} (a JSON object's text) and returns the result object.
   *
   * @throws IOException when the browser reports an error or does not answer in time
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> call(String method, String params) throws IOException, InterruptedException {
    int id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
    pending.put(id, f);
    // One send at a time: a WebSocket refuses a new send while the last one is still pending.
    socket.sendText("{\"id\":" + id + ",\"method\":" + Json.quote(method) + ",\"params\":" + params + "}", true)
        .join();
    Map<String, Object> answer;
    try {
      answer = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException(method + ": no answer", e);
    }
    if (answer.containsKey("error")) {
      throw new IOException(method + ": " + answer.get("error"));
    }
    return (Map<String, Object>) answer.get("result");
  }

  /** Loads {@code url} in the tab and waits for its load event. */
  void navigate(String url) throws IOException, InterruptedException {
    events.clear();
    Map<String, Object> r = call("Page.navigate", "{\"url\":" + Json.quote(url) + "}");
    if (r.get("errorText") != null) {
      throw new IOException("navigation to " + url + " failed: " + r.get("errorText"));
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      Map<String, Object> e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new IOException("no load event from " + url);
      }
      if ("Page.loadEventFired".equals(e.get("method"))) {
        return;
      }
    }
  }

  /** Runs {@code expression} in the page, as a page script would, and returns its value. */
  @SuppressWarnings("unchecked")
  Object evaluate(String expression) throws IOException, InterruptedException {
    Map<String, Object> r = call("Runtime.evaluate",
        "{\"expression\":" + Json.quote(expression) + ",\"returnByValue\":true}");
    if (r.containsKey("exceptionDetails")) {
      throw new IOException("script failed: " + r.get("exceptionDetails"));
    }
    return ((Map<String, Object>) r.get("result")).get("value");
  }

  @Override
  public void close() {
    socket.abort();
    stop(process);
  }

  private static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
