package org.slipsfailover.cli;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.install.Machine;
import org.slipsfailover.notify.NotifyStatus;
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
  private final Supplier<NotifyStatus> notifications;

  /**
   * @param facts what status reads off the machine
   * @param notifications where notifications go, the last one sent, what is pending
   */
  StatusCommand(
      Machine machine,
      Supplier<Facts> facts,
      Supplier<NotifyStatus> notifications,
      Clock wallClock) {
    this.machine = machine;
    this.facts = facts;
    this.notifications = notifications;
    this.wallClock = wallClock;
  }

  @Override
  public Integer call() {
    Facts facts = this.facts.get();
    Verdict verdict = Verdict.of(facts);
    if (json) {
      StatusReport.printJson(
          machine.out(), facts, verdict, Map.of("notifications", notifications.get().json()));
    } else {
      StatusReport.printText(machine.out(), facts, verdict, wallClock.instant());
      if (facts.installed()) {
        List<String> lines = notifications.get().lines();
        machine.out().printf("%n%-16s %s%n", "notifications", lines.get(0));
        lines.stream().skip(1).forEach(l -> machine.out().printf("%-16s %s%n", "", l));
      }
    }
    return (verdict.protectedNow() ? ExitCode.OK : ExitCode.NOT_PROTECTED).number();
  }
}
