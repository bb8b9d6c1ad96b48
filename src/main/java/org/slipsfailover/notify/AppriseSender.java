package org.slipsfailover.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;

/**
 * Sends through Debian's {@code apprise}, as a process with a time limit per attempt ({@link
 * org.slipsfailover.host.CommandLimits}). The URLs reach it only in a root-only config file ({@code
 * --config FILE}), never as arguments: a command line is readable by every local user. Its output
 * is never repeated to anyone: apprise names the URLs it failed on, secrets and all.
 */
public final class AppriseSender implements Sender {
  static final String APPRISE = "apprise";

  private final Commands commands;
  private final Path config;

  /**
   * @param config the URL file (Apprise's TEXT format: one URL a line)
   */
  public AppriseSender(Commands commands, Path config) {
    this.commands = commands;
    this.config = config;
  }

  @Override
  public Attempt send(String title, String body, boolean protecting) {
    return attempt(commands, config, title, body, protecting ? "success" : "failure");
  }

  private static Attempt attempt(
      Commands commands, Path config, String title, String body, String type) {
    CommandResult r =
        commands.run(
            List.of(
                APPRISE,
                "--config",
                config.toString(),
                "--notification-type",
                type,
                "--title",
                title,
                "--body",
                body));
    if (r.ok()) {
      return Attempt.sent();
    }
    // Not r.failure(): apprise's last line may hold a URL and its token.
    return new Attempt(
        false,
        r.timedOut()
            ? "apprise " + r.stderr()
            : r.exitCode() == 127
                ? "apprise is not installed (sudo apt install apprise)"
                : "apprise exit " + r.exitCode() + " (a receiver refused it or did not answer)");
  }

  /** Whether {@code apprise} can be run at all. */
  public static boolean installed(Commands commands) {
    return commands.run(APPRISE, "--version").exitCode() != 127;
  }

  /**
   * Whether Apprise accepts {@code url}, asked without sending anything (its dry run), with the URL
   * in a temporary root-only config file.
   */
  public static boolean accepts(Commands commands, String url) {
    return withConfigOf(
        url,
        file -> {
          CommandResult r =
              commands.run(APPRISE, "--dry-run", "--config", file.toString(), "--body", "-");
          return r.ok() && r.stdout().lines().anyMatch(l -> l.strip().startsWith("1."));
        });
  }

  /** One test message through each URL on its own: for each, empty when sent, or why not. */
  public static List<Attempt> testEach(Commands commands, List<String> urls, String host) {
    List<Attempt> results = new ArrayList<>();
    for (String url : urls) {
      results.add(
          withConfigOf(
              url,
              file ->
                  attempt(
                      commands,
                      file,
                      host + ": slips-failover test message",
                      "A test of slips-failover's notifications from " + host + ": it works.",
                      "info")));
    }
    return results;
  }

  /** Runs {@code use} with a config file of {@code url} alone, in a folder only root can read. */
  private static <T> T withConfigOf(String url, Function<Path, T> use) {
    Path dir = null;
    try {
      dir =
          Files.createTempDirectory(
              "slips-failover-notify",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path file = dir.resolve("notify.urls");
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, url.strip() + "\n", StandardCharsets.UTF_8);
      return use.apply(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a temporary file: " + e.getMessage(), e);
    } finally {
      if (dir != null) {
        try {
          Files.deleteIfExists(dir.resolve("notify.urls"));
          Files.deleteIfExists(dir);
        } catch (IOException ignored) {
          // In a folder of root's alone, mode 0700: litter, not a leak.
        }
      }
    }
  }
}
