package org.slipsfailover.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.install.FakeMachine;

/** What every test of the real command line starts from: a {@link FakeCli} in a fresh folder. */
abstract class CliOnAFakeMachine {
  @TempDir Path dir;
  FakeCli cli;
  FakeMachine machine;

  @BeforeEach
  void setUpTheCli() throws Exception {
    cli = new FakeCli(dir);
    machine = cli.machine;
  }
}
