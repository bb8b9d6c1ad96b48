package org.slipsfailover.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.host.ProcFs;
import org.slipsfailover.install.InstalledSettings;
import org.slipsfailover.install.Machine;
import org.slipsfailover.probe.LiveSlipsProbe;
import org.slipsfailover.status.Facts;
import org.slipsfailover.status.StatusReader;
import org.slipsfailover.status.StatusReport;
import org.slipsfailover.status.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Say whether the Pi is protected right now, and why not; exit 0 only when it is.")
final class StatusCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print the facts as JSON, for scripts and monitoring.")
  boolean json;

  private final Machine machine;
  private final Clock wallClock; // for the dates people read

  StatusCommand(Machine machine, Clock wallClock) {
    this.machine = machine;
    this.wallClock = wallClock;
  }

  @Override
  public Integer call() {
    StatusReader reader =
        new StatusReader(
            machine.liveRoot(),
            machine.commands(),
            machine.accessPoints(),
            name -> machine.engine().get().inspect(name),
            pair -> new LiveSlipsProbe(new ProcFs(machine.liveRoot()), pair, ProbeTimings.DEFAULT));
    Facts facts = reader.read(InstalledSettings.read(machine.liveRoot()));
    Verdict verdict = Verdict.of(facts);
    if (json) {
      StatusReport.printJson(machine.out(), facts, verdict);
    } else {
      StatusReport.printText(machine.out(), facts, verdict, wallClock.instant());
    }
    return (verdict.protectedNow() ? ExitCode.OK : ExitCode.NOT_PROTECTED).number();
  }
}
