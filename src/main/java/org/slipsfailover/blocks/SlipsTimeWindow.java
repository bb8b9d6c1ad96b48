package org.slipsfailover.blocks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The width of Slips' time windows, as Slips reads it from {@code config/slips.yaml}: {@code
 * parameters.time_window_width}, in seconds, read with Python's {@code float()}, 3600 when absent,
 * and the text {@code only_one_tw} for one window of 9999999999 s (see the package comment).
 *
 * <p>The file is in the Slips folder, which its owner (not root) may write: it is input we do not
 * trust. Nothing on the way is followed when it is a link, at most {@link #MAX_BYTES} are read, and
 * anything Slips could not use (not a positive finite number) gives Slips' default with one log
 * line. The worst an owner can do with it is what Slips' own setting allows: keep blocks longer.
 */
public record SlipsTimeWindow(Duration width) {
  /** Slips' default, {@code time_window_width: 3600}. */
  public static final SlipsTimeWindow DEFAULT = new SlipsTimeWindow(Duration.ofSeconds(3600));

  /** What Slips makes of {@code only_one_tw}: 9999999999 s, about 317 years. */
  public static final SlipsTimeWindow ONLY_ONE =
      new SlipsTimeWindow(Duration.ofSeconds(9999999999L));

  /** Slips' own file is about 20 KiB. */
  public static final int MAX_BYTES = 256 * 1024;

  /** Where Slips' configuration is, below the Slips folder. */
  public static final String CONFIG_FILE = "config/slips.yaml";

  private static final Pattern SECTION = Pattern.compile("^([A-Za-z_][\\w-]*)\\s*:\\s*(#.*)?$");
  private static final Pattern WIDTH =
      Pattern.compile("^\\s+time_window_width\\s*:\\s*(.*?)\\s*(?:\\s#.*)?$");
  private static final Pattern NUMBER =
      Pattern.compile("[+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  /** How long Slips keeps a block at the most: to the end of the window after its own. */
  public Duration longestBlock() {
    return width.multipliedBy(2);
  }

  /**
   * The width configured in {@code slipsDir}'s {@code config/slips.yaml}; Slips' default when the
   * file or the setting is absent, and (with a line to {@code log}) when it is unusable.
   */
  public static SlipsTimeWindow read(Path slipsDir, Consumer<String> log) {
    Path config = slipsDir.resolve(CONFIG_FILE);
    try {
      if (!isRealFolder(slipsDir) || !isRealFolder(config.getParent())) {
        return DEFAULT;
      }
      BasicFileAttributes attrs =
          Files.readAttributes(config, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isRegularFile()) {
        log.accept(config + " is not a regular file; using Slips' default time window (3600 s)");
        return DEFAULT;
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(config, LinkOption.NOFOLLOW_LINKS)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        log.accept(
            config + " is over " + MAX_BYTES + " bytes; using Slips' default time window (3600 s)");
        return DEFAULT;
      }
      return parse(new String(bytes, StandardCharsets.UTF_8), config.toString(), log);
    } catch (NoSuchFileException e) {
      return DEFAULT;
    } catch (IOException e) {
      log.accept(
          "could not read "
              + config
              + " ("
              + e.getMessage()
              + "); using Slips' default time window");
      return DEFAULT;
    }
  }

  private static boolean isRealFolder(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    return Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .isDirectory();
  }

  /**
   * The width in the text of a {@code slips.yaml}: the last {@code time_window_width} under the
   * top-level {@code parameters:} (YAML keeps the last of a repeated key).
   *
   * @param where the file's name, for the log line
   */
  public static SlipsTimeWindow parse(String yaml, String where, Consumer<String> log) {
    String value = null;
    boolean inParameters = false;
    for (String line : yaml.split("\r?\n", -1)) {
      Matcher section = SECTION.matcher(line);
      if (section.matches()) {
        inParameters = section.group(1).equals("parameters");
        continue;
      }
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
        inParameters = false;
        continue;
      }
      Matcher width = WIDTH.matcher(line);
      if (inParameters && width.matches()) {
        value = unquote(width.group(1));
      }
    }
    if (value == null) {
      return DEFAULT;
    }
    return fromValue(value, where, log);
  }

  private static SlipsTimeWindow fromValue(String value, String where, Consumer<String> log) {
    if (value.contains("only_one_tw")) {
      return ONLY_ONE;
    }
    if (NUMBER.matcher(value).matches()) {
      double seconds = Double.parseDouble(value);
      if (seconds >= 1 && seconds <= ONLY_ONE.width().getSeconds()) {
        return new SlipsTimeWindow(Duration.ofMillis(Math.round(seconds * 1000)));
      }
    }
    log.accept(
        where
            + ": time_window_width "
            + printable(value)
            + " is not a number of seconds from 1 to 9999999999; using Slips' default (3600 s)");
    return DEFAULT;
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("'") && value.endsWith("'")
            || value.startsWith("\"") && value.endsWith("\""))) {
      return value.substring(1, value.length() - 1).strip();
    }
    return value;
  }

  /** At most 40 characters of the owner's text, control characters replaced, for the log. */
  private static String printable(String value) {
    String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
