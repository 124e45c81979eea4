package dev.hardtack.cli;

import dev.hardtack.CookieCodec;
import dev.hardtack.KeyInfo;
import dev.hardtack.KeyRing;
import dev.hardtack.Verification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One server of {@link FleetTest}'s fleet: watches the keyring file {@code args[0]}, and every 10 ms signs a
 * fresh cookie into {@code DIR/NAME.cookie} and verifies the peer's latest from {@code DIR/PEER.cookie}. It also
 * keeps the first cookie the peer signed with key version 1 and re-verifies it each round, logging each change
 * of its status. Logs to stdout, one event a line with the wall-clock millis; stops when {@code DIR/stop}
 * exists, or after two minutes.
 *
 * <p>Usage: {@code FleetNode KEYRING NAME PEER DIR}
 */
public final class FleetNode {
  private FleetNode() {}

  public static void main(String[] args) throws Exception {
    Path keyring = Path.of(args[0]);
    String name = args[1];
    Path dir = Path.of(args[3]);
    Path mine = dir.resolve(name + ".cookie");
    Path peer = dir.resolve(args[2] + ".cookie");
    Path stop = dir.resolve("stop");
    KeyRing ring = KeyRing.watch(keyring, new KeyRing.Listener() {
      @Override
      public void reloaded(Path file, List<KeyInfo> keys) {
        log("reloaded " + describe(keys));
      }

      @Override
      public void rejected(Path file, IOException problem) {
        log("rejected-file " + problem.getMessage());
      }
    });
    CookieCodec codec = CookieCodec.builder(ring).cookieName("sid").build();
    log("started " + describe(ring.keys()));
    long verified = 0;
    long rejected = 0;
    String old = null;
    Verification.Status oldStatus = null;
    long end = System.currentTimeMillis() + 120_000;
    for (long n = 0; !Files.exists(stop) && System.currentTimeMillis() < end; n++) {
      Path tmp = dir.resolve(name + ".cookie.tmp");
      Files.writeString(tmp, codec.sign(name + "-" + n), StandardCharsets.US_ASCII);
      Files.move(tmp, mine, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      String theirs;
      try {
        theirs = Files.readString(peer, StandardCharsets.US_ASCII);
      } catch (NoSuchFileException e) {
        Thread.sleep(10);
        continue;
      }
      Verification r = codec.verify(theirs);
      if (r.isValid()) {
        verified++;
      } else {
        rejected++;
        log("reject " + r.status() + " " + theirs.substring(0, Math.min(8, theirs.length())));
      }
      if (old == null && theirs.startsWith("s1.1.")) {
        old = theirs;
      }
      if (old != null) {
        Verification.Status s = codec.verify(old).status();
        if (s != oldStatus) {
          log("old " + s);
          oldStatus = s;
        }
      }
      Thread.sleep(10);
    }
    ring.close();
    log("done verified=" + verified + " rejected=" + rejected);
  }

  private static String describe(List<KeyInfo> keys) {
    return keys.stream()
        .map(k -> k.version() + ":" + k.state() + k.verifyUntil().map(u -> "@" + u).orElse(""))
        .collect(Collectors.joining(","));
  }

  private static void log(String event) {
    System.out.println(System.currentTimeMillis() + " " + event);
    System.out.flush();
  }
}
