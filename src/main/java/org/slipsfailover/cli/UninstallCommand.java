package org.slipsfailover.cli;

import java.util.concurrent.Callable;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.install.InstallException;
import org.slipsfailover.install.Machine;
import org.slipsfailover.install.Uninstaller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "uninstall",
    mixinStandardHelpOptions = true,
    description =
        "Stop and remove what install set up; keep output, log, saved rules and packages.")
final class UninstallCommand implements Callable<Integer> {

  @Mixin DryRunOption dryRun;

  @Option(names = "--force", description = "Remove files even if they were edited since install.")
  boolean force;

  private final Machine machine;

  UninstallCommand(Machine machine) {
    this.machine = machine;
  }

  @Override
  public Integer call() {
    if (!dryRun.on() && !machine.isRoot().getAsBoolean()) {
      throw new InstallException(
          ExitCode.NOT_ROOT, "uninstall must run as root: run  sudo slips-failover uninstall");
    }
    new Uninstaller(machine.liveRoot(), machine.commands(), machine.out())
        .uninstall(dryRun.on(), force);
    return 0;
  }
}
