package org.slipsfailover.host;

import java.io.IOException;
import java.util.List;

/**
 * Runs host commands (systemctl, apt-get, ip, iptables-save...). Always an argument list, never a
 * shell string: nothing a user typed is ever parsed by a shell.
 */
public interface Commands {
  CommandResult run(List<String> argv);

  /** Runs with {@code stdin} as standard input (for example a debconf preseed). */
  default CommandResult run(List<String> argv, String stdin) {
    throw new UnsupportedOperationException("this Commands cannot feed standard input");
  }

  /**
   * Starts a long-lived command that its caller talks to line by line (for example {@code nft -j
   * -i}), in the same environment as every other command. Each request to it must be answered
   * within {@link CommandLimits#INTERACTIVE_REQUEST}; the caller kills it otherwise.
   */
  default Process start(List<String> argv) throws IOException {
    throw new UnsupportedOperationException("this Commands cannot start a long-lived command");
  }

  default CommandResult run(String... argv) {
    return run(List.of(argv));
  }
}
