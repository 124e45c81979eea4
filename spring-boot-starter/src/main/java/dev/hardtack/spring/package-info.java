/**
 * Spring Boot auto-configuration for Hardtack: {@code hardtack.*} properties, a watched {@link
 * dev.hardtack.KeyRing}, a {@link dev.hardtack.CookieCodec}, Spring Session's cookie signed by Hardtack, and
 * Actuator's {@code hardtack} health and info.
 *
 * <pre>{@code
 * # application.properties
 * hardtack.keyring.file=/etc/myapp/keys.hardtack
 * }</pre>
 *
 * <p>Security: fails closed at start-up when the keyring cannot be used; never logs or shows key material,
 * cookies or session ids.
 */
package dev.hardtack.spring;
