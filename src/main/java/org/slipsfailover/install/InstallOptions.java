package org.slipsfailover.install;

import java.util.Optional;
import org.slipsfailover.config.AutoUpdate;
import org.slipsfailover.config.Settings;

/**
 * What the user asked for.
 *
 * @param imageRoot {@code --root DIR}: install into an offline image tree instead of this machine
 * @param restart restart slips.service even when nothing it runs changed
 * @param rerun a re-run of the saved install ({@code reinstall}, the package's upgrade): the
 *     interfaces were checked when it was first made, so an access point that is down does not stop
 *     it
 * @param autoUpdate {@code --auto-update}; empty: as the last install saved it
 */
public record InstallOptions(
    Settings settings,
    boolean dryRun,
    Optional<java.nio.file.Path> imageRoot,
    boolean restart,
    boolean rerun,
    Optional<AutoUpdate> autoUpdate) {

  public InstallOptions(
      Settings settings, boolean dryRun, Optional<java.nio.file.Path> imageRoot, boolean restart) {
    this(settings, dryRun, imageRoot, restart, false);
  }

  public InstallOptions(
      Settings settings,
      boolean dryRun,
      Optional<java.nio.file.Path> imageRoot,
      boolean restart,
      boolean rerun) {
    this(settings, dryRun, imageRoot, restart, rerun, Optional.empty());
  }

  public boolean offline() {
    return imageRoot.isPresent();
  }
}
