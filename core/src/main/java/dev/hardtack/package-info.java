/**
 * Tamper-proof HTTP cookies: {@link dev.hardtack.KeyRing} holds versioned secrets, {@link dev.hardtack.CookieCodec}
 * signs or encrypts cookie values and verifies them, {@link dev.hardtack.SessionIdGenerator} makes unguessable
 * ids, {@link dev.hardtack.SetCookie} writes safe {@code Set-Cookie} headers and {@link dev.hardtack.CookieHeader}
 * reads {@code Cookie} headers.
 *
 * <pre>{@code
 * KeyRing ring = KeyRing.of(secret);
 * CookieCodec codec = CookieCodec.builder(ring).cookieName("__Host-sid").maxAge(Duration.ofHours(8)).build();
 * String header = SetCookie.builder("__Host-sid", codec.sign(SessionIdGenerator.create().next()))
 *     .build().headerValue();
 * }</pre>
 *
 * <p>Security: see each type's "Security" section, and SECURITY.md for the threat model.
 */
package dev.hardtack;
