package org.slipsfailover.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slipsfailover.config.AutoUpdate;
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
      names = "--auto-update",
      paramLabel = "daily|weekly|off",
      description =
          "Run `slips-failover update` by itself: every night or every Monday night (04:00, within"
              + " an hour; made up after the Pi was off), through a systemd timer. off removes it."
              + " Default: as the last install set it (off at first).")
  String autoUpdate;

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
            restart,
            false,
            Optional.ofNullable(autoUpdate).map(AutoUpdate::parse));
    new Installer(machine).install(options);
    end.after(options);
    return 0;
  }
}
