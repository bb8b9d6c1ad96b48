package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.testing.MutableClock;

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
  void messagesAreSdNotifysAndTheWatchdogIsFedAtMostEveryThirdOfItsTime() {
    List<String> sent = new ArrayList<>();
    MutableClock clock = new MutableClock(java.time.Instant.EPOCH);
    SystemdNotifier notifier =
        new SystemdNotifier(sent::add, clock, Duration.ofSeconds(10).dividedBy(3));

    notifier.extendStartTimeout(Duration.ofSeconds(60));
    notifier.ready();
    notifier.status("Starting Slips since x");
    notifier.status("Starting Slips since x");
    for (int second = 0; second < 10; second++) {
      notifier.watchdog();
      clock.advance(Duration.ofSeconds(1));
    }
    notifier.status("Protecting since y");

    assertThat(sent)
        .containsExactly(
            "EXTEND_TIMEOUT_USEC=60000000",
            "READY=1",
            "STATUS=Starting Slips since x",
            "WATCHDOG=1",
            "WATCHDOG=1",
            "WATCHDOG=1",
            "STATUS=Protecting since y");
  }

  /**
   * No way a send fails (the socket gone, a bad answer, no libc for JNA) reaches the runner's loop,
   * and the next message is still tried: systemd may be back.
   */
  @Test
  void aFailedSendIsNotFatal() {
    List<String> tried = new ArrayList<>();
    List<Throwable> failures =
        List.of(
            new java.io.IOException("no socket"),
            new IllegalStateException("bad address"),
            new UnsatisfiedLinkError("no libc"));
    SystemdNotifier notifier =
        new SystemdNotifier(
            m -> {
              tried.add(m);
              Throwable failure = failures.get((tried.size() - 1) % failures.size());
              if (failure instanceof java.io.IOException io) {
                throw io;
              }
              if (failure instanceof RuntimeException runtime) {
                throw runtime;
              }
              throw (Error) failure;
            },
            new MutableClock(java.time.Instant.EPOCH),
            Duration.ofSeconds(1));

    assertThatCode(
            () -> {
              notifier.ready();
              notifier.watchdog();
              notifier.status("Protecting since y");
              notifier.extendStartTimeout(Duration.ofSeconds(60));
            })
        .doesNotThrowAnyException();
    assertThat(tried)
        .containsExactly(
            "READY=1", "WATCHDOG=1", "STATUS=Protecting since y", "EXTEND_TIMEOUT_USEC=60000000");
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
        .isEqualTo(
            new RulesSaver.Saved(
                false, "could not save iptables rules: " + absent + " is not installed"));
  }
}
