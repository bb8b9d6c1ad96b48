package org.slipsfailover.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.slipsfailover.install.FakeMachine;

/** The real command line, through the real {@link CommandFactory}, on a {@link FakeMachine}. */
final class FakeCli {
  final FakeMachine machine;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  FakeCli(Path dir) throws IOException {
    this.machine = new FakeMachine(dir);
  }

  int run(String... args) {
    try (CommandFactory factory =
        new CommandFactory(machine.context(), machine.root.resolve("no-watcher"), Map.of())) {
      return FailoverCommand.execute(
          factory, args, new PrintStream(out, true), new PrintStream(err, true));
    }
  }

  String stderr() {
    return err.toString();
  }
}
