package org.slipsfailover.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.install.Machine;
import org.slipsfailover.status.Facts;
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
  private final Supplier<Facts> facts;
  private final Clock wallClock; // for the dates people read

  /**
   * @param facts what status reads off the machine
   */
  StatusCommand(Machine machine, Supplier<Facts> facts, Clock wallClock) {
    this.machine = machine;
    this.facts = facts;
    this.wallClock = wallClock;
  }

  @Override
  public Integer call() {
    Facts facts = this.facts.get();
    Verdict verdict = Verdict.of(facts);
    if (json) {
      StatusReport.printJson(machine.out(), facts, verdict);
    } else {
      StatusReport.printText(machine.out(), facts, verdict, wallClock.instant());
    }
    return (verdict.protectedNow() ? ExitCode.OK : ExitCode.NOT_PROTECTED).number();
  }
}
