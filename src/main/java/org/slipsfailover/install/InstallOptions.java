package org.slipsfailover.install;

import java.util.Optional;
import org.slipsfailover.config.Settings;

/**
 * What the user asked for.
 *
 * @param imageRoot {@code --root DIR}: install into an offline image tree instead of this machine
 * @param restart restart slips.service even when nothing it runs changed
 */
public record InstallOptions(
    Settings settings, boolean dryRun, Optional<java.nio.file.Path> imageRoot, boolean restart) {

  public boolean offline() {
    return imageRoot.isPresent();
  }
}
