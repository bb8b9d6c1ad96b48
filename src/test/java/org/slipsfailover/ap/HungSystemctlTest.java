package org.slipsfailover.ap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.host.CommandLimits;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.ProcessCommands;

/**
 * A create_ap that systemd runs is stopped with {@code systemctl stop}. A {@code systemctl} that
 * never returns (a stuck D-Bus; here a real stand-in process that sleeps) is killed at its limit
 * from {@link CommandLimits}, and the cut goes on by signalling create_ap itself.
 */
class HungSystemctlTest {
  private static final InterfacePair PAIR = new InterfacePair("wlan0", "eth0");
  private static final long AP = 900_101;

  @TempDir Path root;

  @Test
  void aSystemctlThatNeverReturnsDoesNotHoldTheCutBeyondItsLimit() throws Exception {
    FakeProc proc = new FakeProc(root);
    proc.process(1, 0, 1, "/usr/lib/systemd/systemd", "/sbin/init");
    proc.process(AP, 1, 1000, "/usr/bin/bash", "/bin/bash", "/usr/bin/create_ap", "wlan0", "eth0");
    proc.cgroup(AP, "/system.slice/create_ap.service");
    Path standin = Files.createDirectories(root.resolve("bin")).resolve("systemctl");
    Files.writeString(standin, "#!/bin/sh\nsleep 600\n");
    Files.setPosixFilePermissions(standin, PosixFilePermissions.fromString("rwx------"));
    ProcessCommands real = new ProcessCommands();
    // The stand-in answers to the name "systemctl", so its limit is the real table's.
    Commands commands =
        argv -> {
          List<String> replaced = new ArrayList<>(argv);
          if (argv.get(0).equals("systemctl")) {
            replaced.set(0, standin.toString());
          }
          return real.run(replaced);
        };
    List<Long> signalled = new ArrayList<>();
    ProcessSignaller signaller =
        (pid, kill, stillSame) -> {
          signalled.add(pid);
          proc.exit(pid);
          return true;
        };
    CutTiming timing =
        new CutTiming(Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofMillis(100));
    Duration limit = CommandLimits.of(List.of("systemctl", "stop", "create_ap.service"));

    long start = System.nanoTime();
    CutOutcome outcome =
        new ProcAccessPoints(proc.host(), proc.tmp(), commands, timing, signaller).cut(PAIR);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(outcome.down()).isTrue();
    assertThat(signalled).containsExactly(AP);
    assertThat(outcome.how())
        .contains(
            "systemctl stop create_ap.service failed (timed out after "
                + limit.toSeconds()
                + " s and was killed)");
    // Held for the limit, not for the stand-in's 600 s: the upper bound catches a cut that waits
    // for systemctl, not a slow machine; that it was killed at its limit, the line above says.
    assertThat(took).isGreaterThanOrEqualTo(limit).isLessThan(limit.plusSeconds(120));
  }
}
