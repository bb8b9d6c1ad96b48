package org.slipsfailover.cli;

import java.io.PrintWriter;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.host.OneLine;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr and the exit code {@link ExitCodes} gives them; stack
 * traces only for our own bugs.
 */
final class Errors {
  private Errors() {}

  static int onBadParameters(ParameterException e, String[] args) {
    e.getCommandLine().getErr().println("failover: " + oneLine(e.getMessage()) + " (see --help)");
    return e.getCommandLine().getExitCodeExceptionMapper().getExitCode(e);
  }

  static int onFailure(Exception e, CommandLine cl, ParseResult parsed) {
    return onFailure(e, cl.getErr());
  }

  /** A command's failure, whether picocli ran the command or {@link PlainCommands} did. */
  static int onFailure(Exception e, PrintWriter err) {
    int code = ExitCodes.of(e).number();
    if (code != ExitCode.INTERNAL_ERROR.number()) {
      err.println("failover: " + oneLine(e.getMessage()));
      return code;
    }
    err.println("failover: internal error, please report it: " + e);
    e.printStackTrace(err);
    return code;
  }

  private static String oneLine(String message) {
    // Messages may quote command output or file names: no control character reaches the terminal.
    return message == null ? "" : OneLine.of(message.strip().replace('\n', ' '));
  }
}
