package org.slipsfailover.host;

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

  default CommandResult run(String... argv) {
    return run(List.of(argv));
  }
}
