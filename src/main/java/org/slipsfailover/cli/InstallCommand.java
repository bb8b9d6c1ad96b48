package org.slipsfailover.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slipsfailover.config.AutoUpdate;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.install.InstallOptions;
import org.slipsfailover.install.Machine;
import org.slipsfailover.install.NotifySetup;
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

  @Option(
      names = "--notify",
      paramLabel = "URL",
      description =
          "Tell the owner when Slips stops protecting and when it is back, through this Apprise"
              + " URL (repeatable; e.g. ntfy://ntfy.sh/TOPIC, json://host/path). Kept in a"
              + " root-only file; 'none' removes them. Without it, the URLs stay as they are.")
  List<String> notify;

  private final InstallAndWait installation;

  InstallCommand(InstallAndWait installation) {
    this.installation = installation;
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
    NotifySetup notifications = NotifySetup.of(notify);
    Machine machine = installation.machine();
    notifications.check(machine.commands()); // before anything is written
    return installation.install(
        options,
        () ->
            notifications.apply(
                options.imageRoot().map(HostRoot::of).orElse(machine.liveRoot()),
                dryRun.on(),
                machine.out()));
  }
}
