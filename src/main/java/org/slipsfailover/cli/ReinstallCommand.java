package org.slipsfailover.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.slipsfailover.install.InstallException;
import org.slipsfailover.install.InstallOptions;
import org.slipsfailover.install.InstalledSettings;
import org.slipsfailover.install.Installer;
import org.slipsfailover.install.Machine;
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

  private final Machine machine;
  private final EndOfInstall end;

  ReinstallCommand(Machine machine, EndOfInstall end) {
    this.machine = machine;
    this.end = end;
  }

  @Override
  public Integer call() {
    var settings =
        InstalledSettings.read(machine.liveRoot())
            .orElseThrow(
                () ->
                    new InstallException(
                        "nothing to reinstall: slips-failover is not installed here; run  sudo"
                            + " slips-failover wlan0,eth0"));
    InstallOptions options =
        new InstallOptions(settings, dryRun.on(), Optional.empty(), false, true);
    new Installer(machine).install(options);
    end.after(options);
    return 0;
  }
}
