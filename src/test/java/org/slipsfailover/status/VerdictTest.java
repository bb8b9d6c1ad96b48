package org.slipsfailover.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.slipsfailover.status.TestFacts.unit;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.docker.ContainerState;

class VerdictTest {

  static Facts protectedFacts() {
    return new TestFacts().build();
  }

  @Test
  void allUpIsProtected() {
    assertThat(Verdict.of(protectedFacts()).protectedNow()).isTrue();
  }

  @Test
  void anUnsafePathComesFirstEvenBeforeTheCrashLoopItCauses() {
    Facts ok = protectedFacts();
    Facts unsafe =
        new TestFacts()
            .service(unit("slips.service", "failed", "start-limit-hit"))
            .unsafePath("/home/pi/StratosphereLinuxIPS/output is a symlink")
            .build();
    assertThat(Verdict.of(unsafe).headline())
        .startsWith(
            "NOT PROTECTED: unsafe path: /home/pi/StratosphereLinuxIPS/output is a symlink (the runner does not"
                + " start Slips");
  }

  @Test
  void eachBrokenPartNamesItsReason() {
    Facts ok = protectedFacts();
    assertThat(Verdict.of(Facts.notInstalled(ok.service(), ok.timer(), List.of())).reason())
        .startsWith("not installed");
    assertThat(
            Verdict.of(
                    new TestFacts()
                        .service(unit("slips.service", "failed", "start-limit-hit"))
                        .build())
                .reason())
        .startsWith("crash loop");
    assertThat(
            Verdict.of(
                    new TestFacts()
                        .service(unit("slips.service", "activating", "exit-code"))
                        .build())
                .reason())
        .startsWith("Slips is down");
    assertThat(
            Verdict.of(
                    new TestFacts()
                        .container(
                            Optional.of(
                                new ContainerState(
                                    "slips",
                                    false,
                                    "img",
                                    Optional.empty(),
                                    Optional.empty(),
                                    137,
                                    false,
                                    0)))
                        .build())
                .reason())
        .startsWith("Slips is down");
    assertThat(
            Verdict.of(new TestFacts().accessPoint(new Facts.AccessPoint(false, "none")).build())
                .reason())
        .startsWith("the access point is cut");
    assertThat(
            Verdict.of(
                    new TestFacts()
                        .timer(unit("iptables-watcher.timer", "inactive", "success"))
                        .build())
                .reason())
        .startsWith("the iptables watcher is stopped");
  }

  @Test
  void anUnreadableEngineDefersToTheService() {
    Facts ok = protectedFacts();
    Facts noEngine =
        new TestFacts()
            .container(Optional.empty())
            .unreadable("the Docker engine (permission denied)")
            .build();
    assertThat(Verdict.of(noEngine).protectedNow()).isTrue();
  }

  @Test
  void systemd252sCrashLoopIsAFailedUnitRestartedUpToTheBurst() {
    assertThat(failedServiceReason(4, 0)).startsWith("crash loop");
    assertThat(failedServiceReason(2, ExitCode.GAVE_UP.number())).startsWith("crash loop");
    assertThat(failedServiceReason(0, 1)).startsWith("Slips is down");
  }

  /** The verdict's reason for a failed slips.service (Result=exit-code, as systemd 252 keeps). */
  private static String failedServiceReason(int restarts, int exitStatus) {
    Facts.Unit failed =
        new Facts.Unit(
            "slips.service",
            "failed",
            "failed",
            "exit-code",
            Optional.empty(),
            restarts,
            Optional.empty(),
            exitStatus);
    return Verdict.of(new TestFacts().service(failed).build()).reason();
  }
}
