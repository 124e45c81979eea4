import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of the load benchmark that wrk cannot do, as one single-file Java program (run with {@code java
 * benchmarks/load/LoadDriver.java ...}, no build): {@code run.sh} calls it. Loopback only: every command takes a
 * port on 127.0.0.1.
 *
 * <pre>
 *   probe PORT PATH COOKIE|- COUNT INTERVAL_MS NAME   one request per fresh connection, paced; prints p50/p99
 *   slowloris PORT CONNECTIONS SECONDS                 hold partial requests, one more header byte a second
 *   flood PORT USERS ANONYMOUS SECONDS WRK_LUA          returning users keep visiting while wrk floods anonymously
 *   chart RESULTS.tsv OUT.svg                          the bar chart of docs/BENCHMARKS.md's load section
 * </pre>
 *
 * <p>Example: {@code java benchmarks/load/LoadDriver.java probe 8080 / - 100 10 unloaded}.
 *
 * <p>Security: it only ever connects to 127.0.0.1, every run is bounded in count and time (a probe gives up 60 s
 * after its schedule, a socket after 5 s), and it prints no cookie.
 */
public final class LoadDriver {
  private static final String HOST = "127.0.0.1";
  private static final Pattern SID = Pattern.compile("(?im)^set-cookie: (__Host-sid=[^;\\r\\n]*)");
  private static final Pattern VISITS = Pattern.compile("<p id=\"visits\">([^<]*)</p>");
  private static final int TIMEOUT_MS = 5_000;

  private LoadDriver() {}

