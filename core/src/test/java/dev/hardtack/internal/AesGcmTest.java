package dev.hardtack.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardtack.testsupport.Json;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AesGcmTest {
  private static final HexFormat HEX = HexFormat.of();

  private static String field(String block, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(block);
    return m.find() ? m.group(1) : null;
  }

  /** Every Wycheproof AES-GCM vector with a 96-bit nonce and 128-bit tag: valid ones open, invalid ones do not. */
  @Test
  void open_wycheproofVectors_matchExpectedResults() throws Exception {
    String json = Json.readResource("vectors/wycheproof/aes_gcm_test.json");
    int checked = 0;
    for (String group : json.split("\"ivSize\"", -1)) {
      if (!group.matches("(?s)\\s*:\\s*96,.*") || !group.contains("\"tagSize\": 128")) {
        continue;
      }
      for (String test : group.split("\"tcId\"", -1)) {
        String key = field(test, "key");
        if (key == null) {
          continue;
        }
        byte[] iv = HEX.parseHex(field(test, "iv"));
        byte[] aad = HEX.parseHex(field(test, "aad"));
        byte[] msg = HEX.parseHex(field(test, "msg"));
        byte[] ct = HEX.parseHex(field(test, "ct"));
        byte[] tag = HEX.parseHex(field(test, "tag"));
        boolean valid = !"invalid".equals(field(test, "result"));
        byte[] sealed = new byte[iv.length + ct.length + tag.length + 3];
        System.arraycopy(iv, 0, sealed, 1, iv.length);
        System.arraycopy(ct, 0, sealed, 1 + iv.length, ct.length);
        System.arraycopy(tag, 0, sealed, 1 + iv.length + ct.length, tag.length);
        byte[] out = new byte[msg.length];
        int n = new AesGcm(HEX.parseHex(key)).open(aad, aad.length, sealed, 1, sealed.length - 3, out);
        String id = test.substring(0, Math.min(12, test.length())).trim();
        if (valid) {
          assertEquals(msg.length, n, "tcId" + id);
          assertArrayEquals(msg, out, "tcId" + id);
        } else {
          assertEquals(-1, n, "tcId" + id);
        }
        checked++;
      }
    }
    assertTrue(checked > 100, "only " + checked + " vectors checked");
  }

  @Test
  void open_anyBitFlipped_rejectedWithoutThrowing() {
    SplittableRandom r = new SplittableRandom(9);
    byte[] key = new byte[32];
    r.nextBytes(key);
    AesGcm gcm = new AesGcm(key);
    for (int size : new int[] {0, 1, 15, 16, 17, 43, 100}) {
      byte[] aad = new byte[size % 23];
      byte[] plain = new byte[size];
      r.nextBytes(aad);
      r.nextBytes(plain);
      byte[] nonce = new byte[12];
      r.nextBytes(nonce);
      byte[] sealed = new byte[12 + size + 16];
      System.arraycopy(nonce, 0, sealed, 0, 12);
      gcm.seal(nonce, aad, aad.length, plain, sealed, 12);
      byte[] out = new byte[size];
      assertEquals(size, gcm.open(aad, aad.length, sealed, 0, sealed.length, out));
      assertArrayEquals(plain, out);
      for (int i = 0; i < sealed.length * 8; i += 5) {
        byte[] bad = sealed.clone();
        bad[i / 8] ^= (byte) (1 << (i % 8));
        byte[] o = new byte[size];
        assertEquals(-1, gcm.open(aad, aad.length, bad, 0, bad.length, o), "size " + size + ", bit " + i);
        assertTrue(Arrays.equals(new byte[size], o), "plaintext written for a forgery");
      }
      if (aad.length > 0) {
        byte[] otherAad = aad.clone();
        otherAad[0] ^= 1;
        assertEquals(-1, gcm.open(otherAad, otherAad.length, sealed, 0, sealed.length, out));
      }
    }
  }

  @Test
  void sealAndOpen_afterDestroy_returnDestroyedAndWriteNothing() {
    byte[] key = new byte[32];
    new SplittableRandom(3).nextBytes(key);
    AesGcm gcm = new AesGcm(key);
    byte[] nonce = new byte[12];
    byte[] sealed = new byte[12 + 5 + 16];
    assertEquals(21, gcm.seal(nonce, new byte[0], 0, new byte[] {1, 2, 3, 4, 5}, sealed, 12));
    byte[] out = new byte[5];
    assertEquals(5, gcm.open(new byte[0], 0, sealed, 0, sealed.length, out));
    gcm.destroy();
    byte[] after = new byte[sealed.length];
    assertEquals(AesGcm.DESTROYED, gcm.seal(new byte[12], new byte[0], 0, new byte[] {1, 2, 3, 4, 5}, after, 12));
    assertArrayEquals(new byte[sealed.length], after, "a destroyed key wrote ciphertext");
    byte[] out2 = new byte[5];
    assertEquals(AesGcm.DESTROYED, gcm.open(new byte[0], 0, sealed, 0, sealed.length, out2));
    assertArrayEquals(new byte[5], out2);
  }

  @Test
  void open_overTheSoftwareGhashLimit_sameResultsAsBelowIt() {
    byte[] key = new byte[32];
    new SplittableRandom(5).nextBytes(key);
    AesGcm gcm = new AesGcm(key);
    for (int size : new int[] {AesGcm.SOFTWARE_GHASH_LIMIT - 1, AesGcm.SOFTWARE_GHASH_LIMIT,
        AesGcm.SOFTWARE_GHASH_LIMIT + 1, 4000}) {
      byte[] plain = new byte[size];
      new SplittableRandom(size).nextBytes(plain);
      byte[] nonce = new byte[12];
      nonce[0] = (byte) size;
      byte[] sealed = new byte[12 + size + 16];
      System.arraycopy(nonce, 0, sealed, 0, 12);
      gcm.seal(nonce, new byte[0], 0, plain, sealed, 12);
      byte[] out = new byte[size];
      assertEquals(size, gcm.open(new byte[0], 0, sealed, 0, sealed.length, out), "size " + size);
      assertArrayEquals(plain, out);
      sealed[sealed.length - 1] ^= 1;
      assertEquals(-1, gcm.open(new byte[0], 0, sealed, 0, sealed.length, out), "size " + size);
    }
  }

  /**
   * White-box: the lane a call used is scrubbed by destroy(): its key copy and H are zero, and both ciphers are
   * keyed with the zero key (a cipher keyed so no longer holds this key's expanded schedule).
   */
  @Test
  void destroy_idleLane_keyAndHashKeyZeroedAndCiphersRekeyedWithZeroKey() throws Exception {
    byte[] key = new byte[32];
    new SplittableRandom(8).nextBytes(key);
    AesGcm gcm = new AesGcm(key);
    byte[] sealed = new byte[12 + 1 + 16];
    gcm.seal(new byte[12], new byte[0], 0, new byte[] {1}, sealed, 12);
    assertEquals(1, gcm.open(new byte[0], 0, sealed, 0, sealed.length, new byte[1])); // fills the scratch
    List<Object> lanes = idleLanes(gcm);
    assertEquals(1, lanes.size(), "one thread's calls should reuse one lane");
    Object lane = lanes.get(0);
    assertTrue(!Arrays.equals(new byte[32], (byte[]) laneField(lane, "key")), "a live lane holds the key");
    String shown = laneField(lane, "rawKey").toString();
    assertTrue(shown.contains("redacted") && !shown.contains(HEX.formatHex(key).substring(0, 8)), shown);

    gcm.destroy();

    assertTrue(idleLanes(gcm).isEmpty(), "destroy() should empty the pool");
    assertArrayEquals(new byte[32], (byte[]) laneField(lane, "key"));
    assertArrayEquals(new long[2], (long[]) laneField(lane, "h"));
    assertArrayEquals(new long[2], (long[]) laneField(lane, "x"));
    for (String scratch : new String[] {"counters", "stream", "tag"}) {
      byte[] b = (byte[]) laneField(lane, scratch);
      assertArrayEquals(new byte[b.length], b, scratch);
    }
    javax.crypto.spec.SecretKeySpec zero = new javax.crypto.spec.SecretKeySpec(new byte[32], "AES");
    javax.crypto.Cipher ecb = (javax.crypto.Cipher) laneField(lane, "ecb");
    javax.crypto.Cipher reference = javax.crypto.Cipher.getInstance("AES/ECB/NoPadding");
    reference.init(javax.crypto.Cipher.ENCRYPT_MODE, zero);
    assertArrayEquals(reference.doFinal(new byte[16]), ecb.update(new byte[16]), "AES block cipher not re-keyed");
    javax.crypto.Cipher gcmCipher = (javax.crypto.Cipher) laneField(lane, "gcm");
    javax.crypto.Cipher referenceGcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    referenceGcm.init(javax.crypto.Cipher.ENCRYPT_MODE, zero,
        new javax.crypto.spec.GCMParameterSpec(128, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
    assertArrayEquals(referenceGcm.doFinal(), gcmCipher.doFinal(), "GCM cipher not re-keyed");
  }

  private static Object laneField(Object lane, String name) throws ReflectiveOperationException {
    java.lang.reflect.Field f = lane.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(lane);
  }

  @Test
  void sealAndOpen_manyCallsOnOneThread_oneLaneWhoseScratchHoldsNeitherHNorKeystream() throws Exception {
    byte[] key = new byte[32];
    new SplittableRandom(10).nextBytes(key);
    AesGcm gcm = new AesGcm(key);
    assertEquals(1, idleLanes(gcm).size(), "the constructor makes the first lane");
    byte[] stream = (byte[]) laneField(idleLanes(gcm).get(0), "stream");
    assertArrayEquals(new byte[stream.length], stream, "H left in the scratch");
    for (int i = 0; i < 50; i++) {
      byte[] nonce = new byte[12];
      nonce[0] = (byte) i;
      byte[] sealed = new byte[12 + 3 + 16];
      System.arraycopy(nonce, 0, sealed, 0, 12);
      gcm.seal(nonce, new byte[0], 0, new byte[] {1, 2, 3}, sealed, 12);
      // Whatever an earlier call left in the scratch, an open starts from a clean counter block.
      Arrays.fill(stream, 0, 32, (byte) 0x5a); // the two blocks this open uses: J0's and the ciphertext's
      assertEquals(3, gcm.open(new byte[0], 0, sealed, 0, sealed.length, new byte[3]), "call " + i);
      assertArrayEquals(new byte[stream.length], stream, "keystream left");
    }
    assertEquals(1, idleLanes(gcm).size(), "one thread's calls should reuse one lane");
  }

  @Test
  void giveBack_afterDestroy_scrubsTheLaneInsteadOfPoolingIt() throws Exception {
    byte[] key = new byte[32];
    new SplittableRandom(11).nextBytes(key);
    AesGcm gcm = new AesGcm(key);
    java.lang.reflect.Method borrow = AesGcm.class.getDeclaredMethod("borrow");
    borrow.setAccessible(true);
    Object lane = borrow.invoke(gcm); // as a call in flight holds it
    gcm.destroy();
    assertTrue(!Arrays.equals(new byte[32], (byte[]) laneField(lane, "key")), "a busy lane is left to its user");
    java.lang.reflect.Method giveBack = AesGcm.class.getDeclaredMethod("giveBack", lane.getClass());
    giveBack.setAccessible(true);
    giveBack.invoke(gcm, lane);
    assertArrayEquals(new byte[32], (byte[]) laneField(lane, "key"));
    assertTrue(idleLanes(gcm).isEmpty());
  }

  private static List<Object> idleLanes(AesGcm gcm) throws ReflectiveOperationException {
    java.lang.reflect.Field poolField = AesGcm.class.getDeclaredField("pool");
    poolField.setAccessible(true);
    java.util.concurrent.atomic.AtomicReferenceArray<?> pool =
        (java.util.concurrent.atomic.AtomicReferenceArray<?>) poolField.get(gcm);
    List<Object> lanes = new java.util.ArrayList<>();
    for (int i = 0; i < pool.length(); i++) {
      if (pool.get(i) != null) {
        lanes.add(pool.get(i));
      }
    }
    return lanes;
  }

  /** Seal's length, and open refusing input too short for a nonce and a tag or an output one byte too small. */
  @Test
  void open_shortInputOrOutputOneByteShort_refusedAndNothingWritten() {
    AesGcm g = new AesGcm(edgeBytes(32, 1));
    byte[] nonce = edgeBytes(12, 2);
    byte[] aad = {1, 2, 3};
    byte[] plain = edgeBytes(10, 3);
    byte[] sealed = new byte[12 + 10 + 16];
    System.arraycopy(nonce, 0, sealed, 0, 12);
    assertEquals(26, g.seal(nonce, aad, 3, plain, sealed, 12));
    byte[] out = new byte[10];
    assertEquals(10, g.open(aad, 3, sealed, 0, sealed.length, out));
    assertArrayEquals(plain, out);
    // Output one byte too small: refused, nothing written.
    byte[] small = new byte[9];
    assertEquals(-1, g.open(aad, 3, sealed, 0, sealed.length, small));
    assertArrayEquals(new byte[9], small);
    // 27 bytes cannot hold a nonce and a tag.
    assertEquals(-1, g.open(aad, 3, new byte[27], 0, 27, new byte[16]));
    assertEquals("AesGcm[key=<redacted>]", g.toString());
  }

  private static byte[] edgeBytes(int n, long seed) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }
}
