package org.slipsfailover.install;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.notify.AppriseSender;
import org.slipsfailover.notify.NotifyFiles;
import org.slipsfailover.notify.NotifyUrls;

/**
 * {@code install --notify URL} (repeatable) and {@code --notify none}: the URLs go to a file of
 * root's alone (0600), never anywhere else; each is checked by Apprise itself (its dry run, nothing
 * sent) before the install writes anything. Without {@code --notify} the file is left as it is, so
 * that {@code reinstall} and package upgrades keep it.
 *
 * @param urls the URLs to write; empty with {@code remove}, or when {@code --notify} was not given
 */
public record NotifySetup(List<String> urls, boolean remove) {
  static final String NONE = "none";

  /** From the values of {@code --notify}, as given. */
  public static NotifySetup of(List<String> values) {
    List<String> given = values == null ? List.of() : values.stream().map(String::strip).toList();
    if (given.contains(NONE)) {
      if (given.size() > 1) {
        throw new BadInputException("--notify none removes every URL: give it alone");
      }
      return new NotifySetup(List.of(), true);
    }
    if (given.stream().anyMatch(u -> u.isEmpty() || u.contains("\n") || u.startsWith("#"))) {
      throw new BadInputException("--notify: an empty URL, or one on several lines");
    }
    return new NotifySetup(given, false);
  }

  private boolean changes() {
    return remove || !urls.isEmpty();
  }

  /** Before the install writes anything: apprise is there and accepts every URL. */
  public void check(Commands commands) {
    if (urls.isEmpty()) {
      return;
    }
    if (!AppriseSender.installed(commands)) {
      throw new BadInputException(
          "--notify needs Apprise, which is not installed: sudo apt install apprise");
    }
    for (String url : urls) {
      if (!AppriseSender.accepts(commands, url)) {
        throw new BadInputException(
            "--notify: Apprise does not accept the URL "
                + NotifyUrls.redact(url)
                + "... (only its scheme and host are shown here; check the rest)");
      }
    }
  }

  /** After the install: writes, replaces or removes the URL file; a dry run says what it would. */
  public void apply(HostRoot root, boolean dryRun, PrintStream out) {
    if (!changes()) {
      return;
    }
    if (remove) {
      boolean present = Files.exists(root.resolve(NotifyFiles.URLS));
      out.println(
          (dryRun ? "would remove " : present ? "removed " : "gone   ")
              + NotifyFiles.URLS
              + " (notifications off)");
      if (!dryRun) {
        try {
          Files.deleteIfExists(root.resolve(NotifyFiles.URLS));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot remove " + NotifyFiles.URLS, e);
        }
      }
      return;
    }
    PlannedFile file = PlannedFile.text(NotifyFiles.URLS, NotifyUrls.format(urls), 0600);
    FileInstaller installer = new FileInstaller(root);
    Change change = installer.compare(file);
    String where = urls.stream().map(NotifyUrls::redact).collect(Collectors.joining(", "));
    if (dryRun) {
      out.println();
      out.println(
          "file   " + file.path() + " (mode " + file.modeOctal() + ", " + change.label() + ")");
      out.println(
          "       "
              + urls.size()
              + " Apprise URL(s), one a line: "
              + where
              + " (the URLs are not shown: they carry tokens)");
      return;
    }
    if (change != Change.UNCHANGED) {
      installer.write(file);
    }
    out.println(
        "file   " + file.path() + " (" + change.label() + "; notifications to " + where + ")");
  }
}
