package dev.hardtack.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A throwaway TLS identity for {@code localhost}: a fresh P-256 key and a self-signed certificate, made in memory
 * at start.
 *
 * <pre>{@code
 * SelfSignedCertificate tls = SelfSignedCertificate.create(Instant.now());
 * KeyStore ks = tls.keyStore();        // alias "demo", password tls.password()
 * }</pre>
 *
 * <p>Why this way: the JDK can sign but has no public API to write a certificate, and Bouncy Castle's certificate
 * builder lives in bcpkix, a dependency the demo would add for this alone. The ASN.1 classes of bcprov, which
 * hardtack-core already ships, build the DER in some forty lines, in process, with no temporary file and no
 * {@code keytool} process whose location on a given JDK is a guess.
 *
 * <p>Security: the private key never leaves memory and dies with the process; the certificate names {@code
 * localhost}, {@code 127.0.0.1} and {@code ::1} only and is valid for 30 days. Browsers warn about it, rightly:
 * check the SHA-256 fingerprint that the demo prints. For anything but a local try-out, pass {@code --keystore}.
 */
final class SelfSignedCertificate {
  static final String ALIAS = "demo";
  private static final Duration VALIDITY = Duration.ofDays(30);

  private final PrivateKey key;
  private final X509Certificate certificate;
  private final char[] password;

  private SelfSignedCertificate(PrivateKey key, X509Certificate certificate, char[] password) {
    this.key = key;
    this.certificate = certificate;
    this.password = password;
  }

  /** A new key and certificate, valid from an hour before {@code now} (for skewed clocks) for 30 days. */
  static SelfSignedCertificate create(Instant now) throws GeneralSecurityException {
    // The demo's one source of randomness, for the TLS key pair and the serial number (JCA needs a SecureRandom
    // here; hardtack-core's own randomness is for cookies and keys, not part of its public API).
    SecureRandom random = new SecureRandom();
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
    kpg.initialize(new ECGenParameterSpec("secp256r1"), random);
    KeyPair pair = kpg.generateKeyPair();

    X500Name name = new X500Name("CN=localhost");
    AlgorithmIdentifier ecdsaSha256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
    tbs.setSerialNumber(new ASN1Integer(new BigInteger(64, random).setBit(62))); // positive, 8 bytes
    tbs.setSignature(ecdsaSha256);
    tbs.setIssuer(name);
    tbs.setSubject(name);
    tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofHours(1)))));
    tbs.setEndDate(new Time(Date.from(now.plus(VALIDITY))));
    tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
    try {
      ExtensionsGenerator ext = new ExtensionsGenerator();
      ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      ext.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
          new GeneralName(GeneralName.iPAddress, "::1")}));
      tbs.setExtensions(ext.generate());
      TBSCertificate toBeSigned = tbs.generateTBSCertificate();

      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(pair.getPrivate(), random);
      signer.update(toBeSigned.getEncoded(ASN1Encoding.DER));
      ASN1EncodableVector cert = new ASN1EncodableVector();
      cert.add(toBeSigned);
      cert.add(ecdsaSha256);
      cert.add(new DERBitString(signer.sign()));
      byte[] der = new DERSequence(cert).getEncoded(ASN1Encoding.DER);

      X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
      x509.verify(pair.getPublic()); // the JDK's own parser and verifier agree with what was built
      char[] password = new char[24];
      for (int i = 0; i < password.length; i++) {
        password[i] = (char) ('a' + random.nextInt(26));
      }
      return new SelfSignedCertificate(pair.getPrivate(), x509, password);
    } catch (IOException e) {
      throw new GeneralSecurityException("could not encode the certificate", e);
    }
  }

  X509Certificate certificate() {
    return certificate;
  }

  /** A PKCS#12 key store in memory holding the key and certificate under {@value #ALIAS}. */
  KeyStore keyStore() throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try {
      ks.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    ks.setKeyEntry(ALIAS, key, password, new Certificate[] {certificate});
    return ks;
  }

  /** The password of {@link #keyStore()}'s key entry: random, in memory only. */
  char[] password() {
    return password.clone();
  }

  /** The certificate's SHA-256 fingerprint, as browsers show it: upper-case hex pairs joined by colons. */
  static String fingerprint(X509Certificate cert) throws GeneralSecurityException {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
  }

  /**
   * Base64 of the SHA-256 of the certificate's public key: what Chromium's {@code
   * --ignore-certificate-errors-spki-list} takes to trust this one certificate.
   */
  static String spkiHash(X509Certificate cert) throws GeneralSecurityException {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
    return Base64.getEncoder().encodeToString(digest);
  }
}
