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
  void withoutTheScriptNetfilterPersistentSavesAndAFailureIsOneLine() {
    exitCode = 1;
    Path absent = tmp.resolve("absent.sh");

    RulesSaver.Saved saved = new WatcherRulesSaver(commands, absent).save();

    assertThat(ran).containsExactly(List.of("netfilter-persistent", "save"));
    assertThat(saved.ok()).isFalse();
    assertThat(saved.how())
        .isEqualTo(
            "could not save iptables rules with netfilter-persistent save (" + absent
                + " is not installed) (exit 1): Failed to save rules");
  }
}
