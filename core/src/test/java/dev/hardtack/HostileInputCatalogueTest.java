package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.express.ExpressCookies;
import dev.hardtack.internal.Base64Codec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input catalogue: one row per attack or bad input, each with the outcome Hardtack promises. Row ids
 * refer to src/test/resources/reference/hostile-inputs.md (A parsing, B integrity, C time, D keys, E leakage, G headers)
 * where a row there matches; X rows are Express compatibility. Other suites cover the same ground in depth
 * (CookieCodecTest, the jqwik properties, the fuzz targets): this table is the one place that lists them all.
 *
 * <p>Outcomes are written as: a {@link Verification.Status} name, or {@code VALID <value>}; {@code empty} or
 * {@code present <value>} for Express; {@code built} for a {@code SetCookie} that was made, and {@code throws
 * <Exception>} for a refusal.
 *
 * <p>All tokens below are relative to the golden tokens of {@link GoldenTokensTest}: key version 1 is {@link
 * Fixtures#SECRET_1}, version 2 is {@link Fixtures#SECRET_2} (staged), issued at {@link Fixtures#NOW}, cookie
 * name {@code sid}, and the codecs here have {@code maxAge} one hour and the default 60-second skew.
 */
class HostileInputCatalogueTest {
  private static final String PLAIN = GoldenTokensTest.S1_PLAIN; // s1.1.1795942800.abc-DEF_123.<tag>
  private static final String ENCODED = GoldenTokensTest.S1_ENCODED; // payload "*<base64url>"
  private static final String EMPTY_VALUE = GoldenTokensTest.S1_EMPTY;
  private static final String V2 = GoldenTokensTest.S1_V2;
  private static final String E1 = GoldenTokensTest.E1;
  private static final long NOW = Fixtures.NOW.getEpochSecond();
  private static final String EXPRESS_SECRET = "keyboard cat";

  private static KeyRing ring() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    ring.add(Fixtures.SECRET_2);
    return ring;
  }

  private static CookieCodec signed() {
    return signedAt(Fixtures.NOW.toEpochMilli());
  }

  private static CookieCodec signedAt(long millis) {
    return codec(ring(), "sid", false, millis);
  }

  private static CookieCodec encrypted() {
    return encryptedAt(Fixtures.NOW.toEpochMilli());
  }

  private static CookieCodec encryptedAt(long millis) {
    return codec(ring(), "sid", true, millis);
  }

  private static CookieCodec codec(KeyRing ring, String name, boolean encrypted, long millis) {
    CookieCodec.Builder b = CookieCodec.builder(ring).cookieName(name).maxAge(Duration.ofHours(1))
        .clock(Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
    return (encrypted ? b.encrypted() : b).build();
  }

  /** The token's tag (the text after its last dot). */
  private static String tag(String token) {
    return token.substring(token.lastIndexOf('.') + 1);
  }

  /** The token up to and including its last dot. */
  private static String body(String token) {
    return token.substring(0, token.lastIndexOf('.') + 1);
  }

  /** {@code token} with its last field decoded, byte {@code index} XORed with {@code mask}, and re-encoded. */
  private static String flipLastField(String token, int index, int mask) {
    byte[] field = Base64Codec.URL.decode(tag(token));
    field[Math.floorMod(index, field.length)] ^= (byte) mask;
    return body(token) + Base64Codec.URL.encode(field);
  }

  private static String replaceAt(String s, int index, char c) {
    int i = Math.floorMod(index, s.length());
    return s.substring(0, i) + c + s.substring(i + 1);
  }

  /** The last character of a base64url field with one spare bit set: same bytes, non-canonical text. */
  private static String nonCanonicalLastChar(String token) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = token.charAt(token.length() - 1);
    return replaceAt(token, -1, alphabet.charAt(alphabet.indexOf(last) | 1));
  }

  private static String expressSigned(String value) {
    return ExpressCookies.of(List.of(EXPRESS_SECRET)).sign(value);
  }

  /** An Express signed value whose tag uses a character that differs between the two base64 alphabets. */
  private static String expressTagWithPlusOrSlash() {
    for (int i = 0; ; i++) {
      String s = expressSigned("v" + i);
      if (tag(s).indexOf('+') >= 0 || tag(s).indexOf('/') >= 0) {
        return s;
      }
    }
  }

  private static Object verifyRevoked() {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    int two = ring.add(Fixtures.SECRET_2);
    CookieCodec codec = codec(ring, "sid", false, Fixtures.NOW.toEpochMilli());
    ring.revoke(two);
    return codec.verify(V2);
  }

  /** Verifies {@code token} {@code minutes} after NOW with a ring where version 1 is retired until {@code until}. */
  private static Object verifyRetired(String token, boolean encrypted, Instant until, long minutes) {
    KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
    ring.promote(ring.add(Fixtures.SECRET_2));
    ring.retire(1, until);
    return codec(ring, "sid", encrypted, (NOW + 60 * minutes) * 1000).verify(token);
  }

  /** Saves a one-key ring, lets {@code damage} change the file's bytes, and loads it again. */
  private static Object loadDamaged(java.util.function.UnaryOperator<byte[]> damage) throws java.io.IOException {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("catalogue");
    java.nio.file.Path file = dir.resolve("keys.hardtack");
    try {
      KeyRing ring = KeyRing.of(Fixtures.SECRET_1);
      ring.add(Fixtures.SECRET_2);
      ring.save(file);
      java.nio.file.Files.write(file, damage.apply(java.nio.file.Files.readAllBytes(file)));
      return KeyRing.load(file);
    } finally {
      java.nio.file.Files.deleteIfExists(file);
      java.nio.file.Files.deleteIfExists(dir);
    }
  }

  /** {@code file}'s text with {@code from} replaced by {@code to}, and the checksum line recomputed. */
  private static byte[] editAndReseal(byte[] file, String from, String to) {
    String text = new String(file, StandardCharsets.US_ASCII).replace(from, to);
    return KeyRingTextTest.withChecksum(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static Object signAndVerifyMaximal() {
    CookieCodec c = signed();
    String value = "a".repeat(4096 - "sid=".length() - "s1.1.1795942800..".length() - 43);
    return c.verify(c.sign(value)).isValid() ? "VALID max-size" : "not valid";
  }

  private static Object verifyHeader(CookieCodec codec, List<String> headers) {
    return codec.verifyHeader(CookieHeader.parse(headers));
  }

  static Stream<Arguments> catalogue() {
    String otherValue = signed().sign("attacker");
    String victimValue = signed().sign("victim");
    String node = expressSigned("session-id-123");
    ExpressCookies ex = ExpressCookies.of(List.of(EXPRESS_SECRET));
    byte[] shiroDefaultKey = Base64Codec.STANDARD.decode("kPH+bIxk5D2deZiIxcaaaA");

    List<Arguments> rows = new ArrayList<>();
    // A. Parsing and encoding.
    rows.add(row("A1 empty string", "MALFORMED", () -> signed().verify("")));
    rows.add(row("A1 null", "MALFORMED", () -> signed().verify(null)));
    rows.add(row("A1 only dots", "MALFORMED", () -> signed().verify("....")));
    rows.add(row("A1 only a format marker", "MALFORMED", () -> signed().verify("s1.")));
    rows.add(row("A2 header only, no payload or tag", "MALFORMED", () -> signed().verify("s1.1.1795942800.")));
    rows.add(row("A2 tag missing", "MALFORMED", () -> signed().verify(body(PLAIN))));
    rows.add(row("A2 key version missing", "MALFORMED", () -> signed().verify(PLAIN.replace("s1.1.", "s1.."))));
    rows.add(row("A3 extra segment after the tag", "MALFORMED", () -> signed().verify(PLAIN + ".x")));
    rows.add(row("A4 trailing garbage glued to the tag", "MALFORMED", () -> signed().verify(PLAIN + "x")));
    rows.add(row("A4 e1: trailing garbage glued on (decodes, then fails GCM)", "BAD_SIGNATURE",
        () -> encrypted().verify(E1 + "x")));
    rows.add(row("A5 tag truncated by one character", "MALFORMED",
        () -> signed().verify(PLAIN.substring(0, PLAIN.length() - 1))));
    rows.add(row("A5 tag truncated to 16 bytes", "MALFORMED",
        () -> signed().verify(body(PLAIN) + tag(PLAIN).substring(0, 22))));
    rows.add(row("A5 tag truncated to 0 bytes", "MALFORMED", () -> signed().verify(body(PLAIN))));
    rows.add(row("A5 e1: sealed part shorter than nonce and tag", "MALFORMED",
        () -> encrypted().verify(E1.substring(0, E1.lastIndexOf('.') + 36))));
    rows.add(row("A6 tag extended by one base64 group (35 bytes)", "MALFORMED",
        () -> signed().verify(PLAIN + "AAAA")));
    rows.add(row("A6 e1: sealed part extended by 3 bytes", "BAD_SIGNATURE", () -> encrypted().verify(E1 + "AAAA")));
    rows.add(row("A7 tag with = padding", "MALFORMED", () -> signed().verify(PLAIN + "=")));
    rows.add(row("A7 encoded payload with = padding", "MALFORMED",
        () -> signed().verify(ENCODED.replace(".SgPE", "=.SgPE"))));
    rows.add(row("A7 e1: sealed part with = padding", "MALFORMED", () -> encrypted().verify(E1 + "=")));
    rows.add(row("A8 tag with non-canonical trailing bits", "MALFORMED",
        () -> signed().verify(nonCanonicalLastChar(PLAIN))));
    rows.add(row("A8 encoded payload with non-canonical trailing bits", "MALFORMED",
        () -> signed().verify(ENCODED.replace("OKckw.", "OKckx."))));
    rows.add(row("A8 e1: non-canonical trailing bits", "MALFORMED",
        () -> encrypted().verify(nonCanonicalLastChar(E1))));
    rows.add(row("A9 tag in the standard alphabet (+ and /)", "MALFORMED",
        () -> signed().verify(body(ENCODED) + tag(ENCODED).replace('_', '/').replace('-', '+'))));
    rows.add(row("A9 encoded payload in the standard alphabet", "MALFORMED",
        () -> signed().verify(ENCODED.replace("em_Dq", "em/Dq"))));
    rows.add(row("A9 e1: sealed part in the standard alphabet", "MALFORMED",
        () -> encrypted().verify(E1.replace("d_2W", "d/2W"))));
    rows.add(row("A10 value wrapped in double quotes", "MALFORMED", () -> signed().verify("\"" + PLAIN + "\"")));
    rows.add(row("A11 leading space", "MALFORMED", () -> signed().verify(" " + PLAIN)));
    rows.add(row("A11 trailing space", "MALFORMED", () -> signed().verify(PLAIN + " ")));
    rows.add(row("A11 NUL inside the payload", "MALFORMED",
        () -> signed().verify(PLAIN.replace("abc-", "abc\u0000"))));
    rows.add(row("A11 CR LF inside the payload", "MALFORMED",
        () -> signed().verify(PLAIN.replace("abc-", "ab\r\n"))));
    rows.add(row("A12 percent-encoded dot", "MALFORMED", () -> signed().verify(PLAIN.replace("s1.", "s1%2E"))));
    rows.add(row("A13 non-ASCII letter in the payload", "MALFORMED",
        () -> signed().verify(PLAIN.replace("abc-", "abc\u00e9"))));
    rows.add(row("A13 lone surrogate in the payload", "MALFORMED",
        () -> signed().verify(PLAIN.replace("abc-", "abc\ud800"))));
    rows.add(row("A13 U+FFFD in the tag", "MALFORMED", () -> signed().verify(replaceAt(PLAIN, -5, '\ufffd'))));
    rows.add(row("A13 full-width digit as key version", "MALFORMED",
        () -> signed().verify(PLAIN.replace("s1.1.", "s1.\uff11."))));
    rows.add(row("A14 semicolon inside the payload", "MALFORMED",
        () -> signed().verify(PLAIN.replace("abc-", "abc;"))));
    rows.add(row("A15 4 KiB of junk", "MALFORMED", () -> signed().verify("a".repeat(4096))));
    rows.add(row("A15 4 KiB well-formed token, one over what the name leaves", "MALFORMED",
        () -> signed().verify("s1.1.1795942800." + "a".repeat(4096 - 4 - 16 - 44 + 1) + "." + tag(PLAIN))));
    rows.add(row("A15 4 KiB well-formed token, exactly what the name leaves", "BAD_SIGNATURE",
        () -> signed().verify("s1.1.1795942800." + "a".repeat(4096 - 4 - 16 - 44) + "." + tag(PLAIN))));
    rows.add(row("A15 1 MiB of junk", "MALFORMED", () -> signed().verify("a".repeat(1 << 20))));
    rows.add(row("A15 1 MiB e1", "MALFORMED", () -> encrypted().verify("e1.1.1795942800." + "A".repeat(1 << 20))));
    rows.add(row("A15 100k dots", "MALFORMED", () -> signed().verify(".".repeat(100_000))));
    rows.add(row("A15 largest value that fits round-trips", "VALID max-size",
        HostileInputCatalogueTest::signAndVerifyMaximal));
    rows.add(row("A16 key version -1", "MALFORMED", () -> signed().verify(PLAIN.replace("s1.1.", "s1.-1."))));
    rows.add(row("A16 key version +1", "MALFORMED", () -> signed().verify(PLAIN.replace("s1.1.", "s1.+1."))));
    rows.add(row("A16 key version 01", "MALFORMED", () -> signed().verify(PLAIN.replace("s1.1.", "s1.01."))));
    rows.add(row("A16 key version 0", "MALFORMED", () -> signed().verify(PLAIN.replace("s1.1.", "s1.0."))));
    rows.add(row("A16 key version 2^31", "MALFORMED",
        () -> signed().verify(PLAIN.replace("s1.1.", "s1.2147483648."))));
    rows.add(row("A16 key version 0x1", "MALFORMED", () -> signed().verify(PLAIN.replace("s1.1.", "s1.0x1."))));
    rows.add(row("A16 issued-at 1e9", "MALFORMED", () -> signed().verify(PLAIN.replace(".1795942800.", ".1e9."))));
    rows.add(row("A16 issued-at with a leading zero", "MALFORMED",
        () -> signed().verify(PLAIN.replace(".1795942800.", ".01795942800."))));
    rows.add(row("A16 issued-at past year 9999", "MALFORMED",
        () -> signed().verify(PLAIN.replace(".1795942800.", ".999999999999."))));
    rows.add(row("A16 issued-at beyond Long.MAX_VALUE", "MALFORMED",
        () -> signed().verify(PLAIN.replace(".1795942800.", ".99999999999999999999."))));
    rows.add(row("A16 issued-at empty", "MALFORMED", () -> signed().verify(PLAIN.replace(".1795942800.", ".."))));
    rows.add(row("A17 key version as a path", "MALFORMED",
        () -> signed().verify(PLAIN.replace("s1.1.", "s1.../../etc/passwd."))));
    rows.add(row("A18 unknown format marker s2", "MALFORMED", () -> signed().verify("s2" + PLAIN.substring(2))));
    rows.add(row("A18 downgrade to marker s0", "MALFORMED", () -> signed().verify("s0" + PLAIN.substring(2))));
    rows.add(row("A18 marker in upper case", "MALFORMED", () -> signed().verify("S1" + PLAIN.substring(2))));
    rows.add(row("A18 e1: unknown format marker e2", "MALFORMED", () -> encrypted().verify("e2" + E1.substring(2))));
    // B. Integrity and authenticity.
    rows.add(row("B1 value tampered", "BAD_SIGNATURE", () -> signed().verify(PLAIN.replace("abc-", "abd-"))));
    rows.add(row("B1 encoded value tampered", "BAD_SIGNATURE",
        () -> signed().verify(ENCODED.replace("*eyJ1", "*eyJ2"))));
    rows.add(row("B1 value re-encoded as base64 (same value, other payload form)", "BAD_SIGNATURE",
        () -> signed().verify("s1.1.1795942800.*"
            + Base64Codec.URL.encode("abc-DEF_123".getBytes(StandardCharsets.US_ASCII)) + "." + tag(PLAIN))));
    rows.add(row("B2 tag wrong in its first byte", "BAD_SIGNATURE", () -> signed().verify(flipLastField(PLAIN, 0, 1))));
    rows.add(row("B2 tag wrong in its last byte", "BAD_SIGNATURE", () -> signed().verify(flipLastField(PLAIN, 31, 1))));
    rows.add(row("B2 all-zero tag", "BAD_SIGNATURE",
        () -> signed().verify(body(PLAIN) + Base64Codec.URL.encode(new byte[32]))));
    rows.add(row("B2 all-ones tag", "BAD_SIGNATURE", () -> {
      byte[] ones = new byte[32];
      Arrays.fill(ones, (byte) -1);
      return signed().verify(body(PLAIN) + Base64Codec.URL.encode(ones));
    }));
    rows.add(row("B2 tag with one letter's case swapped", "BAD_SIGNATURE",
        () -> signed().verify(PLAIN.replace(".TUgs", ".tUgs"))));
    rows.add(row("B3 payload of one cookie, tag of another", "BAD_SIGNATURE",
        () -> signed().verify(body(PLAIN) + tag(EMPTY_VALUE))));
    rows.add(row("B4 key version changed to another known key", "BAD_SIGNATURE",
        () -> signed().verify(PLAIN.replace("s1.1.", "s1.2."))));
    rows.add(row("B5 issued-at moved forward one second", "BAD_SIGNATURE",
        () -> signed().verify(PLAIN.replace(".1795942800.", ".1795942801."))));
    rows.add(row("B5 issued-at moved a year later to extend the lifetime", "BAD_SIGNATURE",
        () -> signed().verify(PLAIN.replace(".1795942800.", "." + (NOW + 31_536_000) + "."))));
    rows.add(row("B6 data appended to the payload, tag kept", "BAD_SIGNATURE",
        () -> signed().verify(PLAIN.replace("abc-DEF_123.", "abc-DEF_123AAAA."))));
    rows.add(row("B9 cookie replayed under another name", "BAD_SIGNATURE",
        () -> codec(ring(), "sid2", false, Fixtures.NOW.toEpochMilli()).verify(PLAIN)));
    rows.add(row("B9 cookie replayed under a __Host- name", "BAD_SIGNATURE",
        () -> codec(ring(), "__Host-sid", false, Fixtures.NOW.toEpochMilli()).verify(PLAIN)));
    rows.add(row("B9 another ring's key of the same version", "BAD_SIGNATURE",
        () -> codec(KeyRing.of(Fixtures.SECRET_3), "sid", false, Fixtures.NOW.toEpochMilli()).verify(PLAIN)));
    rows.add(row("B11 signed token given to an encrypted codec", "MALFORMED", () -> encrypted().verify(PLAIN)));
    rows.add(row("B11 encrypted token given to a signed codec", "MALFORMED", () -> signed().verify(E1)));
    rows.add(row("B11 signed body relabelled as e1", "BAD_SIGNATURE",
        () -> encrypted().verify("e1" + PLAIN.substring(2, PLAIN.lastIndexOf('.')).replace(".abc-DEF_123", ".")
            + tag(PLAIN))));
    rows.add(row("B14 e1: ciphertext bit flipped", "BAD_SIGNATURE",
        () -> encrypted().verify(flipLastField(E1, 14, 1))));
    rows.add(row("B14 e1: nonce bit flipped", "BAD_SIGNATURE", () -> encrypted().verify(flipLastField(E1, 0, 1))));
    rows.add(row("B14 e1: GCM tag wrong in its last byte", "BAD_SIGNATURE",
        () -> encrypted().verify(flipLastField(E1, -1, 0x80))));
    rows.add(row("B14 e1: nonce and tag only, ciphertext cut", "BAD_SIGNATURE", () -> {
      byte[] sealed = Base64Codec.URL.decode(tag(E1));
      byte[] cut = new byte[28];
      System.arraycopy(sealed, 0, cut, 0, 12);
      System.arraycopy(sealed, sealed.length - 16, cut, 12, 16);
      return encrypted().verify(body(E1) + Base64Codec.URL.encode(cut));
    }));
    rows.add(row("B15 e1: replayed under another name", "BAD_SIGNATURE",
        () -> codec(ring(), "sid2", true, Fixtures.NOW.toEpochMilli()).verify(E1)));
    rows.add(row("B15 e1: key version changed (associated data)", "BAD_SIGNATURE",
        () -> encrypted().verify(E1.replace("e1.1.", "e1.2."))));
    rows.add(row("B15 e1: issued-at changed (associated data)", "BAD_SIGNATURE",
        () -> encrypted().verify(E1.replace(".1795942800.", ".1795942801."))));
    // C. Time.
    rows.add(row("C1 expired: exactly maxAge old", "EXPIRED", () -> signedAt((NOW + 3600) * 1000).verify(PLAIN)));
    rows.add(row("C1 one millisecond before maxAge", "VALID abc-DEF_123",
        () -> signedAt((NOW + 3600) * 1000 - 1).verify(PLAIN)));
    rows.add(row("C1 e1: expired", "EXPIRED", () -> encryptedAt((NOW + 7200) * 1000).verify(E1)));
    rows.add(row("C2 issued beyond the 60 s skew", "NOT_YET_VALID", () -> signedAt((NOW - 61) * 1000).verify(PLAIN)));
    rows.add(row("C2 issued exactly at the skew", "VALID abc-DEF_123",
        () -> signedAt((NOW - 60) * 1000).verify(PLAIN)));
    rows.add(row("C2 e1: issued beyond the skew", "NOT_YET_VALID",
        () -> encryptedAt((NOW - 3600) * 1000).verify(E1)));
    rows.add(row("C4 issued-at at the 9999-12-31 cap, unsigned", "BAD_SIGNATURE",
        () -> signed().verify(PLAIN.replace(".1795942800.", ".253402300799."))));
    // D. Key ring.
    rows.add(row("D1 unknown key version", "UNKNOWN_KEY", () -> signed().verify(PLAIN.replace("s1.1.", "s1.3."))));
    rows.add(row("D1 largest key version", "UNKNOWN_KEY",
        () -> signed().verify(PLAIN.replace("s1.1.", "s1.2147483647."))));
    rows.add(row("D1 e1: unknown key version", "UNKNOWN_KEY", () -> encrypted().verify(E1.replace("e1.1.", "e1.9."))));
    rows.add(row("D2 revoked key", "UNKNOWN_KEY", HostileInputCatalogueTest::verifyRevoked));
    rows.add(row("D2 retired key, before its deadline", "VALID abc-DEF_123",
        () -> verifyRetired(PLAIN, false, Instant.now().plus(Duration.ofDays(400)), 30)));
    rows.add(row("D2 retired key, past its deadline", "UNKNOWN_KEY",
        () -> verifyRetired(PLAIN, false, Fixtures.NOW.plusSeconds(600), 30)));
    rows.add(row("D2 e1: retired key, past its deadline", "UNKNOWN_KEY",
        () -> verifyRetired(E1, true, Fixtures.NOW.plusSeconds(600), 30)));
    rows.add(row("D16 keyring file truncated by one byte", "throws KeyRingFormatException",
        () -> loadDamaged(b -> Arrays.copyOf(b, b.length - 1))));
    rows.add(row("D16 keyring file truncated to its first line", "throws KeyRingFormatException",
        () -> loadDamaged(b -> "hardtack-keyring 1\n".getBytes(StandardCharsets.US_ASCII))));
    rows.add(row("D16 empty keyring file", "throws KeyRingFormatException", () -> loadDamaged(b -> new byte[0])));
    rows.add(row("D17 keyring file with one flipped bit", "throws KeyRingFormatException", () -> loadDamaged(b -> {
      b[b.length / 2] ^= 1;
      return b;
    })));
    rows.add(row("D17 keyring file with two primaries (checksum fixed up)", "throws KeyRingFormatException",
        () -> loadDamaged(b -> editAndReseal(b, " staged ", " primary "))));
    rows.add(row("D17 keyring file with an unknown state (checksum fixed up)", "throws KeyRingFormatException",
        () -> loadDamaged(b -> editAndReseal(b, " staged ", " revoked "))));
    rows.add(row("D17 keyring file with a version over 2^31 (checksum fixed up)", "throws KeyRingFormatException",
        () -> loadDamaged(b -> editAndReseal(b, "key 2 ", "key 4294967298 "))));
    rows.add(row("D17 keyring file with a weak secret (checksum fixed up)", "throws KeyRingFormatException",
        () -> loadDamaged(b -> KeyRingTextTest.withChecksum(new String(b, StandardCharsets.US_ASCII)
            .replaceAll("(key 2 [^\\n]* secret=)[^\\n]*", "$1" + "A".repeat(43))
            .getBytes(StandardCharsets.US_ASCII)))));
    rows.add(row("D19 plain keyring file edited with its checksum recomputed is loaded: use the encrypted form",
        "built", () -> loadDamaged(b -> editAndReseal(b, " staged ", " retired "))));
    rows.add(row("D4 staged key (cookie from a node that promoted it)", "VALID x", () -> signed().verify(V2)));
    rows.add(row("D5 revoke the primary", "throws IllegalStateException", () -> {
      ring().revoke(1);
      return "revoked";
    }));
    rows.add(row("D7 add a secret already in the ring", "throws IllegalArgumentException",
        () -> ring().add(Fixtures.SECRET_1)));
    rows.add(row("D10 empty secret", "throws IllegalArgumentException", () -> KeyRing.of(new byte[0])));
    rows.add(row("D10 31-byte secret", "throws IllegalArgumentException",
        () -> KeyRing.of(Arrays.copyOf(Fixtures.SECRET_1, 31))));
    rows.add(row("D10 null secret", "throws NullPointerException", () -> KeyRing.of(null)));
    rows.add(row("D11 all-zero secret", "throws IllegalArgumentException", () -> KeyRing.of(new byte[32])));
    rows.add(row("D11 repeated word", "throws IllegalArgumentException",
        () -> KeyRing.of("changeme".repeat(4).getBytes(StandardCharsets.US_ASCII))));
    rows.add(row("D11 a password", "throws IllegalArgumentException",
        () -> KeyRing.of("password-password-password-123456".getBytes(StandardCharsets.US_ASCII))));
    rows.add(row("D11 a passphrase of common words", "throws IllegalArgumentException",
        () -> KeyRing.of("correct horse battery staple 2024".getBytes(StandardCharsets.US_ASCII))));
    rows.add(row("D11 words joined by dashes", "throws IllegalArgumentException",
        () -> KeyRing.of("my-super-secret-key-for-hardtack".getBytes(StandardCharsets.US_ASCII))));
    rows.add(row("D11 capitalised words and an ascending run", "throws IllegalArgumentException",
        () -> KeyRing.of("ThisIsMySecretKeyForCookies12345".getBytes(StandardCharsets.US_ASCII))));
    rows.add(row("D11 keyboard rows", "throws IllegalArgumentException",
        () -> KeyRing.of("qwertyuiopasdfghjklzxcvbnm123456".getBytes(StandardCharsets.US_ASCII))));
    rows.add(row("D11 ascending hex digits", "throws IllegalArgumentException",
        () -> KeyRing.of("0123456789abcdef0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII))));
    rows.add(row("D11 the bytes 0x00..0x1f", "throws IllegalArgumentException", () -> {
      byte[] b = new byte[32];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) i;
      }
      return KeyRing.of(b);
    }));
    rows.add(row("D11 a long sentence of words outside the list is accepted: the policy is a net, not an entropy"
        + " meter", "built",
        () -> KeyRing.of("hardtack is lovely and my cookies are delicious".getBytes(StandardCharsets.US_ASCII))));
    rows.add(row("D11 low-variety hex digits", "throws IllegalArgumentException",
        () -> KeyRing.of("0101010101010101010101010101010110".getBytes(StandardCharsets.US_ASCII))));
    rows.add(row("D12 Apache Shiro's public default key", "throws IllegalArgumentException",
        () -> KeyRing.of(shiroDefaultKey)));
    rows.add(row("D12 weak secret added to a ring", "throws IllegalArgumentException",
        () -> ring().add(new byte[64])));
    // X. Express compatibility (cookie-signature 1.2, express-session 1.19).
    rows.add(row("X1 genuine percent-encoded cookie", "present session-id-123",
        () -> ex.fromCookieValue(ex.toCookieValue("session-id-123"))));
    rows.add(row("X1 genuine decoded s: form", "present session-id-123", () -> ex.fromCookieValue("s:" + node)));
    rows.add(row("X2 trailing data after the signature", "empty", () -> ex.fromCookieValue("s:" + node + "x")));
    rows.add(row("X2 trailing data, percent-encoded form", "empty",
        () -> ex.fromCookieValue(ex.toCookieValue("session-id-123") + "x")));
    rows.add(row("X3 a second signature appended", "empty",
        () -> ex.fromCookieValue("s:" + node + "." + tag(node))));
    rows.add(row("X4 signature with = padding", "empty", () -> ex.fromCookieValue("s:" + node + "=")));
    rows.add(row("X4 signature in the URL-safe alphabet", "empty",
        () -> ex.unsign(expressTagWithPlusOrSlash().replace('+', '-').replace('/', '_'))));
    rows.add(row("X4 signature with non-canonical trailing bits", "empty", () -> {
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      char last = node.charAt(node.length() - 1);
      return ex.unsign(replaceAt(node, -1, alphabet.charAt(alphabet.indexOf(last) | 1)));
    }));
    rows.add(row("X5 without the s: prefix", "empty", () -> ex.fromCookieValue(node)));
    rows.add(row("X5 double percent-encoded", "empty",
        () -> ex.fromCookieValue(ex.toCookieValue("session-id-123").replace("%", "%25"))));
    rows.add(row("X5 broken percent-encoding", "empty", () -> ex.fromCookieValue("s%3A" + node + "%E0%A4")));
    rows.add(row("X6 signed with another secret", "empty",
        () -> ExpressCookies.of(List.of("another cat")).fromCookieValue("s:" + node)));
    rows.add(row("X6 value of one cookie, signature of another", "empty",
        () -> ex.unsign("session-id-124." + tag(node))));
    rows.add(row("X7 empty secret", "throws IllegalArgumentException", () -> ExpressCookies.of(List.of(""))));
    rows.add(row("X7 no secret at all", "throws IllegalArgumentException", () -> ExpressCookies.of(List.of())));
    // G. Set-Cookie and the Cookie header.
    rows.add(row("G1 defaults", "sid=v; Path=/; Secure; HttpOnly; SameSite=Lax",
        () -> SetCookie.builder("sid", "v").build().headerValue()));
    rows.add(row("G2 __Host- with a Domain", "throws IllegalArgumentException",
        () -> SetCookie.builder("__Host-sid", "v").domain("example.com").build()));
    rows.add(row("G2 __host- (any case) with a Path", "throws IllegalArgumentException",
        () -> SetCookie.builder("__host-sid", "v").path("/app").build()));
    rows.add(row("G3 __Secure- without Secure", "throws IllegalArgumentException",
        () -> SetCookie.builder("__Secure-sid", "v").secure(false).build()));
    rows.add(row("G4 SameSite=None without Secure", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid", "v").sameSite(SameSite.NONE).secure(false).build()));
    rows.add(row("G5 name injecting an attribute (;)", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid; Domain=evil.example", "v").build()));
    rows.add(row("G5 name with =", "throws IllegalArgumentException", () -> SetCookie.builder("a=b", "v").build()));
    rows.add(row("G5 name with CR LF", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid\r\nSet-Cookie: admin", "v").build()));
    rows.add(row("G5 empty name", "throws IllegalArgumentException", () -> SetCookie.builder("", "v").build()));
    rows.add(row("G5 value injecting an attribute (;)", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid", "v; Domain=evil.example").build()));
    rows.add(row("G5 value with CR LF and a second header", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid", "v\r\nSet-Cookie: admin=1").build()));
    rows.add(row("G5 value with a comma", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid", "a,b").build()));
    rows.add(row("G5 value with an unbalanced quote", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid", "\"v").build()));
    rows.add(row("G6 path injecting an attribute (;)", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid", "v").path("/; Domain=evil.example").build()));
    rows.add(row("G6 path with CR LF", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid", "v").path("/\r\nSet-Cookie: a=b").build()));
    rows.add(row("G6 path over 1024 characters", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid", "v").path("/" + "a".repeat(1024)).build()));
    rows.add(row("G6 domain injecting an attribute (;)", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid", "v").domain("example.com; Secure").build()));
    rows.add(row("G6 domain with CR LF", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid", "v").domain("example.com\r\nX: y").build()));
    rows.add(row("G6 domain with a space", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid", "v").domain("example .com").build()));
    rows.add(row("G6 single-label domain (a whole top-level domain)", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid", "v").domain("com").build()));
    rows.add(row("G6 __Http- prefix without HttpOnly (browsers drop it)", "throws IllegalArgumentException",
        () -> SetCookie.builder("__Http-sid", "v").httpOnly(false).build()));
    rows.add(row("G6 __Host-Http- prefix without HttpOnly", "throws IllegalArgumentException",
        () -> SetCookie.builder("__Host-Http-sid", "v").httpOnly(false).build()));
    rows.add(row("G7 name and value 4097 characters", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid", "v".repeat(4094)).build()));
    rows.add(row("G7 name and value exactly 4096 characters", "built",
        () -> SetCookie.builder("sid", "v".repeat(4093)).build()));
    rows.add(row("G8 Max-Age over 400 days", "throws IllegalArgumentException",
        () -> SetCookie.builder("sid", "v").maxAge(Duration.ofDays(401)).build()));
    rows.add(row("G9 tossing: two valid cookies of one name that disagree", "AMBIGUOUS",
        () -> verifyHeader(signed(), List.of("sid=" + otherValue + "; sid=" + victimValue))));
    rows.add(row("G9 tossing: junk planted before the real cookie", "VALID victim",
        () -> verifyHeader(signed(), List.of("sid=junk; sid=" + victimValue))));
    rows.add(row("G9 tossing: tampered copy planted after the real cookie", "VALID victim",
        () -> verifyHeader(signed(), List.of("sid=" + victimValue + "; sid=" + flipLastField(victimValue, 3, 1)))));
    rows.add(row("G9 tossing: nine copies of one name", "AMBIGUOUS",
        () -> verifyHeader(signed(), List.of(("sid=" + victimValue + "; ").repeat(9)))));
    rows.add(row("G9 tossing: only rejects, first rejection reported", "MALFORMED",
        () -> verifyHeader(signed(), List.of("sid=junk; sid=" + flipLastField(victimValue, 3, 1)))));
    rows.add(row("G10 several Cookie headers, the cookie in the second", "VALID victim",
        () -> verifyHeader(signed(), List.of("a=1; b=2", "sid=" + victimValue))));
    rows.add(row("G10 several Cookie headers that disagree", "AMBIGUOUS",
        () -> verifyHeader(signed(), List.of("sid=" + victimValue, "sid=" + otherValue))));
    rows.add(row("G10 the cookie after 16 KiB of header is ignored", "MISSING",
        () -> verifyHeader(signed(), List.of("junk=" + "j".repeat(16 * 1024), "sid=" + victimValue))));
    rows.add(row("G10 tossing through truncation: the planted cookie first, the real one pushed past 16 KiB",
        "AMBIGUOUS", () -> verifyHeader(signed(),
            List.of("sid=" + otherValue + "; pad=" + "p".repeat(16 * 1024) + "; sid=" + victimValue))));
    rows.add(row("G10 tossing through truncation: the real one pushed past the 256th pair", "AMBIGUOUS",
        () -> verifyHeader(signed(),
            List.of("sid=" + otherValue + "; " + "p=1; ".repeat(255) + "sid=" + victimValue))));
    rows.add(row("G11 nameless =value", "MISSING", () -> verifyHeader(signed(), List.of("=" + victimValue))));
    rows.add(row("G11 name in another letter case", "MISSING",
        () -> verifyHeader(signed(), List.of("SID=" + victimValue))));
    rows.add(row("G11 quoted value in the header", "MALFORMED",
        () -> verifyHeader(signed(), List.of("sid=\"" + victimValue + "\""))));
    rows.add(row("G11 no Cookie header at all", "MISSING", () -> verifyHeader(signed(), List.of())));
    return rows.stream();
  }

  private static Arguments row(String name, String expected, Callable<Object> action) {
    return Arguments.of(name, expected, action);
  }

  /** What an action came to, in the catalogue's notation. */
  static String outcome(Callable<Object> action) {
    Object o;
    try {
      o = action.call();
    } catch (Exception e) {
      return "throws " + e.getClass().getSimpleName();
    }
    if (o instanceof Verification v) {
      return v.isValid() ? "VALID " + v.value() : v.status().name();
    }
    if (o instanceof Optional<?> opt) {
      return opt.map(x -> "present " + x).orElse("empty");
    }
    if (o instanceof SetCookie || o instanceof KeyRing || o instanceof ExpressCookies || o instanceof Integer) {
      return "built";
    }
    return String.valueOf(o);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("catalogue")
  void catalogue_hostileInput_documentedOutcome(String name, String expected, Callable<Object> action) {
    assertEquals(expected, outcome(action), name);
  }

  @Test
  void catalogue_size_atLeastSixtyDistinctNamedRows() {
    List<String> names = new ArrayList<>();
    catalogue().forEach(a -> names.add((String) a.get()[0]));
    Set<String> distinct = new HashSet<>(names);
    assertEquals(names.size(), distinct.size(), "duplicate row names");
    assertTrue(names.size() >= 60, "only " + names.size() + " rows");
  }

  @Test
  void catalogue_rejections_neverEchoTheCookieOrKeyMaterial() {
    String hex = HexFormat.of().formatHex(Fixtures.SECRET_1);
    List<Object> results = new ArrayList<>();
    catalogue().forEach(a -> {
      try {
        results.add(((Callable<?>) a.get()[2]).call());
      } catch (Exception e) {
        results.add(e.getMessage());
      }
    });
    for (Object r : results) {
      String text = String.valueOf(r);
      assertTrue(!text.contains(tag(PLAIN)) && !text.contains(hex.substring(0, 16)), text);
    }
  }
}
