/**
 * Hardtack for Jakarta Servlet 6: {@link dev.hardtack.servlet.HardtackFilter}, a filter that verifies a signed
 * (or encrypted) session cookie once per request. Exports {@code dev.hardtack.servlet} only.
 */
module dev.hardtack.servlet {
  requires transitive dev.hardtack;
  requires transitive jakarta.servlet;

  exports dev.hardtack.servlet;
}
