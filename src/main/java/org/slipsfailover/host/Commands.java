package org.slipsfailover.host;

import java.util.List;

/**
 * Runs host commands (systemctl, apt-get, ip, iptables-save...). Always an argument list, never a
 * shell string: nothing a user typed is ever parsed by a shell.
 */
public interface Commands {
  CommandResult run(List<String> argv);

  default CommandResult run(String... argv) {
    return run(List.of(argv));
  }
}
