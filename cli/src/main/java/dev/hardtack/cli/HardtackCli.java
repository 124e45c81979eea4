package dev.hardtack.cli;

import dev.hardtack.CookieCodec;
import dev.hardtack.Durations;
import dev.hardtack.KeyInfo;
import dev.hardtack.KeyRing;
import dev.hardtack.SessionIdGenerator;
import dev.hardtack.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code hardtack} admin tool: keyring files, signing and verifying cookies, session ids.
 *
 * <pre>
 * java -jar cli/target/hardtack.jar keyring init keys.hardtack
 * java -jar cli/target/hardtack.jar keyring list keys.hardtack
 * </pre>
 *
 * <p>Exit codes: {@value #OK} success, {@value #REJECTED} a cookie that does not verify (its status on stderr),
 * {@value #USAGE} a usage error (including an admin step the ring refuses, such as revoking the primary),
 * {@value #BAD_KEYRING} an unreadable, unwritable or corrupt keyring file.
 *
 * <p>Security: no command prints key material; every write goes through {@link KeyRing#save}, which is
 * atomic and gives the file owner-only permissions. {@code --passphrase-env} makes every command expect an
 * encrypted file and refuse a plain one (and the reverse without it); converting is its own command, {@code
 * keyring encrypt|decrypt}. A value or cookie given as {@code -} is read from standard input, so that it stays
 * out of the process list, which every local user can read.
 */
@Command(
    name = "hardtack",
    mixinStandardHelpOptions = true,
    version = "hardtack 0.1.0",
    description = "Manage Hardtack keyring files, sign and verify cookies, make session ids.",
    subcommands = {
      HardtackCli.Keyring.class,
      HardtackCli.Sign.class,
      HardtackCli.VerifyCookie.class,
      HardtackCli.SessionId.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:a cookie that does not verify (its status on stderr)",
      "2:a usage error",
      "3:an unreadable or corrupt keyring file"
    })
public final class HardtackCli implements Runnable {
  static final int OK = 0;
  static final int REJECTED = 1;
  static final int USAGE = 2;
  static final int BAD_KEYRING = 3;

  /**
   * The CLI's one source of randomness: the OS's, through the JDK's default {@code SecureRandom}, for a staged
   * key's bytes. Core's public API makes random keys only as primaries ({@code KeyRing.generate}, {@code rotate});
   * {@code keyring stage} adds one that is not, so it draws its bytes here, once per command.
   */
  private static final SecureRandom RANDOM = new SecureRandom();

  @Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the tool and returns its exit code; for tests. */
  static int run(String... args) {
    CommandLine cli = new CommandLine(new HardtackCli());
    cli.setExecutionExceptionHandler(HardtackCli::handle);
    documentExitCodes(cli);
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** Every command's --help lists the exit codes, as the top-level one does. */
  private static void documentExitCodes(CommandLine cli) {
    CommandLine.Model.UsageMessageSpec top = cli.getCommandSpec().usageMessage();
    for (CommandLine sub : cli.getSubcommands().values()) {
      sub.getCommandSpec().usageMessage().exitCodeListHeading(top.exitCodeListHeading())
          .exitCodeList(top.exitCodeList());
      documentExitCodes(sub);
    }
  }

  /** Maps what went wrong in a command to its exit code, with a one-line message on stderr. */
  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof KeyringProblem || e instanceof IOException) {
      err.println("hardtack: " + e.getMessage());
      return BAD_KEYRING;
    }
    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
        || e instanceof NoSuchElementException || e instanceof UsageProblem) {
      err.println("hardtack: " + e.getMessage());
      return USAGE;
    }
    err.println("hardtack: unexpected " + e);
    return 70; // EX_SOFTWARE: a bug here
  }

  /** A keyring file that cannot be read, parsed or written. */
  static final class KeyringProblem extends Exception {
    private static final long serialVersionUID = 1L;

    KeyringProblem(String message) {
      super(message);
    }
  }

  /** A usage mistake found after parsing (an environment variable that is not set, say). */
  static final class UsageProblem extends Exception {
    private static final long serialVersionUID = 1L;

    UsageProblem(String message) {
      super(message);
    }
  }

  /** {@code --passphrase-env}, shared by every command that reads or writes a keyring. */
  static final class Passphrase {
    @Option(
        names = "--passphrase-env",
        paramLabel = "VAR",
        description = "The keyring file is encrypted under the passphrase in environment variable VAR (at least"
            + " 16 characters when writing): only an encrypted file is read, a plain one is refused. Default: the"
            + " file is plain, and an encrypted one is refused. To convert: keyring encrypt|decrypt.")
    String variable;

    char[] get() throws UsageProblem {
      if (variable == null) {
        return null;
      }
      String value = System.getenv(variable);
      if (value == null || value.isEmpty()) {
        throw new UsageProblem("--passphrase-env: the environment variable " + variable + " is not set");
      }
      return value.toCharArray();
    }
  }

  static KeyRing load(Path file, Passphrase passphrase) throws KeyringProblem, UsageProblem {
    char[] p = passphrase.get();
    try {
      return KeyRing.load(file, p);
    } catch (IOException e) {
      throw new KeyringProblem(describe(file, e));
    } finally {
      if (p != null) {
        Arrays.fill(p, '\0');
      }
    }
  }

  static void save(KeyRing ring, Path file, Passphrase passphrase) throws KeyringProblem, UsageProblem {
    char[] p = passphrase.get();
    try {
      if (p == null) {
        ring.save(file);
      } else {
        ring.save(file, p);
      }
    } catch (IOException e) {
      throw new KeyringProblem(describe(file, e));
    } finally {
      if (p != null) {
        Arrays.fill(p, '\0');
      }
    }
  }

  private static String describe(Path file, IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return file + ": no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return file + ": permission denied";
    }
    String m = e.getMessage();
    return m == null ? file + ": " + e.getClass().getSimpleName() : m;
  }

  // ------------------------------------------------------------------------------------------ keyring

  @Command(
      name = "keyring",
      mixinStandardHelpOptions = true,
      description = {
        "Edit a keyring file. Every change is saved atomically (temporary file, fsync, rename).",
        "One server: rotate, then retire the old key with a deadline past your longest cookie lifetime.",
        "A fleet: stage; wait until every server has reloaded; promote; retire with a deadline."
      },
      subcommands = {
        KeyringInit.class, KeyringList.class, KeyringStage.class, KeyringPromote.class, KeyringRotate.class,
        KeyringRetire.class, KeyringRevoke.class, KeyringEncrypt.class, KeyringDecrypt.class
      })
  static final class Keyring implements Runnable {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "a keyring command is required");
    }
  }

  /** The FILE parameter and passphrase of every keyring command. */
  abstract static class KeyringCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The keyring file.")
    Path file;

    @Mixin Passphrase passphrase;

    @Spec CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    /** Loads the file, applies {@code change}, saves. */
    Integer edit(Change change) throws Exception {
      KeyRing ring = load(file, passphrase);
      String done = change.apply(ring);
      save(ring, file, passphrase);
      out().println(done);
      return OK;
    }

    interface Change {
      String apply(KeyRing ring);
    }
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Create FILE with one fresh random 256-bit key, version 1, primary. Refuses an existing FILE.")
  static final class KeyringInit extends KeyringCommand {
    @Override
    public Integer call() throws Exception {
      if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new UsageProblem(file + " already exists: init never overwrites a keyring");
      }
      save(KeyRing.generate(), file, passphrase);
      out().println("created " + file + " with key version 1 (primary)");
      return OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Show every key: version, state, creation, retirement deadline, last use. Never key material.")
  static final class KeyringList extends KeyringCommand {
    @Override
    public Integer call() throws Exception {
      KeyRing ring = load(file, passphrase);
      String format = "%-8s %-8s %-24s %-24s %s%n";
      out().printf(format, "VERSION", "STATE", "CREATED", "VERIFY-UNTIL", "LAST-USED");
      for (KeyInfo k : ring.keys()) {
        out().printf(format, k.version(), k.state().name().toLowerCase(Locale.ROOT), seconds(k.createdAt()),
            k.verifyUntil().map(HardtackCli::seconds).orElse("-"),
            k.lastUsed().map(HardtackCli::seconds).orElse("never recorded"));
      }
      return OK;
    }
  }

  @Command(name = "stage", mixinStandardHelpOptions = true,
      description = {"Add a fresh random 256-bit key as STAGED: it verifies, does not sign. Prints its version.",
          "The same step as KeyRing.add in the Java API."})
  static final class KeyringStage extends KeyringCommand {
    @Override
    public Integer call() throws Exception {
      return edit(ring -> {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        try {
          int v = ring.add(secret);
          return "staged key version " + v + ": promote it once every server has reloaded the file";
        } finally {
          Arrays.fill(secret, (byte) 0);
        }
      });
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true,
      description = "Make key VERSION the primary (it signs from now on); the former primary becomes RETIRED.")
  static final class KeyringPromote extends KeyringCommand {
    @Parameters(index = "1", paramLabel = "VERSION", description = "The key version to promote.")
    int version;

    @Override
    public Integer call() throws Exception {
      return edit(ring -> {
        int before = ring.primaryVersion();
        ring.promote(version);
        return before == version
            ? "key version " + version + " is already the primary"
            : "key version " + version + " is the primary; version " + before + " is retired: give it a deadline"
                + " with 'hardtack keyring retire'";
      });
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = {"Add a fresh random key and make it primary at once; the former primary is RETIRED.",
        "For a single server: in a fleet, stage, wait for every server, then promote."})
  static final class KeyringRotate extends KeyringCommand {
    @Override
    public Integer call() throws Exception {
      return edit(ring -> {
        int before = ring.primaryVersion();
        int v = ring.rotate();
        return "key version " + v + " is the primary; version " + before + " is retired";
      });
    }
  }

  @Command(name = "retire", mixinStandardHelpOptions = true,
      description = "Let key VERSION verify cookies only until the deadline; it is then dropped. Not the primary.")
  static final class KeyringRetire extends KeyringCommand {
    @Parameters(index = "1", paramLabel = "VERSION", description = "The key version to retire.")
    int version;

    @Option(names = "--until", required = true, paramLabel = "INSTANT",
        converter = InstantConverter.class,
        description = "The deadline, UTC, e.g. 2027-01-01T00:00:00Z. Choose it past the longest cookie lifetime.")
    Instant until;

    @Override
    public Integer call() throws Exception {
      return edit(ring -> {
        ring.retire(version, until);
        return "key version " + version + " is retired: it verifies cookies until " + until;
      });
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Remove key VERSION at once: its cookies stop verifying. Not the primary.")
  static final class KeyringRevoke extends KeyringCommand {
    @Parameters(index = "1", paramLabel = "VERSION", description = "The key version to revoke.")
    int version;

    @Override
    public Integer call() throws Exception {
      return edit(ring -> {
        ring.revoke(version);
        return "key version " + version + " is revoked";
      });
    }
  }

  @Command(name = "encrypt", mixinStandardHelpOptions = true,
      description = {"Encrypt the plain keyring FILE in place under the passphrase of --passphrase-env (required).",
        "From then on every command needs --passphrase-env, and applications KeyRing.load(path, passphrase) or",
        "KeyRing.watch(path, passphrase, listener): an application still watching it as a plain file keeps its",
        "last good keys and reports the change as rejected."})
  static final class KeyringEncrypt extends KeyringCommand {
    @Override
    public Integer call() throws Exception {
      requirePassphrase(passphrase, "encrypt");
      KeyRing ring = load(file, new Passphrase());
      save(ring, file, passphrase);
      out().println("encrypted " + file + ": load it with its passphrase from now on");
      return OK;
    }
  }

  @Command(name = "decrypt", mixinStandardHelpOptions = true,
      description = {"Decrypt the encrypted keyring FILE in place, with the passphrase of --passphrase-env (required).",
        "The file then holds every secret in the clear (owner-only permissions): store it like a private key."})
  static final class KeyringDecrypt extends KeyringCommand {
    @Override
    public Integer call() throws Exception {
      requirePassphrase(passphrase, "decrypt");
      KeyRing ring = load(file, passphrase);
      save(ring, file, new Passphrase());
      out().println("decrypted " + file + ": load it without a passphrase from now on");
      return OK;
    }
  }

  private static void requirePassphrase(Passphrase passphrase, String command) throws UsageProblem {
    if (passphrase.variable == null) {
      throw new UsageProblem(command + " needs --passphrase-env VAR, the environment variable holding the passphrase");
    }
  }

  // ------------------------------------------------------------------------------------------ standard input

  /** The most read from standard input for one value or cookie. */
  static final int MAX_STDIN_BYTES = 1 << 20;

  /**
   * {@code arg} itself, or, when it is {@code -}, standard input as UTF-8 less one final line end: a value or
   * cookie given on the command line shows in the process list of every local user.
   */
  static String argOrStdin(String arg, String what) throws UsageProblem {
    if (!"-".equals(arg)) {
      return arg;
    }
    InputStream in = System.in;
    byte[] b;
    try {
      b = in.readNBytes(MAX_STDIN_BYTES + 1);
    } catch (IOException e) {
      throw new UsageProblem(what + ": cannot read standard input (" + e.getClass().getSimpleName() + ")");
    }
    if (b.length > MAX_STDIN_BYTES) {
      throw new UsageProblem(what + " from standard input is over " + MAX_STDIN_BYTES + " bytes");
    }
    int end = b.length;
    if (end > 0 && b[end - 1] == '\n') {
      end--;
      if (end > 0 && b[end - 1] == '\r') {
        end--;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, end)).toString();
    } catch (CharacterCodingException e) {
      throw new UsageProblem(what + " from standard input is not UTF-8");
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  // ------------------------------------------------------------------------------------------ cookies

  /** Options shared by sign and verify. */
  abstract static class CodecCommand implements Callable<Integer> {
    @Option(names = "--keyring", required = true, paramLabel = "FILE", description = "The keyring file.")
    Path keyring;

    @Option(names = "--name", required = true, paramLabel = "NAME",
        description = "The cookie's name, bound into its tag.")
    String name;

    @Option(names = "--encrypted", description = "Encrypt (format e1) rather than only sign (s1). Default: sign.")
    boolean encrypted;

    @Mixin Passphrase passphrase;

    @Spec CommandLine.Model.CommandSpec spec;

    CookieCodec.Builder builder() throws Exception {
      CookieCodec.Builder b = CookieCodec.builder(load(keyring, passphrase)).cookieName(name);
      return encrypted ? b.encrypted() : b;
    }
  }

  @Command(name = "sign", mixinStandardHelpOptions = true,
      description = {"Sign (or encrypt) VALUE with the keyring's primary key; prints the cookie value.",
        "VALUE '-' reads it from standard input (less one final line end): use it for anything secret, since",
        "arguments show in the process list of every local user."})
  static final class Sign extends CodecCommand {
    @Parameters(index = "0", paramLabel = "VALUE", description = "The value to sign, or - to read it from"
        + " standard input.")
    String value;

    @Override
    public Integer call() throws Exception {
      String v = argOrStdin(value, "VALUE");
      spec.commandLine().getOut().println(builder().build().sign(v));
      return OK;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Verify COOKIE; print its value when valid, else its status on stderr (exit 1).",
        "Statuses: MALFORMED, BAD_SIGNATURE, UNKNOWN_KEY, EXPIRED, NOT_YET_VALID.",
        "COOKIE '-' reads it from standard input (less one final line end), out of the process list."})
  static final class VerifyCookie extends CodecCommand {
    @Option(names = "--max-age", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Reject cookies older than this: 90s, 30m, 8h, 30d or ISO-8601 (PT8H), up to 400d. Default: no"
            + " limit.")
    Duration maxAge;

    @Parameters(index = "0", paramLabel = "COOKIE", description = "The cookie's value, or - to read it from"
        + " standard input.")
    String cookie;

    @Override
    public Integer call() throws Exception {
      String c = argOrStdin(cookie, "COOKIE");
      CookieCodec.Builder b = builder();
      if (maxAge != null) {
        b.maxAge(maxAge);
      }
      Verification r = b.build().verify(c);
      if (r.isValid()) {
        spec.commandLine().getOut().println(r.value());
        return OK;
      }
      spec.commandLine().getErr().println(r.status());
      return REJECTED;
    }
  }

  @Command(name = "session-id", mixinStandardHelpOptions = true,
      description = "Print a fresh random session id (base64url).")
  static final class SessionId implements Callable<Integer> {
    @Option(names = "--bits", paramLabel = "N",
        description = "Entropy in bits, a multiple of 8 from " + SessionIdGenerator.MIN_BITS + " to "
            + SessionIdGenerator.MAX_BITS + ". Default: " + SessionIdGenerator.DEFAULT_BITS + ".")
    int bits = SessionIdGenerator.DEFAULT_BITS;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getOut().println(SessionIdGenerator.create(bits).next());
      return OK;
    }
  }

  // ------------------------------------------------------------------------------------------ converters

  static String seconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String s) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException("'" + s + "' is not an instant like 2027-01-01T00:00:00Z");
      }
    }
  }

  /** Hardtack's one duration syntax ({@link Durations}), 1 second to {@link CookieCodec#MAX_MAX_AGE}. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String s) {
      try {
        return Durations.parse(s, Duration.ofSeconds(1), CookieCodec.MAX_MAX_AGE);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("'" + s + "' " + e.getMessage());
      }
    }
  }
}
