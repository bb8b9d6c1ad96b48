package org.slipsfailover.cli;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slipsfailover.host.OneLine;

/**
 * {@code %msg} for every log line (registered in {@link ConsoleLogging}): the message with its
 * arguments, made one line by {@link OneLine}. Arguments carry values from outside (container
 * state, engine messages, command output), so this is the one place that keeps them from forging
 * log lines.
 */
public final class OneLineMessageConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return OneLine.of(super.convert(event));
  }
}
