package org.slipsfailover.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The logging configuration, in code rather than in a {@code logback.xml}: logback finds it through
 * {@code META-INF/services}. Parsing XML and running Joran's actions cost a short command such as
 * {@code cut-ap} (on the cut path, after every stop) about a third of its start-up: some 600
 * classes. A {@code -Dlogback.configurationFile=} still wins (logback's own configurators then
 * run).
 *
 * <p>Console: stdout, which systemd sends to the journal. {@code run} and {@code cut-ap} add the
 * file {@code <slips dir>/slips_container.log} from code ({@link LogFile}), with the same pattern.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
  static final String APPENDER_NAME = "CONSOLE";

  /** ISO 8601 with the zone offset, as {@code date -Iseconds} writes it. */
  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %msg%n%ex";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    // Every line is one line: values from outside (container state, engine messages, command
    // output) cannot forge log lines.
    Map<String, Supplier<DynamicConverter<?>>> rules = new HashMap<>();
    rules.put("msg", OneLineMessageConverter::new);
    rules.put("m", OneLineMessageConverter::new);
    rules.put("message", OneLineMessageConverter::new);
    rules.put("ex", OneLineThrowableConverter::new);
    context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName(APPENDER_NAME);
    console.setEncoder(encoder); // System.out, the default target
    console.start();

    // docker-java and its shaded HTTP client are chatty below WARN.
    context.getLogger("com.github.dockerjava").setLevel(Level.WARN);
    // It logs every failed call with a stack trace; our code reports each failure in one line.
    context.getLogger("com.github.dockerjava.api.async.ResultCallbackTemplate").setLevel(Level.OFF);
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
