package dev.hardtack.express;

import static dev.hardtack.testsupport.Json.asList;
import static dev.hardtack.testsupport.Json.asMap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.testsupport.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every vector of src/test/resources/vectors/express/cookie-signature-vectors.json, made by cookie-signature 1.2.2 and
 * cookie 1.1.1 on Node.js 20.
 */
class ExpressVectorsTest {

  private static List<Map<String, Object>> vectors(String kind) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object v : asList(Json.readVectors("vectors/express/cookie-signature-vectors.json").get("vectors"))) {
      if (kind.equals(asMap(v).get("kind"))) {
        out.add(asMap(v));
      }
    }
    assertTrue(!out.isEmpty(), "no '" + kind + "' vectors found");
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<String> secrets(Map<String, Object> v) {
    return (List<String>) (List<?>) asList(v.get("secrets"));
  }

  private static Optional<String> expected(Object result) {
    return result instanceof String s ? Optional.of(s) : Optional.empty();
  }

  @TestFactory
  Stream<DynamicTest> sign_cookieSignatureVectors_matchByteForByte() throws IOException {
    return vectors("sign").stream().map(v -> DynamicTest.dynamicTest("value \"" + v.get("value") + "\"", () -> {
      ExpressCookies ex = ExpressCookies.of(List.of((String) v.get("secret")));
      String value = (String) v.get("value");
      assertEquals(v.get("signed"), ex.sign(value));
      assertEquals(Optional.of(value), ex.unsign((String) v.get("signed")));
    }));
  }

  @TestFactory
  Stream<DynamicTest> toCookieValue_expressSessionVectors_matchByteForByte() throws IOException {
    return vectors("sign").stream().map(v -> DynamicTest.dynamicTest("value \"" + v.get("value") + "\"", () -> {
      ExpressCookies ex = ExpressCookies.of(List.of((String) v.get("secret")));
      String value = (String) v.get("value");
      String raw = (String) v.get("setCookieValue");
      assertEquals(raw, ex.toCookieValue(value));
      assertEquals(Optional.of(value), ex.fromCookieValue(raw));
      assertEquals(Optional.of(value), ex.fromCookieValue("s:" + v.get("signed")));
    }));
  }

  @TestFactory
  Stream<DynamicTest> unsign_cookieSignatureVectors_acceptExactlyWhatNodeAccepts() throws IOException {
    List<Map<String, Object>> all = new ArrayList<>(vectors("unsign"));
    all.addAll(vectors("unsign-any"));
    return all.stream().map(v -> DynamicTest.dynamicTest(v.get("kind") + " " + v.get("input"), () -> {
      ExpressCookies ex = ExpressCookies.of(secrets(v));
      assertEquals(expected(v.get("result")), ex.unsign((String) v.get("input")));
    }));
  }
}
