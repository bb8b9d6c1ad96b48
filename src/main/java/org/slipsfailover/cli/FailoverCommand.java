package org.slipsfailover.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: it only wires the subcommands. {@code install} is the default. */
@Command(
    name = "failover",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = "Makes a Raspberry Pi access point running Slips fail closed.",
    synopsisSubcommandLabel = "[COMMAND]",
    subcommands = {
      InstallCommand.class,
      ReinstallCommand.class,
      StatusCommand.class,
      UninstallCommand.class,
      RunCommand.class,
      CutApCommand.class
    },
    footer = {"", "Without a COMMAND, install:  sudo java -jar failover.jar wlan0,eth0"})
public final class FailoverCommand {

  /** The jar's entry point: this machine, its output on {@code out}. */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    try (CommandFactory factory = CommandFactory.live(out)) {
      return execute(factory, args, out, err);
    }
  }

  /** The testable entry point: the machine comes in through {@code factory}. */
  static int execute(CommandFactory factory, String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = commandLine(factory, out, err);
    return cl.execute(withDefaultSubcommand(cl, args));
  }

  /** Every command, with its help, its exit codes and its one-line failures. */
  static CommandLine commandLine(CommandFactory factory, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(FailoverCommand.class, factory);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler(Errors::onBadParameters);
    cl.setExecutionExceptionHandler(Errors::onFailure);
    cl.setExitCodeExceptionMapper(new ExitCodes());
    ExitCodes.describeIn(cl);
    return cl;
  }

  /** {@code failover wlan0,eth0} means {@code failover install wlan0,eth0}. */
  static String[] withDefaultSubcommand(CommandLine cl, String[] args) {
    if (args.length == 0) {
      return args;
    }
    String first = args[0];
    boolean rootOption = List.of("-h", "--help", "-V", "--version").contains(first);
    if (rootOption || cl.getSubcommands().containsKey(first)) {
      return args;
    }
    List<String> withInstall = new ArrayList<>(List.of("install"));
    withInstall.addAll(List.of(args));
    return withInstall.toArray(String[]::new);
  }
}
