package dev.hardtack.ct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PIT's {@code mutations.xml} and enforces the per-class part of the mutation-testing rule, which PIT itself
 * cannot: every mutant of the classes that compare tags, parse tokens and check expiry must be killed, except the
 * few listed in {@link #EQUIVALENT} with the reason no test can tell them apart. Prints the score per class.
 *
 * <pre>
 * java dev.hardtack.ct.MutationGate core/target/pit-reports/mutations.xml   # run by -Pmutation
 * </pre>
 */
public final class MutationGate {
  /** The classes that must reach 100%. */
  static final List<String> CRITICAL = List.of("dev.hardtack.internal.ConstantTime",
      "dev.hardtack.internal.Base64Codec", "dev.hardtack.TokenFormat", "dev.hardtack.SignedTokens",
      "dev.hardtack.EncryptedTokens", "dev.hardtack.CookieCodec");

  /**
   * Mutants that cannot be killed, as {@code class#method:mutator-description@source-line}, each with its reason;
   * the source line is the mutated line's trimmed text. Kept short on purpose; a new entry needs a reason a
   * reviewer can check.
   */
  static final Map<String, String> EQUIVALENT = Map.ofEntries(
      Map.entry("dev.hardtack.SignedTokens#open:changed conditional boundary@if (n < 3 + TAG_CHARS || n > MAX_COOKIE_LENGTH) {",
          "n < 46 vs n <= 46: a 46-character input cannot hold a header and a tag, so it is MALFORMED either way"),
      Map.entry("dev.hardtack.SignedTokens#open:changed conditional boundary@if (header < 0 || bodyStart > tagStart - 1 || tok[tagStart - 1] != '.') {",
          "header < 0 vs <= 0: parseHeader returns -1 or a packed header whose length field is at least 7, never 0"),
      Map.entry("dev.hardtack.SignedTokens#open:changed conditional boundary@boolean encoded = bodyStart < tagStart - 1 && tok[bodyStart] == ENCODED_PAYLOAD;",
          "bodyStart < tagStart - 1 vs <=: at equality the byte there is the '.' before the tag (checked just"
              + " above), not '*', so the payload is not encoded either way"),
      Map.entry("dev.hardtack.SignedTokens#open:Replaced integer subtraction with addition@boolean encoded = bodyStart < tagStart - 1 && tok[bodyStart] == ENCODED_PAYLOAD;",
          "bodyStart < tagStart - 1 vs < tagStart + 1: bodyStart > tagStart - 1 was refused just above, and at"
              + " tagStart - 1 the byte is '.', not '*'"),
      Map.entry("dev.hardtack.SignedTokens#open:Replaced integer subtraction with addition@byte[] data = new byte[Base64Codec.decodedLength(tagStart - 1 - bodyStart - 1)];",
          "allocates more room than the payload needs: decode writes and decodeWtf8 reads only the decoded length,"
              + " so only the buffer's size changes"),
      Map.entry("dev.hardtack.EncryptedTokens#open:changed conditional boundary@if (n < 3 || n > MAX_COOKIE_LENGTH) {",
          "n < 3 vs n <= 3: the 3-character input 'e1.' has no header, so it is MALFORMED either way"),
      Map.entry("dev.hardtack.EncryptedTokens#open:changed conditional boundary@if (header < 0) {",
          "header < 0 vs <= 0: parseHeader returns -1 or a packed header whose length field is at least 7, never 0"),
      Map.entry("dev.hardtack.EncryptedTokens#open:Replaced integer subtraction with addition@byte[] plain = s.plain(sealedLength - OVERHEAD);",
          "asks the scratch buffer for 28 bytes more plaintext room than needed: only the buffer's size changes"),
      Map.entry("dev.hardtack.EncryptedTokens#seal:changed conditional boundary@if (n < 0) {",
          "n < 0 vs n <= 0: AesGcm.seal returns DESTROYED (-2) or the bytes it wrote, at least the 16-byte tag,"
              + " never 0"),
      Map.entry("dev.hardtack.EncryptedTokens#seal:removed call to java/util/Arrays::fill@Arrays.fill(plaintext, (byte) 0);",
          "zeroing a local plaintext copy after use: hygiene that no observable behaviour depends on"),
      Map.entry("dev.hardtack.TokenFormat#parseHeader:changed conditional boundary@if (end - off < 3 || b[off] != marker || b[off + 1] != '1' || b[off + 2] != '.') {",
          "end - off < 3 vs <= 3: a 3-byte range ('s1.') has no version digit and is refused by the digit count"),
      Map.entry("dev.hardtack.internal.ConstantTime#equal:changed conditional boundary@for (; i <= len - 8; i += 8) {",
          "i <= n - 8 vs i < n - 8: the last whole word is then compared by the byte loop instead, with the same"
              + " result"),
      Map.entry("dev.hardtack.internal.Base64Codec#encode:negated conditional@return encoder.encodeToString(off == 0 && len == data.length ? data : Arrays.copyOfRange(data, off, off + len));",
          "off == 0 negated in the whole-array shortcut: with off != 0 a valid range cannot have len == data.length,"
              + " so both branches encode the same bytes (the other negation, of len == data.length, is killed)"),
      Map.entry("dev.hardtack.internal.Base64Codec#decode:changed conditional boundary@b[i] = c < 0x80 ? (byte) c : (byte) 0xff;",
          "c < 0x80 vs c <= 0x80: the character 0x80 then becomes the byte 0x80 instead of 0xff, and the table"
              + " holds -1 (not in the alphabet) for both"));

  private static final Pattern MUTATION = Pattern.compile("<mutation [^>]*status='([A-Z_]+)'[^>]*>(.*?)</mutation>",
      Pattern.DOTALL);

  public static void main(String[] args) throws Exception {
    String xml = Files.readString(Path.of(args[0]));
    Path sources = Path.of(args[1]);
    java.util.Set<String> matched = new java.util.HashSet<>();
    Map<String, int[]> perClass = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int total = 0;
    int killed = 0;
    Matcher m = MUTATION.matcher(xml);
    while (m.find()) {
      String status = m.group(1);
      String body = m.group(2);
      String cls = tag(body, "mutatedClass");
      boolean dead = status.equals("KILLED") || status.equals("TIMED_OUT") || status.equals("MEMORY_ERROR")
          || status.equals("RUN_ERROR");
      int[] counts = perClass.computeIfAbsent(cls, k -> new int[2]);
      counts[1]++;
      total++;
      if (dead) {
        counts[0]++;
        killed++;
      } else if (CRITICAL.contains(cls)) {
        String id = cls + "#" + tag(body, "mutatedMethod") + ":" + tag(body, "description") + "@"
            + sourceLine(sources, cls, Integer.parseInt(tag(body, "lineNumber")));
        if (EQUIVALENT.containsKey(id)) {
          matched.add(id);
        } else {
          failures.add(status + " " + id + " (line " + tag(body, "lineNumber") + ")");
        }
      }
    }
    for (Map.Entry<String, int[]> e : perClass.entrySet()) {
      System.out.printf(Locale.ROOT, "%-45s %4d/%-4d %5.1f%%%s%n", e.getKey(), e.getValue()[0], e.getValue()[1],
          100.0 * e.getValue()[0] / e.getValue()[1], CRITICAL.contains(e.getKey()) ? "  (must be 100%)" : "");
    }
    System.out.printf(Locale.ROOT, "overall %d/%d = %.1f%%; accepted equivalent mutants: %d%n", killed, total,
        100.0 * killed / Math.max(1, total), EQUIVALENT.size());
    for (String f : failures) {
      System.out.println("SURVIVED IN A CRITICAL CLASS: " + f);
    }
    for (String e : EQUIVALENT.keySet()) {
      if (!matched.contains(e)) {
        System.out.println("note: no surviving mutant matches the listed equivalent " + e + " (killed now, or stale)");
      }
    }
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  /**
   * The trimmed text of line {@code line} of {@code cls}'s source file: equivalent mutants are keyed by it rather
   * than by the line number, so that an edit elsewhere in the file does not unlist them.
   */
  static String sourceLine(Path sources, String cls, int line) throws java.io.IOException {
    String outer = cls.contains("$") ? cls.substring(0, cls.indexOf('$')) : cls;
    List<String> lines = Files.readAllLines(sources.resolve(outer.replace('.', '/') + ".java"));
    return line >= 1 && line <= lines.size() ? lines.get(line - 1).trim() : "line " + line;
  }

  private static String tag(String body, String name) {
    int from = body.indexOf("<" + name + ">");
    int to = body.indexOf("</" + name + ">");
    return from < 0 || to < 0 ? "" : body.substring(from + name.length() + 2, to)
        .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }
}
