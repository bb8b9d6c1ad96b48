package org.slipsfailover.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slipsfailover.install.InstallOptions;
import org.slipsfailover.install.Installer;
import org.slipsfailover.install.Machine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    description = "Set up Slips, the access point cut-off and rule saving; the default command.")
final class InstallCommand implements Callable<Integer> {

  @Mixin SettingsOptions settings;

  @Mixin DryRunOption dryRun;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description =
          "Install into an offline image tree (a mounted SD card): nothing checked live, nothing"
              + " started.")
  Path imageRoot;

  @Option(
      names = "--restart",
      description = "Restart slips.service even if nothing it runs changed.")
  boolean restart;

  private final Machine machine;
  private final EndOfInstall end;

  InstallCommand(Machine machine, EndOfInstall end) {
    this.machine = machine;
    this.end = end;
  }

  @Override
  public Integer call() {
    InstallOptions options =
        new InstallOptions(
            settings.toSettings(),
            dryRun.on(),
            Optional.ofNullable(imageRoot).map(Path::toAbsolutePath),
            restart);
    new Installer(machine).install(options);
    end.after(options);
    return 0;
  }
}
