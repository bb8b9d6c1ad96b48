package org.slipsfailover.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slipsfailover.ap.CutTiming;
import org.slipsfailover.ap.ProcAccessPoints;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.metrics.Metrics;

/**
 * {@code failover run} exactly as the jar runs it, through the same {@link CommandFactory}, except
 * for two paths: where create_ap keeps its state folders (a stand-in's private folder instead of
 * /tmp) and the rules-saving script (a harmless one instead of the live watcher, or
 * netfilter-persistent). Used by {@link RunCommandIT} and by {@code
 * src/test/bench/failover-latency.sh}, in a JVM of its own.
 *
 * <p>Usage: {@code StandinRun <create_ap state folders> <watcher script> <run arguments...>}
 */
public final class StandinRun {
  private StandinRun() {}

  public static void main(String[] args) {
    int code;
    try (CommandFactory factory = standIn(Path.of(args[0]), Path.of(args[1]))) {
      List<String> run = new ArrayList<>(List.of("run"));
      run.addAll(Arrays.asList(args).subList(2, args.length));
      code = FailoverCommand.execute(factory, run.toArray(String[]::new), System.out, System.err);
    }
    System.exit(code);
  }

  /**
   * With this process's environment, where metrics are off unless {@code SLIPS_FAILOVER_METRICS}
   * names a folder: a test must not write the host's node_exporter folder nor its counters.
   */
  static CommandFactory standIn(Path apStateFolders, Path watcherScript) {
    java.util.Map<String, String> environment = new java.util.HashMap<>(System.getenv());
    environment.putIfAbsent(Metrics.SWITCH, "off");
    return standIn(apStateFolders, watcherScript, environment);
  }

  static CommandFactory standIn(
      Path apStateFolders, Path watcherScript, java.util.Map<String, String> environment) {
    ProcessCommands commands = new ProcessCommands();
    return CommandFactory.live(System.out)
        .with(
            new ProcAccessPoints(HostRoot.live(), apStateFolders, commands, CutTiming.defaults()),
            watcherScript,
            environment);
  }
}
