package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;

/** The exact commands the runner's two host seams run. */
class SystemdNotifierTest {
  private final List<List<String>> ran = new ArrayList<>();
  private int exitCode;
  private final Commands commands =
      argv -> {
        ran.add(argv);
        return new CommandResult(exitCode, "", exitCode == 0 ? "" : "Failed to save\n  rules");
      };

  @TempDir Path tmp;

  @Test
  void notificationsNameTheJvmAsSender() {
    SystemdNotifier notifier = new SystemdNotifier(commands, 4242);

    notifier.extendStartTimeout(Duration.ofSeconds(60));
    notifier.ready();

    assertThat(ran)
        .containsExactly(
            List.of("systemd-notify", "--pid=4242", "EXTEND_TIMEOUT_USEC=60000000"),
            List.of("systemd-notify", "--pid=4242", "--ready"));
  }

  @Test
  void rulesAreSavedWithTheWatcherScriptWhenInstalled() throws Exception {
    Path script = Files.createFile(tmp.resolve("watcher.sh"));
    script.toFile().setExecutable(true);

    RulesSaver.Saved saved = new WatcherRulesSaver(commands, script).save();

    assertThat(ran).containsExactly(List.of(script.toString()));
    assertThat(saved).isEqualTo(new RulesSaver.Saved(true, "saved iptables rules with " + script));
  }

  @Test
  void withoutTheScriptNothingSavesTheWholeRuleset() {
    Path absent = tmp.resolve("absent.sh");

    RulesSaver.Saved saved = new WatcherRulesSaver(commands, absent).save();

    // netfilter-persistent save would store create_ap's and Docker's rules too: never run it.
    assertThat(ran).isEmpty();
    assertThat(saved)
        .isEqualTo(new RulesSaver.Saved(false, "could not save iptables rules: " + absent + " is not installed"));
  }
}
