package dev.hardtack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The child process of {@link KeyRingCrashTest}: loads the ring at {@code args[0]}, then rotates and saves it
 * as fast as it can until killed, printing {@code saved <primary> <sha256 of the file>} after each save.
 */
public final class KeyRingSaveLoop {
  private KeyRingSaveLoop() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    KeyRing ring = KeyRing.load(file);
    System.out.println("ready");
    System.out.flush();
    while (true) {
      ring.rotate();
      while (ring.keys().size() > 3) {
        ring.revoke(ring.keys().get(0).version());
      }
      ring.save(file);
      byte[] b = Files.readAllBytes(file);
      System.out.println("saved " + ring.primaryVersion() + " "
          + HexFormat.of().formatHex(KeyRingText.sha256(b, 0, b.length)));
      System.out.flush();
    }
  }
}
