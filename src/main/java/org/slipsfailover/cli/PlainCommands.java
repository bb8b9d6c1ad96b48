package org.slipsfailover.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code --version}, {@code status} and {@code status --json}, each exactly so, run without
 * picocli. People and scripts run them most, and building picocli's model (its converters, the
 * annotations of the root and of the command) was half of {@code status}'s start-up: 2.5 times a
 * bare JVM's hello world. These take no other argument, so there is nothing to parse; anything
 * else, a misspelt option included, goes through picocli. {@code PlainCommandsTest} checks that
 * both ways print the same and exit the same.
 */
final class PlainCommands {
  private PlainCommands() {}

  /** The command's exit code, or empty when {@code args} are not one of these exactly. */
  static OptionalInt run(CommandFactory factory, String[] args, PrintStream out, PrintStream err) {
    List<String> argv = List.of(args);
    if (argv.equals(List.of("--version")) || argv.equals(List.of("-V"))) {
      for (String line : new ManifestVersion().getVersion()) {
        out.println(line);
      }
      return OptionalInt.of(0);
    }
    boolean json = argv.equals(List.of("status", "--json"));
    if (!json && !argv.equals(List.of("status"))) {
      return OptionalInt.empty();
    }
    try {
      StatusCommand status = factory.create(StatusCommand.class);
      status.json = json;
      return OptionalInt.of(status.call());
    } catch (Exception e) {
      return OptionalInt.of(Errors.onFailure(e, new PrintWriter(err, true)));
    }
  }
}
