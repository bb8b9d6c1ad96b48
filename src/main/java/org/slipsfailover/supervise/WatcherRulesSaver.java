package org.slipsfailover.supervise;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;

/**
 * Saves rules through the iptables watcher script, which knows which rules belong in the saved set.
 * There is no fallback to {@code netfilter-persistent save}: it would save the whole live ruleset,
 * create_ap's and Docker's rules included, which then pile up at every boot.
 */
public final class WatcherRulesSaver implements RulesSaver {
  private final Commands commands;
  private final Path watcherScript;

  /**
   * @param watcherScript where the watcher script is installed (resolved under the host root)
   */
  public WatcherRulesSaver(Commands commands, Path watcherScript) {
    this.commands = commands;
    this.watcherScript = watcherScript;
  }

  @Override
  public Saved save() {
    if (Files.isExecutable(watcherScript)) {
      return outcome(watcherScript.toString(), commands.run(watcherScript.toString()));
    }
    return new Saved(
        false, "could not save iptables rules: " + watcherScript + " is not installed");
  }

  private static Saved outcome(String what, CommandResult result) {
    if (result.ok()) {
      return new Saved(true, "saved iptables rules with " + what);
    }
    return new Saved(false, "could not save iptables rules with " + what + ": " + result.failure());
  }
}
