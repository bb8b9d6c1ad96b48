package org.slipsfailover.cli;

import java.io.PrintStream;
import org.slipsfailover.install.InstallContext;

/** Builds the parts of the machine a command acts on; tests pass their own. */
interface Wiring {
  InstallContext installContext(PrintStream out);
}
