package dev.hardtack.benchmarks;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Proxy;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.Date;
import java.util.List;
import javax.crypto.SecretKey;
import org.springframework.session.web.http.CookieSerializer.CookieValue;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The peers a Java team would pick instead of Hardtack, behind {@link CookieSubject.Adapter}: a session id carried
 * as a JWT (jjwt, Nimbus JOSE+JWT) or unsigned (Spring Session). Each verify takes the cookie's value as it
 * arrives and returns the session id, or null when it does not verify.
 */
@SuppressWarnings("JavaUtilDate") // the peers' claim APIs take java.util.Date
final class PeerAdapters {
  /** Expiry of the JWTs: eight hours, as {@link Fixtures#MAX_AGE}. */
  private static final long EXP_MILLIS = Fixtures.MAX_AGE.toMillis();

  private PeerAdapters() {}

  /**
   * A JWT peer: the i-th value and its token, made by the peer's own sign at setup and checked to verify back to
   * the value, so a broken adapter fails before it is measured. A subclass sets up its keys, then calls
   * {@link #prepare}.
   */
  private abstract static class JwtAdapter implements CookieSubject.Adapter {
    final String[] values;
    final String[] cookies;

    JwtAdapter(String[] values) {
      this.values = values;
      this.cookies = new String[values.length];
    }

    /** Signs every value and checks that it verifies back; {@code failure} says which peer did not. */
    final void prepare(String failure) {
      for (int i = 0; i < values.length; i++) {
        cookies[i] = (String) sign(i);
        if (!values[i].equals(verify(i))) {
          throw new AssertionError("setup: " + failure);
        }
      }
    }
  }

  static final class Jjwt extends JwtAdapter {
    private final SecretKey key = Keys.hmacShaKeyFor(Fixtures.secret(1));
    private final JwtParser parser = Jwts.parser().verifyWith(key).build();

    Jjwt(String[] values) {
      super(values);
      prepare("jjwt did not verify its own token");
    }

    @Override
    public Object sign(int i) {
      long now = System.currentTimeMillis();
      return Jwts.builder()
          .subject(values[i])
          .issuedAt(new Date(now))
          .expiration(new Date(now + EXP_MILLIS))
          .signWith(key, Jwts.SIG.HS256)
          .compact();
    }

    @Override
    public Object verify(int i) {
      try {
        return parser.parseSignedClaims(cookies[i]).getPayload().getSubject();
      } catch (JwtException | IllegalArgumentException e) {
        return null;
      }
    }
  }

  static final class NimbusSigned extends JwtAdapter {
    private final MACSigner signer;
    private final MACVerifier verifier;
    private final JWSHeader header = new JWSHeader(JWSAlgorithm.HS256);

    NimbusSigned(String[] values) throws GeneralSecurityException {
      super(values);
      try {
        signer = new MACSigner(Fixtures.secret(1));
        verifier = new MACVerifier(Fixtures.secret(1));
      } catch (JOSEException e) {
        throw new GeneralSecurityException(e);
      }
      prepare("Nimbus did not verify its own token");
    }

