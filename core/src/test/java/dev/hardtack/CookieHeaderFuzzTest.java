package dev.hardtack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the {@code Cookie:} header parser and {@link CookieCodec#verifyHeader(CookieHeader)}.
 *
 * <p>Input layout ({@link FuzzBytes}): byte 0 says where to plant a genuine signed cookie {@code sid} (or none);
 * the rest is header text, split into several {@code Cookie} headers at each {@code \n}.
 *
 * <p>Properties: parsing never throws; at most {@link CookieHeader#MAX_PAIRS} pairs; names are non-empty, trimmed,
 * and hold no {@code ;} or {@code =}; values hold no {@code ;} and are trimmed; every name's values are found;
 * verifyHeader never throws, and is VALID only with the planted cookie's value (a tossed cookie can make the
 * result AMBIGUOUS or a rejection, never another value).
 */
@Tag("slow")
class CookieHeaderFuzzTest {
  private static final CookieCodec CODEC =
      CookieCodec.builder(KeyRing.of(Fixtures.SECRET_1)).cookieName("sid").clock(Fixtures.fixedClock()).build();
  private static final String GENUINE = CODEC.sign("the-real-session");

  @FuzzTest
  @Timeout(10)
  @DictionaryEntries({"sid=", "; ", "=", ";", "\t", "\"", "s1.1.1795942800.", "__Host-"})
  void parse_anyHeaders_wellFormedPairsAndNoTossing(byte[] input) {
    FuzzBytes in = new FuzzBytes(input);
    int plant = in.nextByte();
    String text = in.rest();
    List<String> headers = new ArrayList<>(List.of(text.split("\n", -1)));
    if (plant != 0) {
      int where = plant % (headers.size() + 1);
      headers.add(where, (plant & 1) == 0 ? "sid=" + GENUINE : "a=b; sid=" + GENUINE + ";");
    }

    CookieHeader h = CookieHeader.parse(headers);
    assertTrue(h.size() <= CookieHeader.MAX_PAIRS);
    int found = 0;
    for (String name : h.names()) {
      assertFalse(name.isEmpty());
      assertEquals(CookieHeaderTest.strip(name), name);
      assertFalse(name.contains(";") || name.contains("="), name);
      List<String> values = h.values(name);
      assertFalse(values.isEmpty());
      for (String v : values) {
        assertFalse(v.contains(";"));
        assertEquals(CookieHeaderTest.strip(v), v);
      }
      found += values.size();
    }
    assertEquals(h.size(), found);
    if (headers.size() == 1) {
      assertEquals(h.size(), CookieHeader.parse(headers.get(0)).size());
    }

    Verification r = CODEC.verifyHeader(h);
    assertNotEquals(null, r);
    if (r.isValid()) {
      assertEquals("the-real-session", r.value(), "a tossed cookie won");
    }
    if (h.values("sid").isEmpty()) {
      assertEquals(Verification.Status.MISSING, r.status());
    }
  }
}
