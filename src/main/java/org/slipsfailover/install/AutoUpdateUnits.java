package org.slipsfailover.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slipsfailover.config.AutoUpdate;
import org.slipsfailover.config.Settings;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.units.HostFile;
import org.slipsfailover.units.Renderer;

/**
 * What {@code install --auto-update daily|weekly|off} writes and runs: the timer and the service of
 * {@link HostFile#AUTO_UPDATE} (planned with the install's other files, so that the manifest lists
 * them and {@code uninstall} removes them), the timer enabled and started; with {@code off}, the
 * timer disabled and both files removed. An install without the option keeps the choice the last
 * one saved in its settings file (a re-run for another reason, or the package's upgrade, must not
 * turn updates off).
 */
final class AutoUpdateUnits {
  static final String TIMER_UNIT = HostFile.UPDATE_TIMER.fileName();

  /** Its line in the install's settings file ({@link FilePlanner#SETTINGS}). */
  private static final String KEY = "auto-update=";

  private AutoUpdateUnits() {}

  /** The files to write: none when off. */
  static List<PlannedFile> plan(AutoUpdate choice, Renderer renderer, Settings settings) {
    List<PlannedFile> files = new ArrayList<>();
    if (choice != AutoUpdate.OFF) {
      for (HostFile f : HostFile.AUTO_UPDATE) {
        files.add(PlannedFile.text(f.path(), renderer.render(f, settings, choice), f.mode()));
      }
    }
    return files;
  }

  static String settingLine(AutoUpdate choice) {
    return KEY + choice.word() + "\n";
  }

  /** The choice the last install saved; off when none did (not installed, or installed before). */
  static AutoUpdate installed(HostRoot root) {
    Path file = root.resolve(FilePlanner.SETTINGS);
    if (!Files.isReadable(file)) {
      return AutoUpdate.OFF;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(KEY)) {
          return AutoUpdate.parse(line.substring(KEY.length()).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return AutoUpdate.OFF;
  }

  /**
   * After the files are written (and systemd reloaded, when a unit changed): the timer enabled and
   * started (restarted when its schedule changed); off, a timer left by an earlier install disabled
   * and its files removed.
   */
  static List<Step> steps(
      AutoUpdate choice, HostRoot root, boolean offline, Map<PlannedFile, Change> changes) {
    List<String> systemctl =
        offline ? List.of("systemctl", "--root=" + root.root()) : List.of("systemctl");
    List<Step> steps = new ArrayList<>();
    if (choice != AutoUpdate.OFF) {
      steps.add(run(systemctl, "enable", "--quiet", TIMER_UNIT));
      if (!offline) {
        boolean changed =
            changes.entrySet().stream()
                .anyMatch(
                    e ->
                        e.getKey().path().equals(HostFile.UPDATE_TIMER.path())
                            && e.getValue() == Change.CHANGED);
        steps.add(run(systemctl, changed ? "restart" : "start", TIMER_UNIT));
      }
      return steps;
    }
    List<Path> leftovers =
        HostFile.AUTO_UPDATE.stream()
            .map(f -> root.resolve(f.path()))
            .filter(Files::exists)
            .toList();
    if (leftovers.isEmpty()) {
      return steps;
    }
    steps.add(
        offline
            ? run(systemctl, "disable", TIMER_UNIT)
            : run(systemctl, "disable", "--now", TIMER_UNIT));
    steps.add(new Step.RemoveFiles(leftovers));
    if (!offline) {
      steps.add(new Step.Run(List.of("systemctl", "daemon-reload")));
    }
    return steps;
  }

  static void remove(List<Path> files) {
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + f, e);
      }
    }
  }

  private static Step run(List<String> systemctl, String... args) {
    List<String> argv = new ArrayList<>(systemctl);
    argv.addAll(List.of(args));
    return new Step.Run(argv);
  }
}
