package org.slipsfailover.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.docker.ContainerState;
import org.junit.jupiter.api.Test;
import org.slipsfailover.config.ServiceTimings;

class VerdictTest {
  static Facts.Unit unit(String name, String active, String result) {
    return new Facts.Unit(name, active, active.equals("active") ? "running" : "dead", result,
        Optional.of(Instant.EPOCH), 0, Optional.empty());
  }

  static Facts protectedFacts() {
    return new Facts(true, unit("slips.service", "active", "success"),
        unit("iptables-watcher.timer", "active", "success"),
        Optional.of(new ContainerState("slips", true, "img", Optional.empty(), Optional.empty(), 0, false, 0)),
        Optional.of(new Facts.AccessPoint(true, "create_ap pid 1")), Optional.empty(), List.of(), List.of());
  }

  @Test
  void allUpIsProtected() {
    assertThat(Verdict.of(protectedFacts()).protectedNow()).isTrue();
  }

  @Test
  void anUnsafePathComesFirstEvenBeforeTheCrashLoopItCauses() {
    Facts ok = protectedFacts();
    Facts unsafe = new Facts(true, unit("slips.service", "failed", "start-limit-hit"), ok.timer(),
        ok.container(), ok.accessPoint(), Optional.empty(), List.of(), List.of(),
        Optional.of("/home/pi/StratosphereLinuxIPS/output is a symlink"));
    assertThat(Verdict.of(unsafe).headline()).startsWith(
        "NOT PROTECTED: unsafe path: /home/pi/StratosphereLinuxIPS/output is a symlink (the runner does not"
            + " start Slips");
  }

  @Test
  void eachBrokenPartNamesItsReason() {
    Facts ok = protectedFacts();
    assertThat(Verdict.of(new Facts(false, ok.service(), ok.timer(), Optional.empty(), Optional.empty(),
        Optional.empty(), List.of(), List.of())).reason()).startsWith("not installed");
    assertThat(Verdict.of(new Facts(true, unit("slips.service", "failed", "start-limit-hit"), ok.timer(),
        ok.container(), ok.accessPoint(), Optional.empty(), List.of(), List.of())).reason())
        .startsWith("crash loop");
    assertThat(Verdict.of(new Facts(true, unit("slips.service", "activating", "exit-code"), ok.timer(),
        ok.container(), ok.accessPoint(), Optional.empty(), List.of(), List.of())).reason())
        .startsWith("Slips is down");
    assertThat(Verdict.of(new Facts(true, ok.service(), ok.timer(),
        Optional.of(new ContainerState("slips", false, "img", Optional.empty(), Optional.empty(), 137, false, 0)),
        ok.accessPoint(), Optional.empty(), List.of(), List.of())).reason())
        .startsWith("Slips is down");
    assertThat(Verdict.of(new Facts(true, ok.service(), ok.timer(), ok.container(),
        Optional.of(new Facts.AccessPoint(false, "none")), Optional.empty(), List.of(), List.of())).reason())
        .startsWith("the access point is cut");
    assertThat(Verdict.of(new Facts(true, ok.service(), unit("iptables-watcher.timer", "inactive", "success"),
        ok.container(), ok.accessPoint(), Optional.empty(), List.of(), List.of())).reason())
        .startsWith("the iptables watcher is stopped");
  }

  @Test
  void anUnreadableEngineDefersToTheService() {
    Facts ok = protectedFacts();
    Facts noEngine = new Facts(true, ok.service(), ok.timer(), Optional.empty(), ok.accessPoint(),
        Optional.empty(), List.of(), List.of("the Docker engine (permission denied)"));
    assertThat(Verdict.of(noEngine).protectedNow()).isTrue();
  }

  @Test
  void systemd252sCrashLoopIsAFailedUnitRestartedUpToTheBurst() {
    Facts ok = protectedFacts();
    Facts.Unit gaveUp = new Facts.Unit("slips.service", "failed", "failed", "exit-code",
        Optional.empty(), 4, Optional.empty());
    assertThat(Verdict.of(new Facts(true, gaveUp, ok.timer(), ok.container(), ok.accessPoint(),
        Optional.empty(), List.of(), List.of())).reason()).startsWith("crash loop");
    Facts.Unit runnerGaveUp = new Facts.Unit("slips.service", "failed", "failed", "exit-code",
        Optional.empty(), 2, Optional.empty(), ExitCode.GAVE_UP.number());
    assertThat(Verdict.of(new Facts(true, runnerGaveUp, ok.timer(), ok.container(), ok.accessPoint(),
        Optional.empty(), List.of(), List.of())).reason()).startsWith("crash loop");
    Facts.Unit failedOnce = new Facts.Unit("slips.service", "failed", "failed", "exit-code",
        Optional.empty(), 0, Optional.empty(), 1);
    assertThat(Verdict.of(new Facts(true, failedOnce, ok.timer(), ok.container(), ok.accessPoint(),
        Optional.empty(), List.of(), List.of())).reason()).startsWith("Slips is down");
  }
}
