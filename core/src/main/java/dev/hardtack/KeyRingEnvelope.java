package dev.hardtack;

import dev.hardtack.internal.AesGcm;
import dev.hardtack.internal.Base64Codec;
import dev.hardtack.internal.ConstantTime;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The passphrase envelope of an encrypted keyring file (docs/KEYRING.md, "Encrypted format"): four lines, a
 * header of three (magic; Argon2id parameters and salt; AEAD and nonce), then {@code data <base64url of
 * AES-256-GCM ciphertext and tag>}. The header's bytes, parameters included, are the AEAD's associated data.
 *
 * <p>The header is read before anything is authenticated, and Argon2id must run before the tag can be checked:
 * so its parameters are bounded to what a writer uses ({@link #MAX_MEMORY_KIB}, {@link #MAX_PASSES}, {@link
 * #MAX_LANES}), and a file asking for more memory or time is refused before any key derivation. AES-GCM is the
 * library's own {@link AesGcm}, whose key copies can be zeroed (a JCA {@code SecretKeySpec} keeps one that
 * cannot).
 */
final class KeyRingEnvelope {
  static final String MAGIC = "hardtack-keyring-encrypted 1";
  static final int MIN_PASSPHRASE_CHARS = 16;

  // Argon2id parameters for new files: RFC 9106's second recommended option (64 MiB, 3 passes), one lane.
  static final int MEMORY_KIB = 64 * 1024;
  static final int PASSES = 3;
  static final int LANES = 1;
  // What a reader accepts: never more memory or time than a writer spends (RFC 9106 allows 4 lanes here).
  static final int MAX_MEMORY_KIB = MEMORY_KIB;
  static final int MAX_PASSES = PASSES;
  static final int MAX_LANES = 4;

  private static final int SALT_BYTES = 16;
  private static final int MAX_SALT_BYTES = 64;
  private static final byte[] MAGIC_LINE = (MAGIC + "\n").getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = dev.hardtack.internal.Csprng.system(); // core's one OS source

  private KeyRingEnvelope() {}

  /** Whether {@code b} starts with this format's magic line. */
  static boolean isEncrypted(byte[] b) {
    // The magic is public, but byte arrays are compared in one place only (ArchitectureTest).
    return b.length >= MAGIC_LINE.length && ConstantTime.equal(Arrays.copyOf(b, MAGIC_LINE.length), MAGIC_LINE);
  }

  static void requireStrongPassphrase(char[] passphrase) {
    if (passphrase == null) {
      throw new NullPointerException("passphrase");
    }
    if (passphrase.length < MIN_PASSPHRASE_CHARS) {
      throw new IllegalArgumentException("a keyring passphrase needs at least " + MIN_PASSPHRASE_CHARS
          + " characters (a generated one, or five random words); this one has " + passphrase.length);
    }
  }

  /** {@code plain} encrypted under {@code passphrase} with the writer's parameters. */
  static byte[] encrypt(byte[] plain, char[] passphrase) {
    return encrypt(plain, passphrase, MEMORY_KIB, PASSES, LANES);
  }

  /** {@code plain} encrypted with these Argon2id parameters; tests use cheap ones. */
  static byte[] encrypt(byte[] plain, char[] passphrase, int memoryKib, int passes, int lanes) {
    byte[] salt = new byte[SALT_BYTES];
    byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(nonce);
    String header = MAGIC + "\n"
        + "kdf argon2id v=19 m=" + memoryKib + " t=" + passes + " p=" + lanes
        + " salt=" + Base64Codec.URL.encode(salt) + "\n"
        + "aead aes-256-gcm nonce=" + Base64Codec.URL.encode(nonce) + "\n";
    byte[] aad = header.getBytes(StandardCharsets.US_ASCII);
    byte[] sealed = new byte[plain.length + AesGcm.TAG_LENGTH];
    byte[] key = argon2id(passphrase, salt, memoryKib, passes, lanes);
    AesGcm aead = new AesGcm(key);
    Arrays.fill(key, (byte) 0);
    try {
      if (aead.seal(nonce, aad, aad.length, plain, sealed, 0) != sealed.length) {
        throw new IllegalStateException("AES-GCM sealed a wrong length");
      }
    } finally {
      aead.destroy();
    }
    return (header + "data " + Base64Codec.URL.encode(sealed) + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The plain file inside {@code b}, an encrypted file: the header checked and bounded first, then Argon2id, then
   * the tag. The caller zeroes the result.
   */
  static byte[] decrypt(byte[] b, char[] passphrase) throws KeyRingFormatException {
    String all = new String(b, StandardCharsets.US_ASCII);
    String[] lines = all.split("\n", -1);
    if (lines.length != 5 || !lines[4].isEmpty()) {
      throw KeyRingFormatException.at(Math.min(lines.length, 5), "an encrypted keyring has exactly four lines,"
          + " each ending in LF: the file is truncated or damaged");
    }
    // No String.equals in a class that handles tags (ArchitectureTest): prefixes only.
    String kdfPrefix = "kdf argon2id v=19 ";
    String[] kdf = lines[1].startsWith(kdfPrefix) ? lines[1].substring(kdfPrefix.length()).split(" ", -1)
        : new String[0];
    if (kdf.length != 4) {
      throw KeyRingFormatException.at(2, "expected 'kdf argon2id v=19 m=.. t=.. p=.. salt=..'");
    }
    int p = param(kdf[2], "p=", 1, MAX_LANES);
    int m = param(kdf[0], "m=", 8 * p, MAX_MEMORY_KIB);
    int t = param(kdf[1], "t=", 1, MAX_PASSES);
    byte[] salt = b64(kdf[3], "salt=", 2, MAX_SALT_BYTES);
    if (salt.length < SALT_BYTES) {
      throw KeyRingFormatException.at(2, "the salt is shorter than " + SALT_BYTES + " bytes");
    }
    String aeadPrefix = "aead aes-256-gcm ";
    if (!lines[2].startsWith(aeadPrefix)) {
      throw KeyRingFormatException.at(3, "expected 'aead aes-256-gcm nonce=..'");
    }
    byte[] nonce = b64(lines[2].substring(aeadPrefix.length()), "nonce=", 3, AesGcm.NONCE_LENGTH);
    if (nonce.length != AesGcm.NONCE_LENGTH) {
      throw KeyRingFormatException.at(3, "the nonce is not " + AesGcm.NONCE_LENGTH + " bytes");
    }
    if (!lines[3].startsWith("data ")) {
      throw KeyRingFormatException.at(4, "expected 'data ..'");
    }
    String data = lines[3].substring(5);
    int sealedLength = Base64Codec.decodedLength(data.length());
    if (sealedLength < AesGcm.TAG_LENGTH) {
      throw KeyRingFormatException.at(4, "the data is not canonical base64url of at least a tag");
    }
    // AesGcm opens nonce || ciphertext || tag.
    byte[] in = new byte[AesGcm.NONCE_LENGTH + sealedLength];
    System.arraycopy(nonce, 0, in, 0, AesGcm.NONCE_LENGTH);
    if (Base64Codec.URL.decode(data, 0, data.length(), in, AesGcm.NONCE_LENGTH) < 0) {
      throw KeyRingFormatException.at(4, "the data is not canonical base64url");
    }
    int aadLength = lines[0].length() + lines[1].length() + lines[2].length() + 3;
    byte[] aad = Arrays.copyOf(b, aadLength);
    byte[] key = argon2id(passphrase, salt, m, t, p);
    AesGcm aead = new AesGcm(key);
    Arrays.fill(key, (byte) 0);
    byte[] plain = new byte[sealedLength - AesGcm.TAG_LENGTH];
    try {
      int n = aead.open(aad, aadLength, in, 0, in.length, plain);
      if (n != plain.length) {
        Arrays.fill(plain, (byte) 0);
        throw KeyRingFormatException.at(4, "cannot decrypt: a wrong passphrase, or the file is damaged or altered");
      }
      return plain;
    } finally {
      aead.destroy();
    }
  }

  private static int param(String field, String name, int min, int max) throws KeyRingFormatException {
    if (!field.startsWith(name)) {
      throw KeyRingFormatException.at(2, "expected '" + name + "..'");
    }
    int v = KeyRingText.number(field.substring(name.length()), 2, name.substring(0, name.length() - 1));
    if (v < min || v > max) {
      throw KeyRingFormatException.at(2, "Argon2id parameter " + name + v + " is outside " + min + ".." + max
          + ": a reader never spends more memory or time than a writer does");
    }
    return v;
  }

  private static byte[] b64(String field, String name, int lineNo, int maxBytes) throws KeyRingFormatException {
    if (!field.startsWith(name)) {
      throw KeyRingFormatException.at(lineNo, "expected '" + name + "..'");
    }
    String s = field.substring(name.length());
    byte[] out = s.length() > Base64Codec.encodedLength(maxBytes) ? null : Base64Codec.URL.decode(s);
    if (out == null) {
      throw KeyRingFormatException.at(lineNo, "not canonical base64url of at most " + maxBytes + " bytes");
    }
    return out;
  }

  // The whole backing array is wiped on purpose, whatever its offset: it held the encoded passphrase.
  @SuppressWarnings("ByteBufferBackingArray")
  static byte[] argon2id(char[] passphrase, byte[] salt, int memoryKib, int passes, int lanes) {
    ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
    byte[] pw = new byte[bb.remaining()];
    bb.get(pw);
    if (bb.hasArray()) {
      Arrays.fill(bb.array(), (byte) 0);
    }
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib)
        .withIterations(passes)
        .withParallelism(lanes)
        .withSalt(salt)
        .build());
    byte[] key = new byte[32];
    gen.generateBytes(pw, key);
    Arrays.fill(pw, (byte) 0);
    return key;
  }
}
