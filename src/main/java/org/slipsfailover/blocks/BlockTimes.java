package org.slipsfailover.blocks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slipsfailover.blocks.ExpiryPlan.Seen;
import org.slipsfailover.host.AtomicFile;

/**
 * The state file: when each rule of Slips' chain was first seen, and in which boot. One line each,
 * {@code <epoch seconds> <boot id> <rule as iptables -S prints it>}, after a comment line.
 *
 * <p>Root's alone: its folder ({@code /var/lib/slips-failover}, made 0700 when missing) and the
 * file must be real (not links), owned by {@code owner} and writable by nobody else, or nothing is
 * read nor written. It is replaced whole (a new file, then a rename over the old one, which renames
 * a planted link rather than writing through it). A line that does not parse is dropped with a log
 * line; its rule is then first seen anew (kept longer, the safe side).
 */
public final class BlockTimes {
  /** Where production keeps it. */
  public static final String PATH = "/var/lib/slips-failover/block-times";

  /** A few hundred rules at most in practice; a larger file is refused whole. */
  static final int MAX_BYTES = 1024 * 1024;

  private static final Pattern LINE =
      Pattern.compile("^(\\d{1,12}) ([0-9A-Za-z-]{1,64}) (-A slipsBlocking .+)$");

  private final Path file;
  private final int owner;
  private final Consumer<String> log;

  /**
   * @param owner the uid that must own the folder and the file (0 in production)
   */
  public BlockTimes(Path file, int owner, Consumer<String> log) {
    this.file = file;
    this.owner = owner;
    this.log = log;
  }

  /** The recorded times; empty when there is no file yet or it cannot be trusted (logged). */
  public Map<BlockRule, Seen> load() {
    Map<BlockRule, Seen> known = new LinkedHashMap<>();
    try {
      if (!trusted(file.getParent(), true) || !trusted(file, false)) {
        return known;
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        log.accept(file + " is over " + MAX_BYTES + " bytes; ignored");
        return known;
      }
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        Matcher m = LINE.matcher(line);
        if (m.matches()) {
          known.put(
              new BlockRule(m.group(3)),
              new Seen(Instant.ofEpochSecond(Long.parseLong(m.group(1))), m.group(2)));
        } else {
          log.accept(file + ": dropped a line that does not parse");
        }
      }
    } catch (NoSuchFileException e) {
      return known;
    } catch (IOException e) {
      log.accept("could not read " + file + ": " + e.getMessage());
    }
    return known;
  }

  /**
   * Replaces the file with {@code seen}.
   *
   * @throws UncheckedIOException when it cannot be written, or its folder cannot be trusted
   */
  public void save(Map<BlockRule, Seen> seen) {
    StringBuilder text =
        new StringBuilder(
            "# slips-failover: when each rule of slipsBlocking was first seen"
                + " (epoch seconds, boot id, rule)\n");
    seen.forEach(
        (rule, first) ->
            text.append(first.firstSeen().getEpochSecond())
                .append(' ')
                .append(first.boot())
                .append(' ')
                .append(rule.line())
                .append('\n'));
    Path dir = file.getParent();
    try {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      if (!trusted(dir, true)) {
        throw new IOException(dir + " is not a folder of uid " + owner + " alone");
      }
      AtomicFile.replace(file, text.toString(), "rw-------", /* forceToDisk= */ true);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
    }
  }

  /** A real folder (or regular file) of {@code owner}, writable by nobody else; logs why not. */
  private boolean trusted(Path path, boolean folder) throws IOException {
    PosixFileAttributes a =
        Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    Set<PosixFilePermission> p = a.permissions();
    boolean othersWrite =
        p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE);
    boolean kind = folder ? a.isDirectory() : a.isRegularFile();
    if (kind && uid == owner && !othersWrite) {
      return true;
    }
    log.accept(
        path
            + " is not a "
            + (folder ? "folder" : "regular file")
            + " of uid "
            + owner
            + " writable by it alone; not used");
    return false;
  }
}
