package org.slipsfailover.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: it only wires the subcommands. */
@Command(name = "failover", mixinStandardHelpOptions = true, description = "Slips failover.")
public final class FailoverCommand {

  public static int execute(String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new FailoverCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }
}
