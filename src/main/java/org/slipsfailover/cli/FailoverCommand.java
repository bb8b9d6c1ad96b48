package org.slipsfailover.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: it only wires the subcommands. {@code install} is the default. */
@Command(
    name = "failover",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = "Makes a Raspberry Pi access point running Slips fail closed.",
    synopsisSubcommandLabel = "[COMMAND]",
    footer = {"", "Without a COMMAND, install:  sudo java -jar failover.jar wlan0,eth0"})
public final class FailoverCommand {
  /**
   * The subcommands by name, in the order the help lists them. Added here rather than in the
   * annotation so that a short command builds only what it runs: picocli reads every option of
   * every command it is given, which was most of {@code --version}'s start-up. Made at first use:
   * reading the names off the annotations costs what {@link PlainCommands} saves.
   */
  static Map<String, Class<?>> subcommands() {
    return Subcommands.BY_NAME;
  }

  private static final class Subcommands {
    static final Map<String, Class<?>> BY_NAME = byName();
  }

  private static Map<String, Class<?>> byName() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    for (Class<?> c :
        List.of(
            InstallCommand.class,
            ReinstallCommand.class,
            StatusCommand.class,
            UninstallCommand.class,
            UpdateCommand.class,
            RunCommand.class,
            CutApCommand.class,
            NotifyCommand.class)) {
      m.put(c.getAnnotation(Command.class).name(), c); // the name its annotation gives it
    }
    return m;
  }

  private static final List<String> ROOT_OPTIONS = List.of("-h", "--help", "-V", "--version");

  /** The jar's entry point: this machine, its output on {@code out}. */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    try (CommandFactory factory = CommandFactory.live(out)) {
      return execute(factory, args, out, err);
    }
  }

  /** The testable entry point: the machine comes in through {@code factory}. */
  static int execute(CommandFactory factory, String[] args, PrintStream out, PrintStream err) {
    OptionalInt plain = PlainCommands.run(factory, args, out, err);
    if (plain.isPresent()) {
      return plain.getAsInt();
    }
    return throughPicocli(factory, args, out, err);
  }

  /**
   * {@code args} as picocli parses and runs them: the one way for all but {@link PlainCommands}.
   */
  static int throughPicocli(
      CommandFactory factory, String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = commandLine(factory, out, err, needed(args));
    return cl.execute(withDefaultSubcommand(args));
  }

  /**
   * The subcommands {@code args} can reach: none for the version, only the one named first, or all
   * (the help lists them; anything else is the default {@code install}'s arguments).
   */
  static Collection<String> needed(String[] args) {
    if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
      return List.of();
    }
    if (args.length > 0 && subcommands().containsKey(args[0])) {
      return List.of(args[0]);
    }
    return subcommands().keySet();
  }

  /** Every command, with its help, its exit codes and its one-line failures. */
  static CommandLine commandLine(CommandFactory factory, PrintStream out, PrintStream err) {
    return commandLine(factory, out, err, subcommands().keySet());
  }

  private static CommandLine commandLine(
      CommandFactory factory, PrintStream out, PrintStream err, Collection<String> names) {
    // Method references, not the classes themselves, implement picocli's interfaces: see
    // CommandFactory.create.
    CommandLine cl = new CommandLine(FailoverCommand.class, factory::create);
    // Before the settings below: picocli gives them to the subcommands it has at that moment.
    names.forEach(name -> cl.addSubcommand(name, subcommands().get(name)));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler(Errors::onBadParameters);
    cl.setExecutionExceptionHandler(Errors::onFailure);
    cl.setExitCodeExceptionMapper(failure -> ExitCodes.of(failure).number());
    ExitCodes.describeIn(cl);
    return cl;
  }

  /** {@code failover wlan0,eth0} means {@code failover install wlan0,eth0}. */
  static String[] withDefaultSubcommand(String[] args) {
    if (args.length == 0) {
      return args;
    }
    String first = args[0];
    if (ROOT_OPTIONS.contains(first) || subcommands().containsKey(first)) {
      return args;
    }
    List<String> withInstall = new ArrayList<>(List.of("install"));
    withInstall.addAll(List.of(args));
    return withInstall.toArray(String[]::new);
  }
}
