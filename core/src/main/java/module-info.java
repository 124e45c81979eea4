/**
 * Hardtack: tamper-proof HTTP cookies.
 *
 * <p>The API lives in {@code dev.hardtack} ({@link dev.hardtack.KeyRing}, {@link dev.hardtack.CookieCodec},
 * {@link dev.hardtack.SessionIdGenerator}, {@link dev.hardtack.SetCookie}, {@link dev.hardtack.CookieHeader})
 * and {@code dev.hardtack.express} (byte compatibility with Express). Nothing else is exported.
 */
module dev.hardtack {
  requires org.bouncycastle.provider;

  exports dev.hardtack;
  exports dev.hardtack.express;
}
