package org.slipsfailover.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.host.ProcFs;
import org.slipsfailover.install.InstallContext;
import org.slipsfailover.probe.LiveSlipsProbe;
import org.slipsfailover.install.InstalledSettings;
import org.slipsfailover.status.Facts;
import org.slipsfailover.status.StatusReader;
import org.slipsfailover.status.StatusReport;
import org.slipsfailover.status.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Say whether the Pi is protected right now, and why not; exit 0 only when it is.")
final class StatusCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print the facts as JSON, for scripts and monitoring.")
  boolean json;

  @ParentCommand FailoverCommand root;

  @Override
  public Integer call() {
    InstallContext ctx = root.wiring.installContext(root.out);
    StatusReader reader = new StatusReader(
        ctx.liveRoot(), ctx.commands(), ctx.accessPoints(), name -> ctx.engine().get().inspect(name),
        pair -> new LiveSlipsProbe(new ProcFs(ctx.liveRoot()), pair, ProbeTimings.DEFAULT));
    Facts facts = reader.read(InstalledSettings.read(ctx.liveRoot()));
    Verdict verdict = Verdict.of(facts);
    if (json) {
      StatusReport.printJson(root.out, facts, verdict);
    } else {
      StatusReport.printText(root.out, facts, verdict, Instant.now());
    }
    return (verdict.protectedNow() ? ExitCode.OK : ExitCode.NOT_PROTECTED).number();
  }
}
