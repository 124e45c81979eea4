package dev.hardtack.internal;

import static dev.hardtack.testsupport.Json.asList;
import static dev.hardtack.testsupport.Json.asMap;
import static dev.hardtack.testsupport.Json.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.testsupport.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Project Wycheproof vectors (src/test/resources/vectors/wycheproof) for each primitive on Hardtack's code path:
 * HMAC-SHA256 ({@link HmacSha256} compared through {@link ConstantTime}), HKDF-SHA256 ({@link Hkdf}) and
 * AES-GCM with 96-bit nonces and 128-bit tags ({@link AesGcm}). Every vector of a supported size runs; a valid
 * vector rejected or an invalid one accepted fails. ChaCha20-Poly1305 is not on Hardtack's code path.
 */
class WycheproofTest {

  private static List<Map<String, Object>> tests(String file, java.util.function.Predicate<Map<String, Object>> group)
      throws IOException {
    Map<String, Object> root = Json.readVectors("vectors/wycheproof/" + file);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object g : asList(root.get("testGroups"))) {
      Map<String, Object> gm = asMap(g);
      if (!group.test(gm)) {
        continue;
      }
      for (Object t : asList(gm.get("tests"))) {
        Map<String, Object> tm = asMap(t);
        tm.put("_group", gm);
        out.add(tm);
      }
    }
    assertTrue(out.size() > 10, "too few Wycheproof vectors found in " + file);
    return out;
  }

  private static int bits(Map<String, Object> test, String field) {
    return ((Double) asMap(test.get("_group")).get(field)).intValue();
  }

  private static String name(Map<String, Object> t) {
    return "tcId " + ((Double) t.get("tcId")).intValue() + " " + t.get("comment") + " (" + t.get("result") + ")";
  }

  @TestFactory
  Stream<DynamicTest> hmacSha256_wycheproofVectors_verifyExactlyTheValidOnes() throws IOException {
    return tests("hmac_sha256_test.json", g -> true).stream().map(t -> DynamicTest.dynamicTest(name(t), () -> {
      byte[] key = hex(t.get("key"));
      byte[] msg = hex(t.get("msg"));
      byte[] tag = hex(t.get("tag"));
      int tagBytes = bits(t, "tagSize") / 8;
      boolean accepted;
      if (key.length == 0) {
        // The JDK refuses empty HMAC keys; Hardtack never has one (its subkeys are 32 bytes).
        assertThrows(IllegalArgumentException.class, () -> new HmacSha256(key));
        return;
      }
      byte[] computed = Arrays.copyOf(new HmacSha256(key).compute(msg), tagBytes);
      accepted = ConstantTime.equal(computed, tag);
      assertEquals("valid".equals(t.get("result")), accepted);
    }));
  }

  @TestFactory
  Stream<DynamicTest> hkdfSha256_wycheproofVectors_deriveTheValidOnesAndRefuseTheRest() throws IOException {
    return tests("hkdf_sha256_test.json", g -> true).stream().map(t -> DynamicTest.dynamicTest(name(t), () -> {
      int size = ((Double) t.get("size")).intValue();
      byte[] ikm = hex(t.get("ikm"));
      byte[] salt = hex(t.get("salt"));
      byte[] info = hex(t.get("info"));
      if ("valid".equals(t.get("result"))) {
        assertArrayEquals(hex(t.get("okm")), Hkdf.deriveSha256(ikm, salt, info, size));
      } else {
        assertThrows(IllegalArgumentException.class, () -> Hkdf.deriveSha256(ikm, salt, info, size));
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> aesGcm_wycheproofVectors96BitNonce_openExactlyTheValidOnes() throws IOException {
    return tests("aes_gcm_test.json", g -> ((Double) g.get("ivSize")).intValue() == 96
            && ((Double) g.get("tagSize")).intValue() == 128)
        .stream()
        .map(t -> DynamicTest.dynamicTest(bits(t, "keySize") + "-bit key, " + name(t), () -> {
          AesGcm gcm = new AesGcm(hex(t.get("key")));
          byte[] iv = hex(t.get("iv"));
          byte[] aad = hex(t.get("aad"));
          byte[] msg = hex(t.get("msg"));
          byte[] ct = hex(t.get("ct"));
          byte[] tag = hex(t.get("tag"));
          byte[] sealed = new byte[iv.length + ct.length + tag.length];
          System.arraycopy(iv, 0, sealed, 0, iv.length);
          System.arraycopy(ct, 0, sealed, iv.length, ct.length);
          System.arraycopy(tag, 0, sealed, iv.length + ct.length, tag.length);
          byte[] out = new byte[Math.max(1, ct.length)];
          int n = gcm.open(aad, aad.length, sealed, 0, sealed.length, out);
          if ("valid".equals(t.get("result"))) {
            assertEquals(msg.length, n, "a valid vector was rejected");
            assertArrayEquals(msg, Arrays.copyOf(out, n));
            byte[] resealed = new byte[ct.length + tag.length];
            gcm.seal(iv, aad, aad.length, msg, resealed, 0);
            assertArrayEquals(Arrays.copyOfRange(sealed, iv.length, sealed.length), resealed);
          } else {
            assertEquals(-1, n, "an invalid vector was accepted");
          }
        }));
  }
}
