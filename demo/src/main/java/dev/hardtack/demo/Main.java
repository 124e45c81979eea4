package dev.hardtack.demo;

import dev.hardtack.KeyInfo;
import dev.hardtack.KeyRing;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * {@code java -jar demo/target/hardtack-demo.jar [--port N] [--bind ADDRESS] [--idle-timeout D]
 * [--absolute-timeout D] [--keyring FILE] [--keystore FILE] [--http]}: starts the demo and prints where it
 * listens and where to point a browser.
 *
 * <pre>{@code
 * java -jar demo/target/hardtack-demo.jar                 # https://localhost:8443, self-signed certificate
 * java -jar demo/target/hardtack-demo.jar --http --port 8080 --keyring demo.keyring
 * }</pre>
 *
 * <p>Exit codes: 0 after {@code --help}, 2 for a usage error, 1 when the server cannot start.
 *
 * <p>Security: see {@link DemoServer}; secrets (keys, the keystore password) never reach the console.
 */
public final class Main {
  /** The most sessions in each tier of the store: new ones, and ones that came back (see {@link SessionStore}). */
  static final int SESSION_CAPACITY = 10_000;

  private Main() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("hardtack-demo: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      out.println(Options.USAGE);
      return;
    }
    try {
      run(options, out, System.err::println);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      System.err.println("hardtack-demo: cannot start: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Starts the server as the command line says, prints the banner on {@code out}, and returns the server. */
  static DemoServer run(Options o, PrintStream out, Consumer<String> log) throws IOException,
      GeneralSecurityException {
    Clock clock = Clock.systemUTC();
    KeyRing ring = openKeyRing(o.keyring(), log);
    SSLContext tls = null;
    String fingerprint = null;
    if (!o.http()) {
      if (o.keystore() != null) {
        tls = fromKeyStore(o.keystore(), System.getenv(Options.KEYSTORE_PASSWORD_ENV));
      } else {
        SelfSignedCertificate self = SelfSignedCertificate.create(clock.instant());
        tls = sslContext(self.keyStore(), self.password());
        fingerprint = SelfSignedCertificate.fingerprint(self.certificate());
      }
    }
    InetAddress bind = InetAddress.getByName(o.bind()); // an address literal is not looked up
    DemoServer server = DemoServer.start(new DemoServer.Settings(new InetSocketAddress(bind, o.port()), tls, ring,
        o.idleTimeout(), o.absoluteTimeout(), SESSION_CAPACITY, clock, log, o.unsignedBaseline()));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "demo-shutdown"));
    banner(out, o, bind, server.port(), ring, fingerprint);
    return server;
  }

  /** The banner's line about where the server listens, and so who can reach it. */
  static String listening(InetAddress bind, int port) {
    String at = (bind instanceof Inet6Address ? "[" + bind.getHostAddress() + "]" : bind.getHostAddress()) + ":"
        + port;
    if (bind.isLoopbackAddress()) {
      return "  Listening on " + at + ": this machine only (--bind 0.0.0.0 to listen on every interface).";
    }
    if (bind.isAnyLocalAddress()) {
      return "  Listening on " + at + ": EVERY interface, reachable from the network.";
    }
    return "  Listening on " + at + " only: reachable from that address's network.";
  }

  /**
   * The keys: a fresh in-memory ring when {@code file} is null; otherwise the ring in {@code file} (written with a
   * fresh key first when the file does not exist), followed live: a rotation written to the file by the {@code
   * hardtack} tool or another process takes effect within about a second, without a restart.
   */
  static KeyRing openKeyRing(Path file, Consumer<String> log) throws IOException {
    if (file == null) {
      return KeyRing.generate();
    }
    if (Files.notExists(file)) {
      KeyRing.generate().save(file); // atomic, owner-only: the one keyring format, docs/KEYRING.md
      log.accept("created " + file + " with one fresh key");
    }
    return KeyRing.watch(file, new KeyRing.Listener() {
      @Override
      public void reloaded(Path f, List<KeyInfo> keys) {
        log.accept("keyring " + f + " reloaded: " + keys); // versions, states and dates: no key material
      }

      @Override
      public void rejected(Path f, IOException problem) {
        log.accept("keyring " + f + " change refused, still using the last good keys: " + problem.getMessage());
      }
    });
  }

  /** TLS from a PKCS#12 (or JKS) keystore whose one key entry is the server's; {@code password} is not kept. */
  static SSLContext fromKeyStore(Path file, String password) throws IOException, GeneralSecurityException {
    if (password == null) {
      throw new IllegalArgumentException("set " + Options.KEYSTORE_PASSWORD_ENV + " to the keystore's password");
    }
    if (!Files.isReadable(file)) {
      throw new IOException("cannot read the keystore " + file);
    }
    char[] pw = password.toCharArray();
    try {
      return sslContext(KeyStore.getInstance(file.toFile(), pw), pw);
    } finally {
      Arrays.fill(pw, '\0');
    }
  }

  static SSLContext sslContext(KeyStore ks, char[] password) throws GeneralSecurityException {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  private static void banner(PrintStream out, Options o, InetAddress bind, int port, KeyRing ring,
      String fingerprint) {
    String host = bind.isLoopbackAddress() || bind.isAnyLocalAddress() ? "localhost"
        : bind instanceof Inet6Address ? "[" + bind.getHostAddress() + "]" : bind.getHostAddress();
    String url = (o.http() ? "http" : "https") + "://" + host + ":" + port + "/";
    out.println("Hardtack demo running at " + url);
    out.println(listening(bind, port));
    if (o.unsignedBaseline()) {
      out.println("  BENCHMARK BASELINE (--unsigned-baseline): the session cookie is NOT signed. Never for real use.");
    }
    if (fingerprint != null) {
      out.println("  TLS: a self-signed certificate made just now, so your browser warns; accept the one whose");
      out.println("  SHA-256 fingerprint is:");
      out.println("  " + fingerprint);
    } else if (o.http()) {
      out.println("  Plain HTTP: meant for a TLS-terminating proxy in front. Cookies stay Secure; browsers accept");
      out.println("  them from http://localhost, other clients may not send them back over plain HTTP.");
    }
    out.println("  Sessions end after " + Html.human(o.idleTimeout()) + " idle, " + Html.human(o.absoluteTimeout())
        + " at most. Keys: " + (o.keyring() != null ? o.keyring() : "in memory") + " " + ring);
    out.println();
    out.println("Try:");
    out.println("  - open " + url + " and reload: the count rises (session id in the signed cookie __Host-sid)");
    out.println("  - log in with a name: the session keeps its count but gets a new id; log out: it ends");
    out.println("  - open " + url + "stateless: the count lives in an encrypted cookie, no server state");
    out.println("  - edit the cookie in the browser's dev tools: the server starts a fresh session and logs why");
    if (o.keyring() != null) {
      out.println("  - rotate the key while it runs; nobody is logged out, cookies move to the new key on their next");
      out.println("    request: java -jar cli/target/hardtack.jar keyring rotate " + o.keyring());
    } else {
      out.println("  - restart with --keyring demo.keyring to rotate keys live with the hardtack CLI");
    }
    String curl = "curl -s" + (o.http() ? "" : "k") + " -c jar -b jar " + url;
    out.println("  - or from a shell: " + curl + "   (run it twice)");
    out.println("Stop with Ctrl+C. Events are logged on stderr, never with a cookie or a session id.");
    out.flush();
  }
}
