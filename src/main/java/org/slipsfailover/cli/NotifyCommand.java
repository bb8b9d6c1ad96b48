package org.slipsfailover.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.host.Pause;
import org.slipsfailover.install.InstallException;
import org.slipsfailover.install.Machine;
import org.slipsfailover.notify.AppriseSender;
import org.slipsfailover.notify.Flush;
import org.slipsfailover.notify.Notifications;
import org.slipsfailover.notify.NotifyUrls;
import org.slipsfailover.notify.Sender;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "notify",
    mixinStandardHelpOptions = true,
    description = {
      "Notifications through Apprise (set with install --notify URL).",
      "--test sends one message through every configured URL and says, per URL (scheme and host"
          + " only), whether it went out.",
      "--flush sends what is pending (slips-failover-notify.service runs it after a stop)."
    })
final class NotifyCommand implements Callable<Integer> {
  /** How long a flush keeps trying before it leaves the rest in the spool. */
  static final Duration FLUSH_LIMIT = Duration.ofHours(1);

  static final class Action {
    @Option(names = "--test", required = true, description = "Send a test message.")
    boolean test;

    @Option(names = "--flush", required = true, description = "Send what is pending, then end.")
    boolean flush;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  private final Machine machine;

  NotifyCommand(Machine machine) {
    this.machine = machine;
  }

  @Override
  public Integer call() {
    if (!machine.isRoot().getAsBoolean()) {
      throw new InstallException(
          ExitCode.NOT_ROOT,
          "notify must run as root (the URLs are root's alone): run  sudo slips-failover notify "
              + (action.test ? "--test" : "--flush"));
    }
    if (action.flush) {
      boolean all =
          Flush.run(
              Notifications.outbox(machine.liveRoot(), machine.commands(), Clock.systemUTC()),
              Clock.systemUTC(),
              Pause.real(),
              FLUSH_LIMIT);
      return (all ? ExitCode.OK : ExitCode.FAILED).number();
    }
    return test(machine.out());
  }

  private int test(PrintStream out) {
    List<String> urls = NotifyUrls.read(machine.liveRoot()).orElse(List.of());
    if (urls.isEmpty()) {
      throw new BadInputException(
          "no notification URL is configured: install with --notify URL (repeatable)");
    }
    if (!AppriseSender.installed(machine.commands())) {
      throw new InstallException(
          ExitCode.FAILED, "apprise is not installed: sudo apt install apprise");
    }
    List<Sender.Attempt> results =
        AppriseSender.testEach(
            machine.commands(), urls, Notifications.hostname(machine.liveRoot()));
    int failed = 0;
    for (int i = 0; i < urls.size(); i++) {
      Sender.Attempt a = results.get(i);
      out.println(
          (a.ok() ? "sent     " : "FAILED   ")
              + NotifyUrls.redact(urls.get(i))
              + (a.ok() ? "" : ": " + a.failure()));
      failed += a.ok() ? 0 : 1;
    }
    return (failed == 0 ? ExitCode.OK : ExitCode.FAILED).number();
  }
}
