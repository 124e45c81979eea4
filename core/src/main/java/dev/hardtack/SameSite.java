package dev.hardtack;

/**
 * The {@code SameSite} attribute of a cookie (RFC 6265bis section 4.1.2.7).
 *
 * <pre>{@code
 * SetCookie.builder("sid", value).sameSite(SameSite.STRICT).build();
 * }</pre>
 *
 * <p>Security: {@link #LAX}, the default of {@link SetCookie}, withholds the cookie from cross-site
 * sub-requests and POSTs, which blocks most CSRF; {@link #STRICT} also withholds it from cross-site
 * navigation; {@link #NONE} sends it everywhere and therefore requires {@code Secure}.
 */
public enum SameSite {
  /** Sent only with same-site requests. */
  STRICT("Strict"),
  /** Sent with same-site requests and top-level cross-site navigations that use a safe method. */
  LAX("Lax"),
  /** Sent with every request; requires {@code Secure}. */
  NONE("None");

  private final String attributeValue;

  SameSite(String attributeValue) {
    this.attributeValue = attributeValue;
  }

  /**
   * The value as written in a header.
   *
   * @return {@code Strict}, {@code Lax} or {@code None}
   */
  public String attributeValue() {
    return attributeValue;
  }
}