  public static void main(String[] a) throws Exception {
    switch (a.length == 0 ? "" : a[0]) {
      case "probe" -> probe(port(a[1]), a[2], a[3].equals("-") ? null : a[3], Integer.parseInt(a[4]),
          Integer.parseInt(a[5]), a[6]);
      case "slowloris" -> slowloris(port(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]));
      case "flood" -> flood(port(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]),
          a[5]);
      case "chart" -> chart(Path.of(a[1]), Path.of(a[2]));
      default -> {
        System.err.println("usage: see the comment at the top of LoadDriver.java");
        System.exit(2);
      }
    }
  }

  private static int port(String s) {
    int p = Integer.parseInt(s);
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException("bad port " + s);
    }
    return p;
  }

  /** One HTTP/1.1 exchange on a fresh loopback connection ({@code Connection: close}): the whole response. */
  static String get(int port, String path, String cookie) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, port), TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      s.setTcpNoDelay(true);
      String req = "GET " + path + " HTTP/1.1\r\nHost: " + HOST + ":" + port + "\r\n"
          + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "Connection: close\r\n\r\n";
      OutputStream out = s.getOutputStream();
      out.write(req.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      String r = b.toString(StandardCharsets.UTF_8);
      if (!r.startsWith("HTTP/1.1 ")) {
        throw new IOException("no HTTP response (" + r.length() + " bytes)");
      }
      return r;
    }
  }

  static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  // ---- probe: a normal visitor's latency, paced, each request on a new connection ----

  static void probe(int port, String path, String cookie, int count, int intervalMs, String name)
      throws InterruptedException {
    long[] micros = new long[count];
    int ok = 0;
    int failed = 0;
    String firstFailure = null;
    long next = System.nanoTime();
    long giveUp = next + TimeUnit.MILLISECONDS.toNanos((long) count * intervalMs) + TimeUnit.SECONDS.toNanos(60);
    for (int i = 0; i < count; i++) {
      if (System.nanoTime() > giveUp) { // bounded in time: what was not sent by then counts as failed
        failed += count - i;
        firstFailure = firstFailure == null ? "time cap: " + (count - i) + " not sent" : firstFailure;
        Arrays.fill(micros, i, count, TimeUnit.SECONDS.toMicros(60));
        break;
      }
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      next += TimeUnit.MILLISECONDS.toNanos(intervalMs);
      long t0 = System.nanoTime();
      try {
        String r = get(port, path, cookie);
        if (status(r) == 200) {
          ok++;
        } else {
          failed++;
          firstFailure = firstFailure == null ? "status " + status(r) : firstFailure;
        }
      } catch (IOException | RuntimeException e) {
        failed++;
        firstFailure = firstFailure == null ? e.toString() : firstFailure;
      }
      micros[i] = (System.nanoTime() - t0) / 1000; // a failure counts with the time it took to fail
    }
    Arrays.sort(micros);
    System.out.printf(Locale.ROOT, "RESULT\t%s\tprobe\t%.1f\t%.3f\t%.3f\t%d\t%d%n", name, ok / (count * intervalMs
        / 1000.0), pct(micros, 50) / 1000.0, pct(micros, 99) / 1000.0, ok, failed);
    if (firstFailure != null) {
      System.err.println("  first failure: " + firstFailure);
    }
  }

  private static long pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  // ---- slowloris: connections that never finish their request ----

  static void slowloris(int port, int connections, int seconds) throws InterruptedException {
    List<Socket> open = new ArrayList<>();
    AtomicInteger dropped = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (int i = 0; i < connections; i++) {
      Socket s = openPartial(port, refused);
      if (s != null) {
        open.add(s);
      }
    }
    System.out.println("slowloris: " + open.size() + " connections open, each sending one header byte a second");
    int round = 0;
    while (System.nanoTime() < end) {
      TimeUnit.SECONDS.sleep(1);
      round++;
      for (int i = 0; i < open.size(); i++) {
        Socket s = open.get(i);
        try {
          s.getOutputStream().write(round % 20 == 0 ? new byte[] {'\r', '\n', 'X'} : new byte[] {'a'});
        } catch (IOException e) {
          dropped.incrementAndGet(); // the server closed it: open another, as an attacker would
          closeQuietly(s);
          Socket again = openPartial(port, refused);
          open.set(i, again != null ? again : s);
        }
      }
    }
    open.forEach(LoadDriver::closeQuietly);
    System.out.println("slowloris: done; the server closed " + dropped.get() + " of them, " + refused.get()
        + " connects failed");
  }

  private static Socket openPartial(int port, AtomicInteger refused) {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(HOST, port), TIMEOUT_MS);
      s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + HOST + "\r\nX-slow: ").getBytes(
          StandardCharsets.US_ASCII));
      return s;
    } catch (IOException e) {
      refused.incrementAndGet();
      closeQuietly(s);
      return null;
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  // ---- flood: returning users keep visiting while wrk sends anonymous requests ----

  static void flood(int port, int users, int anonymous, int seconds, String lua) throws Exception {
    String[] cookies = new String[users];
    for (int i = 0; i < users; i++) {
      String r = get(port, "/", null);
      Matcher m = SID.matcher(r);
      if (status(r) != 200 || !m.find()) {
        throw new IOException("user " + i + ": no session cookie");
      }
      cookies[i] = m.group(1);
      String second = get(port, "/", cookies[i]); // a returning user: seen at least twice before the flood
      if (!visits(second).equals("You visited this page 2 times")) {
        throw new IOException("user " + i + ": second visit not counted: " + visits(second));
      }
    }
    System.out.println("flood: " + users + " returning users signed up (2 visits each); heap now: see run.sh");
    System.out.flush();
    if (System.getenv("FLOOD_PAUSE_FILE") != null) {
      // run.sh measures the heap before the flood here, then deletes the file.
      Path pause = Path.of(System.getenv("FLOOD_PAUSE_FILE"));
      Files.writeString(pause, "ready");
      while (Files.exists(pause)) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
    int threads = 2;
    String perThread = Integer.toString(anonymous / threads);
    ProcessBuilder pb = new ProcessBuilder("wrk", "-t" + threads, "-c50", "-d" + seconds + "s", "-s", lua,
        "http://" + HOST + ":" + port + "/").redirectErrorStream(true);
    pb.environment().put("FLOOD_PER_THREAD", perThread);
    Process wrk = pb.start();
    AtomicBoolean flooding = new AtomicBoolean(true);
    Thread reader = new Thread(() -> {
      // Each wrk thread says when it has had its share; then SIGINT makes wrk stop and print its summary at
      // once, instead of idling until -d runs out.
      try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
          wrk.getInputStream(), StandardCharsets.UTF_8))) {
        int done = 0;
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          if (l.startsWith("QUOTA") && ++done == threads) {
            new ProcessBuilder("kill", "-INT", Long.toString(wrk.pid())).start().waitFor();
          } else if (l.startsWith("RESULT") || l.contains("requests in")) {
            System.out.println("  wrk: " + l);
          }
        }
      } catch (IOException | InterruptedException e) {
        System.out.println("  wrk output lost: " + e);
      }
    });
    reader.start();
    // Every returning user keeps visiting in turn, through the whole flood, at a human pace: all of them together
    // make FLOOD_VISITS_PER_SECOND visits a second (default 50, so each comes back every 20 s with 1,000 users),
    // from 4 threads. Faster visitors would be easier to keep: a store that evicts the least recently used loses
    // a user once more than its capacity of anonymous requests arrive between two of that user's visits.
    double rate = Double.parseDouble(System.getenv().getOrDefault("FLOOD_VISITS_PER_SECOND", "50"));
    long gapNanos = (long) (4 * 1e9 / rate);
    Set lost = new Set();
    AtomicLong visits = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Thread[] visitors = new Thread[4];
    for (int t = 0; t < visitors.length; t++) {
      int first = t;
      visitors[t] = new Thread(() -> {
        long next = System.nanoTime();
        while (flooding.get()) {
          for (int i = first; i < users && flooding.get(); i += visitors.length) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
              try {
                TimeUnit.NANOSECONDS.sleep(Math.min(wait, 200_000_000L));
              } catch (InterruptedException e) {
                return;
              }
              if (next - System.nanoTime() > 0) {
                i -= visitors.length; // woke early to check the flag: same user again
                continue;
              }
            }
            next += gapNanos;
            visit(port, cookies, i, lost, visits, errors);
          }
        }
      });
      visitors[t].start();
    }
    wrk.waitFor();
    flooding.set(false);
    for (Thread t : visitors) {
      t.join();
    }
    reader.join();
    long during = visits.get();
    for (int i = 0; i < users; i++) { // and once more each, after the flood
      visit(port, cookies, i, lost, visits, errors);
    }
    System.out.printf(Locale.ROOT, "RESULT\tflood\tusers=%d\tlost=%d\treturning_visits=%d\tvisit_errors=%d%n",
        users, lost.size(), visits.get(), errors.get());
    System.out.println("  (" + during + " returning visits during the flood, " + (visits.get() - during)
        + " after it)");
  }

  /** A user is lost when a visit shows a fresh session: a new cookie, or the first-visit greeting. */
  private static void visit(int port, String[] cookies, int i, Set lost, AtomicLong visits, AtomicLong errors) {
    try {
      String r = get(port, "/", cookies[i]);
      visits.incrementAndGet();
      if (status(r) != 200) {
        errors.incrementAndGet();
        return;
      }
      Matcher m = SID.matcher(r);
      if (m.find() || visits(r).startsWith("Welcome")) {
        lost.add(i);
        if (m.find(0)) {
          cookies[i] = m.group(1); // carry on as the new session, as a browser would
        }
      }
    } catch (IOException e) {
      errors.incrementAndGet();
    }
  }

  private static String visits(String response) {
    Matcher m = VISITS.matcher(response);
    return m.find() ? m.group(1) : "(no visit line, status " + status(response) + ")";
  }

  /** Distinct user numbers, thread-safe. */
  private static final class Set {
    private final ConcurrentHashMap<Integer, Boolean> m = new ConcurrentHashMap<>();

    void add(int i) {
      m.put(i, Boolean.TRUE);
    }

    int size() {
      return m.size();
    }
  }

  // ---- chart: requests/s per scenario, one bar each, from results.tsv ----

  static void chart(Path tsv, Path svg) throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(tsv)) {
      String[] f = line.split("\t", -1);
      if (f.length >= 6 && f[0].equals("RESULT") && f[2].equals("wrk")) {
        rows.add(f);
      }
    }
    double max = rows.stream().mapToDouble(f -> Double.parseDouble(f[3])).max().orElse(1);
    int barArea = 460;
    int left = 230;
    int rowH = 26;
    int top = 40;
    StringBuilder b = new StringBuilder();
    int h = top + rows.size() * rowH + 30;
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(left + barArea + 170)
        .append("\" height=\"").append(h).append("\" font-family=\"sans-serif\" font-size=\"13\">\n")
        .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
        .append("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">")
        .append("The demo under wrk (2 threads, 50 connections, --http, loopback): requests/s</text>\n");
    int y = top;
    for (String[] f : rows) {
      double rps = Double.parseDouble(f[3]);
      int w = (int) Math.round(barArea * rps / max);
      String colour = f[1].contains("baseline") ? "#999999" : "#3b6ea5";
      b.append("<text x=\"").append(left - 8).append("\" y=\"").append(y + 16)
          .append("\" text-anchor=\"end\">").append(escape(f[1])).append("</text>\n")
          .append("<rect x=\"").append(left).append("\" y=\"").append(y + 3).append("\" width=\"").append(w)
          .append("\" height=\"").append(rowH - 8).append("\" fill=\"").append(colour).append("\"/>\n")
          .append("<text x=\"").append(left + w + 6).append("\" y=\"").append(y + 16).append("\">")
          .append(String.format(Locale.ROOT, "%,.0f/s  p99 %.1f ms", rps, Double.parseDouble(f[5])))
          .append("</text>\n");
      y += rowH;
    }
    b.append("<text x=\"10\" y=\"").append(h - 10).append("\" fill=\"#555\">grey: the same server with an ")
        .append("unsigned random cookie (Hardtack's sign/verify taken out); one run, ratios matter</text>\n");
    b.append("</svg>\n");
    Files.writeString(svg, b.toString());
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
