package org.slipsfailover.cli;

import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.Settings;
import org.slipsfailover.install.InstallException;
import org.slipsfailover.install.InstalledSettings;
import org.slipsfailover.install.Machine;
import org.slipsfailover.update.Updater;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    description = {
      "Pull the installed Slips image while Slips keeps protecting, then, when its digest is new,"
          + " swap to it: the gate closes, the old Slips stops, the new one starts, and the gate"
          + " opens once it protects; the access point stays up. A new image that does not protect"
          + " within the start limit is rolled back (exit 1). Nothing new: exit 0, nothing touched.",
    })
final class UpdateCommand implements Callable<Integer> {

  static final class Mode {
    @Option(
        names = "--check",
        description = "Only say whether the registry has a newer image; pull nothing.")
    boolean check;

    @Option(
        names = "--rollback",
        description = "Swap back to the image that ran before the last update.")
    boolean rollback;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Mode mode = new Mode();

  private final Machine machine;
  private final Function<Settings, Updater> updater;

  /**
   * @param updater the update's parts for the installed settings
   */
  UpdateCommand(Machine machine, Function<Settings, Updater> updater) {
    this.machine = machine;
    this.updater = updater;
  }

  @Override
  public Integer call() {
    if (!machine.isRoot().getAsBoolean()) {
      throw new InstallException(
          ExitCode.NOT_ROOT, "update must run as root: run  sudo slips-failover update");
    }
    Settings settings =
        InstalledSettings.read(machine.liveRoot())
            .orElseThrow(
                () ->
                    new InstallException(
                        "not installed: nothing to update (install first: sudo slips-failover"
                            + " <wifi>,<eth>)"));
    Updater u = updater.apply(settings);
    ExitCode code = mode.check ? u.check() : mode.rollback ? u.rollback() : u.update();
    return code.number();
  }
}
