package dev.hardtack.internal;

import dev.hardtack.HeapDumpScenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The child process of {@code KeyMaterialHeapDumpTest}'s generator check. Argument: a directory. A generator of
 * its own draws once (it is now keyed with some key K, and its cipher too), writes K to {@code key.hex} and
 * dumps the heap ({@code before.hprof}); draws the rest of its buffer and then one whole refill, which runs
 * under K and replaces it, and writes those last bytes, K's output, to {@code output.hex} and the new key to
 * {@code next.hex}; then dumps the heap again ({@code after.hprof}). Both dumps take every object, garbage
 * included, and neither collects first. Its own copies are zeroed before each dump, and the files hold hex,
 * which the byte patterns the test looks for do not match.
 */
public final class CsprngHeapDumpScenario {
  /** Reachable through both dumps, as the library's stripes are. */
  static Csprng generator;

  private CsprngHeapDumpScenario() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    generator = Csprng.newForTest();
    byte[] first = new byte[16];
    generator.fill(first, 0, first.length); // the first refill: its buffer is out, K is the key
    write(dir.resolve("key.hex"), generator.keyForTest());
    HeapDumpScenario.dump(dir.resolve("before.hprof").toString(), false); // no collection
    int buffered = Csprng.BLOCKS * 64 - 32 - first.length;
    byte[] rest = new byte[buffered];
    generator.fill(rest, 0, rest.length);
    Arrays.fill(rest, (byte) 0);
    byte[] output = new byte[Csprng.BLOCKS * 64 - 32]; // one whole refill under K, all of it output
    generator.fill(output, 0, output.length);
    write(dir.resolve("output.hex"), output);
    write(dir.resolve("next.hex"), generator.keyForTest());
    HeapDumpScenario.dump(dir.resolve("after.hprof").toString(), false);
    System.out.println("done");
  }

  private static void write(Path file, byte[] secret) throws Exception {
    Files.writeString(file, HexFormat.of().formatHex(secret), StandardCharsets.US_ASCII);
    Arrays.fill(secret, (byte) 0);
  }
}
