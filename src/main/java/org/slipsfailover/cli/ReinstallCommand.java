package org.slipsfailover.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.slipsfailover.config.Settings;
import org.slipsfailover.install.InstallException;
import org.slipsfailover.install.InstallOptions;
import org.slipsfailover.install.InstalledSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The last install again, with its saved settings: after editing a template, and from the Debian
 * package's upgrade, which must bring the installed copy of the jar up to date.
 */
@Command(
    name = "reinstall",
    mixinStandardHelpOptions = true,
    description = {
      "Run the last install again with its saved settings (/etc/slips-failover/install.conf).",
      "Only what changed is rewritten; slips.service restarts only if what it runs changed."
          + " An access point that is down does not stop it."
    })
final class ReinstallCommand implements Callable<Integer> {

  @Mixin DryRunOption dryRun;

  private final InstallAndWait installation;

  ReinstallCommand(InstallAndWait installation) {
    this.installation = installation;
  }

  @Override
  public Integer call() {
    return installation.install(
        new InstallOptions(installedSettings(), dryRun.on(), Optional.empty(), false, true),
        () -> {});
  }

  private Settings installedSettings() {
    return InstalledSettings.read(installation.machine().liveRoot())
        .orElseThrow(
            () ->
                new InstallException(
                    "nothing to reinstall: slips-failover is not installed here; run  sudo"
                        + " slips-failover wlan0,eth0"));
  }
}
