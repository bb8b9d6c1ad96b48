package org.slipsfailover.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Adds {@code slips_container.log} to logback's configuration. The one place that touches logback's
 * global state: its path is a run-time value, so it cannot be in {@code logback.xml}. Lines go to
 * the file from here and to stdout from the console appender, each exactly once; the unit does
 * not append stdout to the file.
 */
final class LogFile {
  static final String APPENDER_NAME = "SLIPS_CONTAINER_LOG";
  /** A few MB a file, a few files: at most about 25 MB on the Pi's SD card. */
  static final String MAX_FILE_SIZE = "5MB";
  static final int KEPT_OLD_FILES = 4;
  private static final String FALLBACK_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %msg%n";

  private LogFile() {}

  /**
   * Sends every log line to {@code file} as well, rolled at {@link #MAX_FILE_SIZE}. Idempotent; a
   * second call with another file moves the log there (tests run several commands in one JVM).
   */
  static void attach(Path file) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(APPENDER_NAME) instanceof RollingFileAppender<ILoggingEvent> current) {
      if (Path.of(current.getFile()).equals(file)) {
        return;
      }
      root.detachAppender(current);
      current.stop();
    }
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName(APPENDER_NAME);
    appender.setFile(file.toString());
    appender.setAppend(true);

    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(context);
    rolling.setParent(appender);
    rolling.setFileNamePattern(file + ".%i");
    rolling.setMinIndex(1);
    rolling.setMaxIndex(KEPT_OLD_FILES);
    rolling.start();

    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(context);
    trigger.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
    trigger.start();

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(consolePattern(root));
    encoder.start();

    appender.setRollingPolicy(rolling);
    appender.setTriggeringPolicy(trigger);
    appender.setEncoder(encoder);
    appender.start();
    root.addAppender(appender);
  }

  /** The console's pattern from logback.xml, so both destinations show the same lines. */
  private static String consolePattern(Logger root) {
    if (root.getAppender("CONSOLE") instanceof ch.qos.logback.core.OutputStreamAppender<?> console
        && console.getEncoder() instanceof PatternLayoutEncoder encoder) {
      return encoder.getPattern();
    }
    return FALLBACK_PATTERN;
  }
}
