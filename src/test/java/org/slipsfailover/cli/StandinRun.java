package org.slipsfailover.cli;

import java.nio.file.Path;
import java.util.Arrays;
import org.slipsfailover.ap.CutTiming;
import org.slipsfailover.ap.ProcAccessPoints;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcessCommands;
import picocli.CommandLine;

/**
 * {@code failover run} exactly as the jar runs it, except for two paths: where create_ap keeps its
 * state folders (a stand-in's private folder instead of /tmp) and the rules-saving script (a
 * harmless one instead of the live watcher, or netfilter-persistent). Used by {@link RunCommandIT}
 * and by {@code src/test/bench/failover-latency.sh}, in a JVM of its own.
 *
 * <p>Usage: {@code StandinRun <create_ap state folders> <watcher script> <run arguments...>}
 */
public final class StandinRun {
  private StandinRun() {}

  public static void main(String[] args) {
    Path apStateFolders = Path.of(args[0]);
    ProcessCommands commands = new ProcessCommands();
    SupervisionParts parts =
        new SupervisionParts(
            HostRoot.live(),
            commands,
            () -> new ProcAccessPoints(HostRoot.live(), apStateFolders, commands, CutTiming.defaults()),
            Path.of(args[1]),
            System.getenv());
    String[] runArgs = Arrays.copyOfRange(args, 2, args.length);
    System.exit(new CommandLine(new RunCommand(parts)).execute(runArgs));
  }
}
