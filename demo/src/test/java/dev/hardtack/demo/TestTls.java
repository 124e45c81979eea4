package dev.hardtack.demo;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** One self-signed certificate for every test: the server serves it, and the test clients trust only it. */
@SuppressWarnings("TimeInStaticInitializer") // the certificate is valid from the moment the tests start
final class TestTls {
  static final SelfSignedCertificate CERT;

  static {
    try {
      CERT = SelfSignedCertificate.create(Instant.now());
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private TestTls() {}

  static SSLContext server() throws GeneralSecurityException {
    return Main.sslContext(CERT.keyStore(), CERT.password());
  }

  /** Trust managers that trust the demo's certificate alone. */
  static TrustManager[] trustManagers() throws GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try {
      trust.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    trust.setCertificateEntry("demo", CERT.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    return tmf.getTrustManagers();
  }

  /** A client that trusts the demo's certificate alone, checks host names, and never follows redirects. */
  static HttpClient client() throws GeneralSecurityException {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, trustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }
}
