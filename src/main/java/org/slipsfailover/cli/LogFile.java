package org.slipsfailover.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/**
 * Adds {@code slips_container.log} to logback's configuration ({@link ConsoleLogging}): its path is
 * a run-time value, known to the command only. Lines go to the file from here and to stdout from
 * the console appender, each exactly once; the unit does not append stdout to the file.
 *
 * <p>The file is written by {@link SlipsLogAppender}: without following links, from a thread of its
 * own, so that a full disk, a slow SD card or an unsafe log never holds the cut; what it cannot
 * write is said on stdout (the journal), which always has every line.
 */
final class LogFile {
  static final String APPENDER_NAME = "SLIPS_CONTAINER_LOG";

  /** A few MB a file, a few files: at most about 25 MB on the Pi's SD card. */
  static final String MAX_FILE_SIZE = "5MB";

  static final int KEPT_OLD_FILES = org.slipsfailover.config.SlipsFolderNames.ROLLED_LOGS;

  /** How long a command waits at its end for the file to catch up. */
  static final Duration FLUSH_LIMIT = Duration.ofSeconds(2);

  private static final String FALLBACK_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %msg%n%ex";

  /** Lines about the log file itself go to stdout only. */
  private static final String REPORTER = LogFile.class.getName();

  private LogFile() {}

  /**
   * Sends every log line to {@code file} as well, rolled at {@link #MAX_FILE_SIZE}. Idempotent; a
   * second call with another file moves the log there (tests run several commands in one JVM).
   */
  static void attach(Path file) {
    attach(file, FileSize.valueOf(MAX_FILE_SIZE).getSize());
  }

  static void attach(Path file, long maxBytes) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(APPENDER_NAME) instanceof SlipsLogAppender current) {
      if (current.file().equals(file) && current.maxBytes() == maxBytes) {
        return;
      }
      root.detachAppender(current);
      current.stop();
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(consolePattern(root));
    encoder.start();

    SlipsLogAppender appender =
        new SlipsLogAppender(file, maxBytes, encoder, reporter(context, root));
    appender.setContext(context);
    appender.setName(APPENDER_NAME);
    appender.start();
    root.addAppender(appender);
  }

  /** Stops writing the file (tests run several commands in one JVM). */
  static void detach() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(APPENDER_NAME) instanceof SlipsLogAppender current) {
      root.detachAppender(current);
      current.stop();
    }
  }

  /** Waits (at most {@link #FLUSH_LIMIT}) until every line logged so far reached the file. */
  static void flush() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(APPENDER_NAME) instanceof SlipsLogAppender appender) {
      appender.flush(FLUSH_LIMIT);
    }
  }

  /** A logger that writes to the console only: never to the file it reports on. */
  private static org.slf4j.Logger reporter(LoggerContext context, Logger root) {
    Logger reporter = context.getLogger(REPORTER);
    reporter.setAdditive(false);
    Appender<ILoggingEvent> console = root.getAppender("CONSOLE");
    if (console != null && reporter.getAppender("CONSOLE") == null) {
      reporter.addAppender(console);
    }
    return reporter;
  }

  /** The console's pattern ({@link ConsoleLogging}), so both destinations show the same lines. */
  private static String consolePattern(Logger root) {
    if (root.getAppender("CONSOLE") instanceof ch.qos.logback.core.OutputStreamAppender<?> console
        && console.getEncoder() instanceof PatternLayoutEncoder encoder) {
      return encoder.getPattern();
    }
    return FALLBACK_PATTERN;
  }
}
