package org.slipsfailover.cli;

import java.nio.file.Path;
import java.util.Arrays;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.testing.PidAccessPoints;
import picocli.CommandLine;

/**
 * {@code failover run} exactly as the jar runs it, except that "the access point" is one stand-in
 * process given by pid (until the real ap package is merged). Used by {@link RunCommandIT} and by
 * {@code src/test/bench/failover-latency.sh}, in a JVM of its own.
 *
 * <p>Usage: {@code StandinRun <ap pid> <watcher script> <run arguments...>}
 */
public final class StandinRun {
  private StandinRun() {}

  public static void main(String[] args) {
    long apPid = Long.parseLong(args[0]);
    SupervisionParts parts =
        new SupervisionParts(
            new ProcessCommands(), () -> new PidAccessPoints(apPid), Path.of(args[1]), System.getenv());
    String[] runArgs = Arrays.copyOfRange(args, 2, args.length);
    System.exit(new CommandLine(new RunCommand(parts)).execute(runArgs));
  }
}
