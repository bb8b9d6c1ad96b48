package org.slipsfailover.cli;

import static org.slipsfailover.config.ExitCode.AP_MAY_BE_UP;
import static org.slipsfailover.config.ExitCode.BAD_INPUT;
import static org.slipsfailover.config.ExitCode.DOCKER_UNREACHABLE;
import static org.slipsfailover.config.ExitCode.FAILED;
import static org.slipsfailover.config.ExitCode.GAVE_UP;
import static org.slipsfailover.config.ExitCode.INTERNAL_ERROR;
import static org.slipsfailover.config.ExitCode.NOT_PROTECTED;
import static org.slipsfailover.config.ExitCode.NOT_ROOT;
import static org.slipsfailover.config.ExitCode.NO_ACCESS_POINT;
import static org.slipsfailover.config.ExitCode.OK;
import static org.slipsfailover.config.ExitCode.STOPPED_STARTING;
import static org.slipsfailover.config.ExitCode.TERMINATED;
import static org.slipsfailover.config.ExitCode.UNSAFE_PATH;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.host.PathUnreadableException;
import org.slipsfailover.host.UnsafePathException;
import org.slipsfailover.install.InstallException;
import org.slipsfailover.units.TemplateException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Which {@link ExitCode}s each command can end with, and which one a failure means: the only place
 * that says so. The help of every command and the README's table are made from here.
 */
final class ExitCodes {
  /** By command name ("failover" is the root command, which installs). */
  static final Map<String, List<ExitCode>> BY_COMMAND = byCommand();

  private static Map<String, List<ExitCode>> byCommand() {
    List<ExitCode> install =
        List.of(
            OK,
            FAILED,
            BAD_INPUT,
            NOT_ROOT,
            NO_ACCESS_POINT,
            UNSAFE_PATH,
            DOCKER_UNREACHABLE,
            INTERNAL_ERROR);
    Map<String, List<ExitCode>> m = new LinkedHashMap<>();
    m.put("failover", install);
    m.put("install", install);
    m.put(
        "reinstall",
        List.of(OK, FAILED, BAD_INPUT, NOT_ROOT, UNSAFE_PATH, DOCKER_UNREACHABLE, INTERNAL_ERROR));
    m.put("uninstall", List.of(OK, FAILED, BAD_INPUT, NOT_ROOT, INTERNAL_ERROR));
    m.put("status", List.of(OK, NOT_PROTECTED, BAD_INPUT, INTERNAL_ERROR));
    m.put("update", List.of(OK, FAILED, BAD_INPUT, NOT_ROOT, DOCKER_UNREACHABLE, INTERNAL_ERROR));
    m.put(
        "run",
        List.of(
            STOPPED_STARTING,
            BAD_INPUT,
            GAVE_UP,
            UNSAFE_PATH,
            DOCKER_UNREACHABLE,
            INTERNAL_ERROR,
            TERMINATED));
    m.put("cut-ap", List.of(OK, AP_MAY_BE_UP, BAD_INPUT, INTERNAL_ERROR));
    m.put("notify", List.of(OK, FAILED, BAD_INPUT, NOT_ROOT, INTERNAL_ERROR));
    return m;
  }

  /** What a failure that reached picocli means. */
  static ExitCode of(Throwable failure) {
    if (failure instanceof ParameterException || failure instanceof BadInputException) {
      return BAD_INPUT;
    }
    if (failure instanceof UnsafePathException) {
      return UNSAFE_PATH;
    }
    if (failure instanceof InstallException ie) {
      return ie.exitCode();
    }
    if (failure instanceof EngineException) {
      return DOCKER_UNREACHABLE;
    }
    if (failure instanceof PathUnreadableException
        || failure instanceof TemplateException
        || failure instanceof UncheckedIOException) {
      return FAILED;
    }
    return INTERNAL_ERROR;
  }

  /** Puts each command's codes into its help, under one heading. */
  static void describeIn(CommandLine root) {
    describe(root);
    root.getSubcommands().values().forEach(ExitCodes::describe);
  }

  private static void describe(CommandLine command) {
    List<ExitCode> codes = BY_COMMAND.get(command.getCommandName());
    if (codes == null) {
      throw new IllegalStateException("no exit codes listed for " + command.getCommandName());
    }
    Map<String, String> list = new LinkedHashMap<>();
    codes.forEach(
        c -> list.merge(Integer.toString(c.number()), c.meaning(), (a, b) -> a + "; " + b));
    command
        .getCommandSpec()
        .usageMessage()
        .exitCodeListHeading(
            command.getCommandName().equals("run")
                ? "%nExit codes (systemd restarts after all but " + GAVE_UP.number() + "):%n"
                : "%nExit codes:%n")
        .exitCodeList(list);
  }

  /** The README's table: one row a code, with the commands that use it. */
  static List<String> readmeTable() {
    List<String> rows =
        new java.util.ArrayList<>(List.of("| code | meaning | commands |", "|---|---|---|"));
    for (ExitCode code : ExitCode.values()) {
      String commands =
          BY_COMMAND.entrySet().stream()
              .filter(e -> !e.getKey().equals("failover") && e.getValue().contains(code))
              .map(e -> "`" + e.getKey() + "`")
              .collect(Collectors.joining(", "));
      rows.add("| " + code.number() + " | " + code.meaning() + " | " + commands + " |");
    }
    return rows;
  }
}
