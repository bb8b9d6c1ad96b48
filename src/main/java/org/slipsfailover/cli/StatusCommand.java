package org.slipsfailover.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.install.InstallContext;
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

  private final InstallContext machine;
  private final Supplier<Facts> facts;

  /**
   * @param facts what status reads off the machine
   */
  StatusCommand(InstallContext machine, Supplier<Facts> facts) {
    this.machine = machine;
    this.facts = facts;
  }

  @Override
  public Integer call() {
    Facts facts = this.facts.get();
    Verdict verdict = Verdict.of(facts);
    if (json) {
      StatusReport.printJson(machine.out(), facts, verdict);
    } else {
      StatusReport.printText(machine.out(), facts, verdict, Instant.now());
    }
    return (verdict.protectedNow() ? ExitCode.OK : ExitCode.NOT_PROTECTED).number();
  }
}
