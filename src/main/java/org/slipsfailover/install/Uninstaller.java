package org.slipsfailover.install;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slipsfailover.config.SlipsFolderNames;
import org.slipsfailover.gate.GateTable;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.host.UninstallMarker;
import org.slipsfailover.notify.NotifyFiles;
import org.slipsfailover.units.HostFile;

/**
 * Takes slips-failover off: stops and disables its units and removes exactly the files the install
 * wrote. Keeps Slips' output, the log, the saved rules and the packages. A file edited since the
 * install is kept under another name unless forced. Running it twice is harmless.
 */
public final class Uninstaller {
  static final String KEPT_SUFFIX = ".edited-kept";

  private final HostRoot root;
  private final Commands commands;
  private final PrintStream out;

  public Uninstaller(HostRoot root, Commands commands, PrintStream out) {
    this.root = root;
    this.commands = commands;
    this.out = out;
  }

  public void uninstall(boolean dryRun, boolean force) {
    Optional<Manifest> manifest = Manifest.read(root);
    if (manifest.isEmpty()) {
      out.println(
          "slips-failover is not installed here (no " + FilePlanner.MANIFEST + "): nothing to do.");
      return;
    }
    String verb = dryRun ? "would " : "";
    UninstallMarker marker = new UninstallMarker(root);
    if (!dryRun) {
      // Stopping slips.service cuts the access point on every other stop; not on this one.
      marker.set();
    }
    try {
      stopAndRemove(manifest.get(), dryRun, force, verb);
    } finally {
      if (!dryRun) {
        marker.clear();
      }
    }
    out.println(
        dryRun
            ? "Dry run: nothing was changed."
            : "slips-failover is removed. Kept: Slips' "
                + SlipsFolderNames.OUTPUT
                + "/, "
                + SlipsFolderNames.LOG
                + ", the saved iptables rules"
                + " and the packages. The access point was left as it was.");
  }

  private void stopAndRemove(Manifest manifest, boolean dryRun, boolean force, String verb) {
    List<String> disable = new java.util.ArrayList<>(List.of("systemctl", "disable", "--now"));
    disable.addAll(Installer.ENABLED_UNITS);
    run(dryRun, disable);
    if (manifest.entries().stream().anyMatch(e -> e.path().equals(HostFile.UPDATE_TIMER.path()))) {
      // Apart: one unit that is gone would fail the whole disable above.
      run(dryRun, List.of("systemctl", "disable", "--now", AutoUpdateUnits.TIMER_UNIT));
    }
    for (Manifest.Entry entry : manifest.entries()) {
      Path file = root.resolve(entry.path());
      if (!Files.exists(file)) {
        out.println("gone   " + entry.path());
      } else if (force || FilePlanner.sha256(read(file)).equals(entry.sha256())) {
        out.println(verb + "remove " + entry.path());
        if (!dryRun) {
          delete(file);
        }
      } else {
        Path kept = keptName(file);
        out.println(
            verb + "keep   " + entry.path() + " (edited since install) as " + kept.getFileName());
        if (!dryRun) {
          move(file, kept);
        }
      }
    }
    out.println(verb + "remove " + FilePlanner.MANIFEST);
    if (!dryRun) {
      delete(root.resolve(FilePlanner.MANIFEST));
      // The class archive is a cache the install made from the jar, not a file it planned.
      delete(root.resolve(HostFile.CLASS_ARCHIVE));
      // The image pin is the install's and update's record, not a planned file either.
      delete(root.resolve(ImagePinFile.PATH));
      // Not planned either: the notification URLs (install --notify) and what was left unsent.
      delete(root.resolve(NotifyFiles.URLS));
      delete(root.resolve(NotifyFiles.SPOOL));
      removeIfEmpty(root.resolve("/usr/local/lib/slips-failover"));
      removeIfEmpty(root.resolve("/etc/slips-failover"));
    }
    run(dryRun, List.of("systemctl", "daemon-reload"));
    run(dryRun, List.of("systemctl", "reset-failed", Installer.SLIPS_UNIT));
    // Only our table: the rest of the ruleset (create_ap's, Docker's, Slips') stays as it is.
    run(dryRun, List.of("nft", "delete", "table", GateTable.FAMILY, GateTable.NAME));
    run(dryRun, List.of("nft", "delete", "table", GateTable.BRIDGE_FAMILY, GateTable.NAME));
  }

  private void run(boolean dryRun, List<String> argv) {
    out.println((dryRun ? "would run  " : "run    ") + String.join(" ", argv));
    if (!dryRun) {
      CommandResult r = commands.run(argv);
      if (!r.ok()) {
        // A unit that is already gone is not a failure of the uninstall.
        out.println("       (" + r.failure() + ")");
      }
    }
  }

  private static Path keptName(Path file) {
    Path candidate = file.resolveSibling(file.getFileName() + KEPT_SUFFIX);
    for (int n = 2; Files.exists(candidate); n++) {
      candidate = file.resolveSibling(file.getFileName() + KEPT_SUFFIX + "." + n);
    }
    return candidate;
  }

  private static byte[] read(Path file) {
    return io("cannot read " + file, () -> Files.readAllBytes(file));
  }

  private static void delete(Path file) {
    io("cannot remove " + file, () -> Files.deleteIfExists(file));
  }

  private static void move(Path from, Path to) {
    io("cannot rename " + from, () -> Files.move(from, to));
  }

  /** One file operation; a failure stops the uninstall, saying which. */
  private interface FileStep<T> {
    T run() throws IOException;
  }

  private static <T> T io(String failure, FileStep<T> step) {
    try {
      return step.run();
    } catch (IOException e) {
      throw new UncheckedIOException(failure, e);
    }
  }

  private static void removeIfEmpty(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (DirectoryNotEmptyException e) {
      // Holds something of the user's (edited templates): stays.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