    @Override
    public Object sign(int i) {
      try {
        SignedJWT jwt = new SignedJWT(header, claims(values[i]));
        jwt.sign(signer);
        return jwt.serialize();
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Object verify(int i) {
      try {
        SignedJWT jwt = SignedJWT.parse(cookies[i]);
        if (!jwt.verify(verifier)) {
          return null;
        }
        return subjectIfCurrent(jwt.getJWTClaimsSet());
      } catch (ParseException | JOSEException e) {
        return null;
      }
    }
  }

  static final class NimbusEncrypted extends JwtAdapter {
    private final DirectEncrypter encrypter;
    private final DirectDecrypter decrypter;
    private final JWEHeader header = new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM);

    NimbusEncrypted(String[] values) throws GeneralSecurityException {
      super(values);
      try {
        encrypter = new DirectEncrypter(Fixtures.secret(2));
        decrypter = new DirectDecrypter(Fixtures.secret(2));
      } catch (JOSEException e) {
        throw new GeneralSecurityException(e);
      }
      prepare("Nimbus did not decrypt its own token");
    }

    @Override
    public Object sign(int i) {
      try {
        EncryptedJWT jwt = new EncryptedJWT(header, claims(values[i]));
        jwt.encrypt(encrypter);
        return jwt.serialize();
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Object verify(int i) {
      try {
        EncryptedJWT jwt = EncryptedJWT.parse(cookies[i]);
        jwt.decrypt(decrypter);
        return subjectIfCurrent(jwt.getJWTClaimsSet());
      } catch (ParseException | JOSEException e) {
        return null;
      }
    }
  }

  private static JWTClaimsSet claims(String subject) {
    long now = System.currentTimeMillis();
    return new JWTClaimsSet.Builder()
        .subject(subject)
        .issueTime(new Date(now))
        .expirationTime(new Date(now + EXP_MILLIS))
        .build();
  }

  private static String subjectIfCurrent(JWTClaimsSet claims) {
    Date exp = claims.getExpirationTime();
    return exp != null && exp.getTime() > System.currentTimeMillis() ? claims.getSubject() : null;
  }

  /**
   * Spring Session's serializer reads a servlet request and writes a servlet response. The request and response
   * here implement only what {@code DefaultCookieSerializer} calls ({@code getCookies}, {@code isSecure},
   * {@code getContextPath}, {@code getAttribute}, {@code addHeader}); any other call fails loudly.
   */
  static final class SpringSession implements CookieSubject.Adapter {
    private final String[] values;
    private final HttpServletRequest[] requests;
    private final DefaultCookieSerializer serializer = new DefaultCookieSerializer();
    private final HttpServletRequest signRequest = new Request(new Cookie[0]);
    private final Response response = new Response();

    SpringSession(String[] values) {
      this.values = values;
      serializer.setCookieName(Fixtures.COOKIE_NAME);
      this.requests = new HttpServletRequest[values.length];
      for (int i = 0; i < values.length; i++) {
        sign(i);
        String header = response.setCookie;
        String cookieValue = header.substring(header.indexOf('=') + 1, header.indexOf(';'));
        requests[i] = new Request(new Cookie[] {new Cookie(Fixtures.COOKIE_NAME, cookieValue)});
        if (!values[i].equals(verify(i))) {
          throw new AssertionError("setup: Spring Session did not read its own cookie back: " + header);
        }
      }
    }

    @Override
    public Object sign(int i) {
      serializer.writeCookieValue(new CookieValue(signRequest, response, values[i]));
      return response.setCookie;
    }

    @Override
    public Object verify(int i) {
      List<String> ids = serializer.readCookieValues(requests[i]);
      return ids.isEmpty() ? null : ids.get(0);
    }

    private static <T> T unsupported(Class<T> type) {
      return type.cast(Proxy.newProxyInstance(PeerAdapters.class.getClassLoader(), new Class<?>[] {type},
          (proxy, method, args) -> {
            throw new UnsupportedOperationException(method.getName());
          }));
    }

    private static final class Request extends HttpServletRequestWrapper {
      private final Cookie[] cookies;

      Request(Cookie[] cookies) {
        super(unsupported(HttpServletRequest.class));
        this.cookies = cookies;
      }

      @Override
      public Cookie[] getCookies() {
        return cookies;
      }

      @Override
      public boolean isSecure() {
        return true;
      }

      @Override
      public String getContextPath() {
        return "";
      }

      @Override
      public Object getAttribute(String name) {
        return null;
      }
    }

    private static final class Response extends HttpServletResponseWrapper {
      String setCookie;

      Response() {
        super(unsupported(HttpServletResponse.class));
      }

      @Override
      public void addHeader(String name, String value) {
        setCookie = value;
      }
    }
  }
}
