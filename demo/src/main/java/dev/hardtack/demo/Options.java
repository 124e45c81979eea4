package dev.hardtack.demo;

import dev.hardtack.Durations;
import dev.hardtack.SetCookie;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo's command line: {@code --port}, {@code --bind}, {@code --idle-timeout}, {@code --absolute-timeout},
 * {@code --keyring}, {@code --keystore}, {@code --http} (and {@code --help}). Each flag takes {@code --flag VALUE}
 * or {@code --flag=VALUE}. One more, {@code --unsigned-baseline}, is left out of the usage text: the load
 * benchmark's server with Hardtack taken out (docs/BENCHMARKS.md), never for real use.
 *
 * <pre>{@code
 * Options o = Options.parse("--port", "9443", "--idle-timeout", "5m");
 * }</pre>
 *
 * <p>Security: a bad flag is refused before anything starts; the keystore's password is never a flag (it would
 * show in the process list) but comes from the environment variable {@value #KEYSTORE_PASSWORD_ENV}.
 */
record Options(
    int port, String bind, Duration idleTimeout, Duration absoluteTimeout, Path keyring, Path keystore,
    boolean http, boolean unsignedBaseline, boolean help) {

  static final int DEFAULT_HTTPS_PORT = 8443;
  static final int DEFAULT_HTTP_PORT = 8080;
  /** Loopback only: a local try-out is not reachable from the network unless {@code --bind} says so. */
  static final String DEFAULT_BIND = "127.0.0.1";
  static final Duration DEFAULT_IDLE = Duration.ofMinutes(15);
  static final Duration DEFAULT_ABSOLUTE = Duration.ofHours(8);
  /** The longest timeout accepted: the longest lifetime a browser gives a cookie. */
  static final Duration MAX_TIMEOUT = SetCookie.MAX_MAX_AGE;
  static final String KEYSTORE_PASSWORD_ENV = "HARDTACK_KEYSTORE_PASSWORD";

  static final String USAGE = String.join("\n",
      "Usage: java -jar demo/target/hardtack-demo.jar [options]",
      "",
      "  --port N                 port to listen on (default 8443, or 8080 with --http; 0 picks a free one)",
      "  --bind ADDRESS           address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for",
      "                           every interface, e.g. in a container or behind a proxy on another host)",
      "  --idle-timeout D         a session unused for longer ends (default 15m)",
      "  --absolute-timeout D     every session ends this long after it began (default 8h)",
      "  --keyring FILE           keyring file, created when missing and re-read when it changes",
      "                           (default: a random in-memory key, lost on exit)",
      "  --keystore FILE          PKCS#12 keystore with the TLS key and certificate; its password comes from",
      "                           the environment variable " + KEYSTORE_PASSWORD_ENV,
      "                           (default: a self-signed certificate for localhost, made at start)",
      "  --http                   serve plain HTTP, for use behind a TLS-terminating proxy",
      "  --help                   show this text",
      "",
      "Durations: 90s, 15m, 8h, 2d, or ISO-8601 (PT15M); from 1s to 400d.");

  /**
   * Parses the command line.
   *
   * @throws IllegalArgumentException with a message fit for the user when a flag is unknown or a value is bad
   */
  static Options parse(String... args) {
    Integer port = null;
    String bind = DEFAULT_BIND;
    boolean unsignedBaseline = false;
    Duration idle = DEFAULT_IDLE;
    Duration absolute = DEFAULT_ABSOLUTE;
    Path keyring = null;
    Path keystore = null;
    boolean http = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String flag = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        flag = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      switch (flag) {
        case "--http":
        case "--unsigned-baseline":
        case "--help":
        case "-h":
          if (inline != null) {
            throw new IllegalArgumentException(flag + " takes no value");
          }
          if (flag.equals("--http")) {
            http = true;
          } else if (flag.equals("--unsigned-baseline")) {
            unsignedBaseline = true;
          } else {
            help = true;
          }
          break;
        case "--port":
        case "--bind":
        case "--idle-timeout":
        case "--absolute-timeout":
        case "--keyring":
        case "--keystore":
          String value = inline;
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(flag + " needs a value");
            }
            value = args[++i];
          }
          switch (flag) {
            case "--port":
              port = parsePort(value);
              break;
            case "--bind":
              bind = parseBind(value);
              break;
            case "--idle-timeout":
              idle = parseDuration(flag, value);
              break;
            case "--absolute-timeout":
              absolute = parseDuration(flag, value);
              break;
            case "--keyring":
              keyring = parsePath(flag, value);
              break;
            default:
              keystore = parsePath(flag, value);
              break;
          }
          break;
        default:
          throw new IllegalArgumentException("unknown option: " + arg);
      }
    }
    if (http && keystore != null) {
      throw new IllegalArgumentException("--keystore makes no sense with --http");
    }
    if (unsignedBaseline && !http) {
      throw new IllegalArgumentException("--unsigned-baseline is for the load benchmark, over --http only");
    }
    int p = port != null ? port : http ? DEFAULT_HTTP_PORT : DEFAULT_HTTPS_PORT;
    return new Options(p, bind, idle, absolute, keyring, keystore, http, unsignedBaseline, help);
  }

  /** An IP address literal (v4, or v6 with or without brackets) or a host name; resolved when the server starts. */
  private static String parseBind(String value) {
    String v = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
    if (v.isEmpty() || v.length() > 253 || !v.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c)
        || c == '.' || c == ':' || c == '-' || c == '%' || c == '_'))) {
      throw new IllegalArgumentException("--bind takes an address such as 127.0.0.1, 0.0.0.0 or ::1, not '"
          + value + "'");
    }
    return v;
  }

  private static int parsePort(String value) {
    try {
      int p = Integer.parseInt(value);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--port must be a number from 0 to 65535, not '" + value + "'");
  }

  private static Path parsePath(String flag, String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(flag + " needs a file name");
    }
    return Path.of(value);
  }

  /** Hardtack's one duration syntax ({@link Durations}: {@code 90s}, {@code 15m}, {@code PT15M}...), 1s to 400 days. */
  static Duration parseDuration(String flag, String value) {
    try {
      return Durations.parse(value, Duration.ofSeconds(1), MAX_TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + " " + e.getMessage() + ", not '" + value + "'", e);
    }
  }
}
