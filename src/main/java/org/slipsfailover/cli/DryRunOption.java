package org.slipsfailover.cli;

import picocli.CommandLine.Option;

/** {@code --dry-run}, the same for every command that changes the machine. */
final class DryRunOption {
  @Option(
      names = "--dry-run",
      description = "Print what would be done (every file and command); change nothing.")
  private boolean on;

  boolean on() {
    return on;
  }
}
