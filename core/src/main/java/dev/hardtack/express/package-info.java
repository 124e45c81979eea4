/**
 * Compatibility with Express: {@link dev.hardtack.express.ExpressCookies} reads and writes the signed cookies of
 * cookie-signature and express-session byte for byte.
 *
 * <pre>{@code
 * Optional<String> sessionId = ExpressCookies.of(List.of(secret)).fromCookieValue(rawCookie);
 * }</pre>
 *
 * <p>Security: the Express format is kept for migration; prefer {@link dev.hardtack.CookieCodec} for new cookies.
 */
package dev.hardtack.express;
