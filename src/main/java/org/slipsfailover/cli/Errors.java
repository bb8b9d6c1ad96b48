package org.slipsfailover.cli;

import java.io.UncheckedIOException;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.host.OneLine;
import org.slipsfailover.host.PathUnreadableException;
import org.slipsfailover.host.UnsafePathException;
import org.slipsfailover.install.InstallException;
import org.slipsfailover.units.TemplateException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Turns failures into one line on stderr and an exit code; stack traces only for our own bugs. */
final class Errors {
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;

  private Errors() {}

  static int onBadParameters(ParameterException e, String[] args) {
    e.getCommandLine().getErr().println("failover: " + oneLine(e.getMessage()) + " (see --help)");
    return BAD_INPUT;
  }

  static int onFailure(Exception e, CommandLine cl, ParseResult parsed) {
    var err = cl.getErr();
    if (e instanceof BadInputException || e instanceof UnsafePathException) {
      err.println("failover: " + oneLine(e.getMessage()));
      return BAD_INPUT;
    }
    if (e instanceof InstallException ie) {
      err.println("failover: " + oneLine(e.getMessage()));
      return ie.exitCode();
    }
    if (e instanceof EngineException
        || e instanceof PathUnreadableException
        || e instanceof TemplateException
        || e instanceof UncheckedIOException) {
      err.println("failover: " + oneLine(e.getMessage()));
      return FAILED;
    }
    err.println("failover: internal error, please report it: " + e);
    e.printStackTrace(err);
    return FAILED;
  }

  private static String oneLine(String message) {
    // Messages may quote command output or file names: no control character reaches the terminal.
    return message == null ? "" : OneLine.of(message.strip().replace('\n', ' '));
  }
}
