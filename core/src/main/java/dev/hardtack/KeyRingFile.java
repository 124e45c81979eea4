package dev.hardtack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

/**
 * Keyring files on disk (docs/KEYRING.md): bounded, type-checked reads, the caller's expectation of a plain or an
 * encrypted file, and atomic, durable writes. The text format is {@link KeyRingText}, the passphrase envelope
 * {@link KeyRingEnvelope}.
 *
 * <p>A read refuses, before opening anything, what is not a regular file (a named pipe would block the reader
 * forever, a device would never end), a file over {@link #MAX_BYTES}, and a file that every user may write (as
 * ssh refuses a loose key: anyone on the machine could put their own key in it).
 */
final class KeyRingFile {
  /** Larger files are refused before they are read. */
  static final int MAX_BYTES = 1 << 20;

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private KeyRingFile() {}

  /**
   * Reads and parses {@code file}: encrypted under {@code passphrase} when it is given, plain when it is null,
   * and nothing else. Errors are prefixed with the file's name.
   */
  static KeyRingText.Parsed load(Path file, char[] passphrase) throws IOException {
    byte[] bytes = read(file);
    try {
      return decode(bytes, passphrase);
    } catch (KeyRingFormatException e) {
      throw e.in(file, "");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Parses a file's bytes as the caller expects them: with a passphrase, only an encrypted file; without one,
   * only a plain file. A plain file where an encrypted one is expected is what someone who can write the file
   * but does not know the passphrase would put there, so it is refused, never taken as a downgrade.
   */
  static KeyRingText.Parsed decode(byte[] bytes, char[] passphrase) throws KeyRingFormatException {
    boolean encrypted = KeyRingEnvelope.isEncrypted(bytes);
    if (passphrase == null) {
      if (encrypted) {
        throw KeyRingFormatException.at(1, "the file is encrypted: give its passphrase (or make it a plain file"
            + " with 'hardtack keyring decrypt')");
      }
      return KeyRingText.parse(bytes);
    }
    if (!encrypted) {
      if (bytes.length == 0) {
        return KeyRingText.parse(bytes); // the file is empty
      }
      throw KeyRingFormatException.at(1, "the file is not encrypted, but a passphrase was given: a plain file"
          + " is refused where an encrypted one is expected (someone who cannot encrypt may have put it there);"
          + " to encrypt a plain keyring on purpose, run 'hardtack keyring encrypt FILE'");
    }
    byte[] plain = KeyRingEnvelope.decrypt(bytes, passphrase);
    try {
      return KeyRingText.parse(plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  // ------------------------------------------------------------------------------------------ I/O

  /**
   * Reads {@code file} (following symbolic links): only a regular file, not writable by every user, of at most
   * {@link #MAX_BYTES}; the type and size are checked from its attributes, before it is opened.
   */
  static byte[] read(Path file) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, PosixFileAttributes.class);
    } catch (UnsupportedOperationException e) {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    }
    if (!a.isRegularFile()) {
      throw new IOException(file + ": not a regular file (" + (a.isDirectory() ? "a folder" : "a named pipe,"
          + " socket or device") + "): a keyring is a regular file");
    }
    if (a.size() > MAX_BYTES) {
      throw new IOException(file + ": over " + MAX_BYTES + " bytes: not a keyring file");
    }
    if (a instanceof PosixFileAttributes posix && posix.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new IOException(file + ": writable by every user ("
          + PosixFilePermissions.toString(posix.permissions()) + "), so anyone on this machine"
          + " could put their own key in it: refused. Fix: chmod o-w " + file + " (better: chmod 600, owner only)");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        InputStream in = Channels.newInputStream(ch)) {
      byte[] b = in.readNBytes(MAX_BYTES + 1);
      if (b.length > MAX_BYTES) {
        Arrays.fill(b, (byte) 0);
        throw new IOException(file + ": over " + MAX_BYTES + " bytes: not a keyring file");
      }
      return b;
    }
  }

  /**
   * Writes {@code bytes} to {@code file} atomically and durably, then zeroes {@code bytes}: a temporary file in
   * the same folder (owner-only where POSIX), fsync, atomic rename over {@code file}, fsync of the folder.
   */
  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attrs);
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(dir + ": this file system cannot rename atomically; keyring files need one that can",
            e);
      }
      moved = true;
      fsyncDirectory(dir);
      removeOrphans(dir, target.getFileName().toString());
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (!moved) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the original failure matters more
        }
      }
    }
  }

  /** How old a temporary file must be before a save takes it for the orphan of a crashed save. */
  static final Duration ORPHAN_AGE = Duration.ofMinutes(1);

  /**
   * Deletes temporary files that a save killed mid-way left beside {@code name}: they may hold keys revoked
   * since. Only those older than {@link #ORPHAN_AGE}, so another process's save in flight is left alone.
   */
  private static void removeOrphans(Path dir, String name) {
    String prefix = "." + name + ".";
    long cutoff = System.currentTimeMillis() - ORPHAN_AGE.toMillis();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
      String n = p.getFileName().toString();
      return n.startsWith(prefix) && n.endsWith(".tmp")
          && n.substring(prefix.length(), n.length() - 4).chars().allMatch(Character::isDigit);
    })) {
      for (Path p : s) {
        if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // Best effort: the save itself has succeeded.
    }
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (FileSystemException | UnsupportedOperationException e) {
      // Windows cannot open a folder as a channel; its rename is durable enough once it returns.
    }
  }
}
