package org.slipsfailover.blocks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The addresses Slips took over again: when it blocks an address its chain already holds (a block
 * restored at boot), Slips changes no rule, but registers its own unblock request and writes so in
 * the run's {@code blocking.log} ("Registered unblocking request to unblock A at the end of ...").
 * Such a block is Slips' own again, with its own timer, and must be left alone.
 *
 * <p>The run folders are in the Slips folder's {@code output/}, which its owner may change: no link
 * is followed, only regular files are read, at most the last {@link #MAX_BYTES} of each, at most
 * {@link #MAX_RUNS} folders. A forged line can only keep a block (the safe side): the worst is a
 * block that stays as it did before this existed.
 */
public final class SlipsBlockingLog {
  static final String FILE = "blocking.log";
  static final int MAX_BYTES = 4 * 1024 * 1024;
  static final int MAX_RUNS = 1000;
  private static final Pattern TAKEN =
      Pattern.compile("Registered unblocking request to unblock ([0-9A-Fa-f.:]{2,45}) ");

  private final Path outputDir;
  private final Consumer<String> log;

  public SlipsBlockingLog(Path outputDir, Consumer<String> log) {
    this.outputDir = outputDir;
    this.log = log;
  }

  /** The addresses named in unblock requests of logs written since {@code since}. */
  public Set<String> requestedSince(Instant since) {
    Set<String> addresses = new HashSet<>();
    if (!Files.isDirectory(outputDir, LinkOption.NOFOLLOW_LINKS)) {
      return addresses;
    }
    int runs = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(outputDir)) {
      for (Path run : entries) {
        if (++runs > MAX_RUNS) {
          log.accept(outputDir + " holds over " + MAX_RUNS + " runs; the rest are not read");
          break;
        }
        if (Files.isDirectory(run, LinkOption.NOFOLLOW_LINKS)) {
          read(run.resolve(FILE), since, addresses);
        }
      }
    } catch (IOException e) {
      log.accept("could not list " + outputDir + ": " + e.getMessage());
    }
    return addresses;
  }

  private void read(Path file, Instant since, Set<String> addresses) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile() || a.lastModifiedTime().toInstant().isBefore(since)) {
        return;
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        in.skipNBytes(Math.max(0, a.size() - MAX_BYTES));
        bytes = in.readNBytes(MAX_BYTES);
      }
      Matcher m = TAKEN.matcher(new String(bytes, StandardCharsets.UTF_8));
      while (m.find()) {
        addresses.add(m.group(1));
      }
    } catch (IOException e) {
      // Gone, or not ours to read: nothing taken over, as far as we know.
    }
  }
}
