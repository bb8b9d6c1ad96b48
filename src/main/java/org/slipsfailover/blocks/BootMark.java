package org.slipsfailover.blocks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Which boot this is: a random id kept in {@code /run/slips-failover/boot-id}, made by the first
 * look of each boot. {@code /run} is a tmpfs emptied at every boot, also in a container that
 * "reboots" with the same kernel (the smoke test's Pi), where the kernel's own {@code boot_id}
 * stays the same. The folder is root's (the runner's state folder and the watcher's lock folder);
 * the mark is created exclusively (never through a planted link) and read without following one.
 */
public final class BootMark {
  static final String FILE = "boot-id";
  private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

  private BootMark() {}

  /**
   * This boot's id, made when missing; "unknown" (every boot then looks like this one: nothing
   * counts as restored, every block stays) when it can be neither read nor made.
   */
  public static String of(Path runDir, Consumer<String> log) {
    Path mark = runDir.resolve(FILE);
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        return read(mark);
      } catch (NoSuchFileException e) {
        make(runDir, mark, log);
      } catch (IOException e) {
        log.accept("could not read " + mark + ": " + e.getMessage());
        return "unknown";
      }
    }
    return "unknown";
  }

  /**
   * When this boot's mark was made: the first look of this boot, before Slips' first start in it.
   * The epoch when unknown (every log then counts: blocks are kept, the safe side).
   */
  public static Instant madeAt(Path runDir) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(
              runDir.resolve(FILE), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isRegularFile() ? a.lastModifiedTime().toInstant() : Instant.EPOCH;
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private static String read(Path mark) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(mark, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(64);
    }
    String id = new String(bytes, StandardCharsets.US_ASCII).strip();
    if (!ID.matcher(id).matches()) {
      throw new IOException("not an id");
    }
    return id;
  }

  private static void make(Path runDir, Path mark, Consumer<String> log) {
    try {
      if (!Files.exists(runDir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(
            runDir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Files.write(
          mark,
          (UUID.randomUUID() + "\n").getBytes(StandardCharsets.US_ASCII),
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      // Made meanwhile (or a planted link, which the read then refuses).
    } catch (IOException e) {
      log.accept("could not make " + mark + ": " + e.getMessage());
    }
  }
}
