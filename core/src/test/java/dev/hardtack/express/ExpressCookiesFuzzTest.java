package dev.hardtack.express;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hardtack.FuzzBytes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for {@link ExpressCookies#fromCookieValue(String)} and {@link ExpressCookies#unsign(String)}.
 *
 * <p>Input layout ({@link FuzzBytes}): byte 0 picks the mode; in mode "raw" the rest is the cookie value; in mode
 * "edit" the target makes a genuine cookie value for the rest (as a session id), then applies the fuzzer's edits.
 *
 * <p>Properties: neither method throws; a session id comes back only when the (percent-decoded) input is exactly
 * {@code "s:" + sign(id)} under one of the secrets, so trailing data, a second signature, padding or another
 * alphabet never verify; an unedited genuine value always verifies.
 */
@Tag("slow")
class ExpressCookiesFuzzTest {
  private static final List<String> SECRETS = List.of("keyboard cat", "old secret");
  private static final ExpressCookies EX = ExpressCookies.of(SECRETS);
  private static final ExpressCookies[] EACH = {
      ExpressCookies.of(List.of(SECRETS.get(0))), ExpressCookies.of(List.of(SECRETS.get(1)))};

  @FuzzTest
  @Timeout(10)
  @DictionaryEntries({"s:", "s%3A", "%", ".", "=", "+", "/", "%2F", "%2B", "%3D"})
  void fromCookieValue_anyInput_onlyExactSignaturesVerify(byte[] input) {
    FuzzBytes in = new FuzzBytes(input);
    int mode = in.nextByte();
    String raw;
    String genuine = null;
    String id = null;
    if ((mode & 1) == 0) {
      raw = in.rest();
    } else {
      byte[] rest = java.util.Arrays.copyOfRange(input, 1, input.length);
      FuzzBytes edits = new FuzzBytes(rest);
      int count = in.nextByte() & 7;
      for (int i = 0; i < 3 * count; i++) {
        in.nextByte();
      }
      id = in.rest();
      if (!dev.hardtack.internal.Utf8.isWellFormed(id)) {
        return; // documented: toCookieValue refuses unpaired surrogates
      }
      ExpressCookies signer = EACH[(mode >>> 1) & 1];
      genuine = (mode & 4) == 0 ? signer.toCookieValue(id) : "s:" + signer.sign(id);
      raw = edits.applyEdits(genuine);
    }

    Optional<String> got = EX.fromCookieValue(raw);
    assertNotNull(got);
    if (raw.equals(genuine)) {
      assertEquals(Optional.of(id), got, "a genuine cookie value did not verify");
    }
    if (got.isPresent()) {
      String decoded = raw.startsWith("s:") || raw.indexOf('%') < 0 ? raw : ExpressCookies.decodeUriComponent(raw);
      assertTrue(isExactSignature(decoded, got.get()), "accepted a value that is not exactly s:sign(id): " + raw);
    }

    Optional<String> unsigned = EX.unsign(raw);
    assertNotNull(unsigned);
    if (unsigned.isPresent()) {
      assertTrue(isExactSignature("s:" + raw, unsigned.get()), "unsign accepted: " + raw);
    }
  }

  private static boolean isExactSignature(String decoded, String id) {
    for (ExpressCookies one : EACH) {
      if (decoded.equals("s:" + one.sign(id))) {
        return true;
      }
    }
    return false;
  }
}
