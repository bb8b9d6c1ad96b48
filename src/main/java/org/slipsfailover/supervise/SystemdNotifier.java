package org.slipsfailover.supervise;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to systemd through {@code systemd-notify}: the notify socket is a datagram socket, which
 * Java cannot open without native code. {@code --pid} names the JVM as the sender, so that systemd
 * attributes the message to the service even though {@code systemd-notify} itself exits at once
 * (root may send credentials for another process). The unit needs {@code NotifyAccess=all}.
 */
public final class SystemdNotifier implements ServiceManager {
  private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);

  private final Commands commands;
  private final long pid;

  public SystemdNotifier(Commands commands, long pid) {
    this.commands = commands;
    this.pid = pid;
  }

  @Override
  public void ready() {
    notify("--ready");
  }

  @Override
  public void extendStartTimeout(Duration more) {
    notify("EXTEND_TIMEOUT_USEC=" + more.toNanos() / 1000);
  }

  private void notify(String message) {
    List<String> argv = new ArrayList<>(List.of("systemd-notify", "--pid=" + pid, message));
    CommandResult result = commands.run(argv);
    if (!result.ok()) {
      // Not fatal: at worst systemd times the start out and restarts us, failing closed.
      log.warn("systemd-notify {} failed ({})", message, result.failure());
    }
  }
}
