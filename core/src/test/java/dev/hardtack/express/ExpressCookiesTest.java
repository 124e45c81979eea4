package dev.hardtack.express;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpressCookiesTest {
  private final ExpressCookies ex = ExpressCookies.of(List.of("keyboard cat"));
  private final String signed = ex.sign("session-id-123");

  @Test
  void unsign_trailingData_empty() {
    assertEquals(Optional.empty(), ex.unsign(signed + "x"));
    assertEquals(Optional.empty(), ex.unsign(signed + "="));
    assertEquals(Optional.empty(), ex.unsign(signed + " "));
  }

  @Test
  void unsign_secondSignatureAppended_empty() {
    assertEquals(Optional.empty(), ex.unsign(signed + "." + signed.substring(signed.lastIndexOf('.') + 1)));
  }

  @Test
  void unsign_signatureOfSignedValue_returnsTheSignedValueOnly() {
    // A value that itself contains a signature is just a value: the outer tag covers it whole.
    String twice = ex.sign(signed);
    assertEquals(Optional.of(signed), ex.unsign(twice));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "s:", "%", "%zz", "%C3", "s%3A", "s%3Ax.%", "s%3A%FF.abc", "\u0000", "%00"})
  void fromCookieValue_junk_emptyWithoutThrowing(String junk) {
    assertEquals(Optional.empty(), ex.fromCookieValue(junk));
  }

  @Test
  void fromCookieValue_null_empty() {
    assertEquals(Optional.empty(), ex.fromCookieValue(null));
    assertEquals(Optional.empty(), ex.unsign(null));
  }

  @Test
  void fromCookieValue_withoutSPrefix_empty() {
    assertEquals(Optional.empty(), ex.fromCookieValue(signed));
  }

  @Test
  void fromCookieValue_otherSecret_empty() {
    ExpressCookies other = ExpressCookies.of(List.of("another cat"));
    assertEquals(Optional.empty(), other.fromCookieValue(ex.toCookieValue("abc")));
  }

  @Test
  void of_rotationList_firstSignsAllVerify() {
    ExpressCookies old = ExpressCookies.of(List.of("old secret"));
    ExpressCookies rotated = ExpressCookies.of(List.of("new secret", "old secret"));
    assertEquals(Optional.of("abc"), rotated.unsign(old.sign("abc")));
    assertEquals(Optional.empty(), old.unsign(rotated.sign("abc")));
    assertEquals(ExpressCookies.of(List.of("new secret")).sign("abc"), rotated.sign("abc"));
  }

  @Test
  void of_programmerMistakes_throwAtOnce() {
    assertThrows(NullPointerException.class, () -> ExpressCookies.of(null));
    assertThrows(IllegalArgumentException.class, () -> ExpressCookies.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> ExpressCookies.of(List.of("")));
    assertThrows(NullPointerException.class, () -> ExpressCookies.of(Arrays.asList("a", null)));
    assertThrows(NullPointerException.class, () -> ex.sign(null));
  }

  @Test
  void toCookieValue_loneSurrogate_throws() {
    assertThrows(IllegalArgumentException.class, () -> ex.toCookieValue("a\uD800b"));
  }

  @Test
  void sign_loneSurrogate_signedAsReplacementCharacterLikeNode() {
    assertEquals(ex.sign("a\uFFFDb").substring(4), ex.sign("a\uD800b").substring(4));
  }

  @Test
  void toString_containsNoKeyMaterial() {
    String secret = "canary-secret-do-not-print";
    ExpressCookies e = ExpressCookies.of(new ArrayList<>(List.of(secret)));
    assertFalse(e.toString().contains(secret));
    assertFalse(e.toString().contains("canary"));
    assertTrue(e.toString().startsWith("ExpressCookies["));
  }

  @Test
  void decodeUriComponent_likeJavaScript_nullWhereItThrows() {
    assertEquals("A", ExpressCookies.decodeUriComponent("%41"));
    assertEquals("aA", ExpressCookies.decodeUriComponent("a%41"));
    assertEquals("\u00e9", ExpressCookies.decodeUriComponent("%C3%A9"));
    assertEquals("\u00e9x", ExpressCookies.decodeUriComponent("%C3%A9x"));
    assertEquals("x\u00e9", ExpressCookies.decodeUriComponent("x%c3%a9"));
    assertEquals("", ExpressCookies.decodeUriComponent(""));
    for (String bad : new String[] {"%", "%4", "a%4", "%G1", "%1G", "%C3", "%C3x", "x%C3", "%C3%41", "%\uff11\uff11"}) {
      assertEquals(null, ExpressCookies.decodeUriComponent(bad), bad);
    }
  }

  @Test
  void fromCookieValue_prefixItselfPercentEncoded_decodedAndVerified() {
    // encodeURIComponent leaves 's' alone, but a client may still send it escaped: "%73" is 's'.
    String encoded = "%73" + ExpressCookies.encodeUriComponent("s:" + signed).substring(1);
    assertTrue(encoded.startsWith("%73%3A"), encoded);
    assertEquals(Optional.of("session-id-123"), ex.fromCookieValue(encoded));
  }
}
