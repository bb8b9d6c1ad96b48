package org.slipsfailover.cli;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import org.slipsfailover.host.OneLine;

/**
 * {@code %ex}: a stack trace (logged only for our own bugs) whose lines cannot be forged. An
 * exception's message may quote the engine or a file, so each message is made one line; the frames
 * are the only other lines, each starting with a tab.
 */
public final class OneLineThrowableConverter extends ThrowableHandlingConverter {
  @Override
  public String convert(ILoggingEvent event) {
    IThrowableProxy t = event.getThrowableProxy();
    if (t == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    String prefix = "";
    for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
      out.append(prefix)
          .append(
              OneLine.of(t.getClassName() + (t.getMessage() == null ? "" : ": " + t.getMessage())))
          .append('\n');
      for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
        out.append("\tat ")
            .append(OneLine.of(String.valueOf(frame.getStackTraceElement())))
            .append('\n');
      }
      prefix = "Caused by: ";
    }
    return out.toString();
  }
}
