package org.slipsfailover.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slipsfailover.host.Pause;
import org.slipsfailover.probe.RunnerStatus;
import org.slipsfailover.testing.MutableClock;

class ProtectionWaitTest {
  static final Duration LIMIT = Duration.ofSeconds(180);

  final MutableClock clock = new MutableClock();
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final List<Duration> pauses = new ArrayList<>();

  /** Moves the fake clock on instead of waiting; returns at once when the wait is interrupted. */
  final Pause pause =
      (length, early) -> {
        pauses.add(length);
        if (!early.isDone()) {
          clock.advance(length);
        }
      };

  static final Facts STARTING = new TestFacts().runner(RunnerStatus.Phase.STARTING).build();
  static final Facts PROTECTING = new TestFacts().runner(RunnerStatus.Phase.PROTECTING).build();
  static final Facts WAITING_FOR_AP =
      new TestFacts().runner(RunnerStatus.Phase.WAITING_FOR_AP).build();

  ProtectionWait waitOn(Supplier<Facts> facts) {
    return new ProtectionWait(
        facts,
        clock,
        pause,
        Duration.ofSeconds(1),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  String lastLine() {
    // What the terminal shows last: after the last newline and the last "clear the line".
    String[] lines = output().split("\n");
    String[] repaints = lines[lines.length - 1].split("\r\033\\[K");
    return repaints[repaints.length - 1];
  }

  /** Not protecting, then protecting from the {@code n}-th look on. */
  static Supplier<Facts> protectingAfter(int n, Facts before) {
    int[] looks = {0};
    return () -> ++looks[0] >= n ? PROTECTING : before;
  }

  @Test
  void protectingAfterSomeLooksSaysProtectedWithTheTimeItTook() {
    boolean protecting = waitOn(protectingAfter(5, STARTING)).await(LIMIT, true);

    assertThat(protecting).isTrue();
    assertThat(lastLine())
        .isEqualTo("PROTECTED: Slips is protecting and the access point is up (took 4 s)");
    assertThat(pauses).hasSize(4);
    // The spinner said what it waited for, from the runner's state.
    assertThat(output()).contains("waiting for Slips to start");
  }

  @Test
  void neverProtectingEndsAtTheLimitWithoutAProtectedLine() {
    boolean protecting = waitOn(() -> WAITING_FOR_AP).await(LIMIT, true);

    assertThat(protecting).isFalse();
    assertThat(output()).doesNotContain("PROTECTED:").contains("waiting for the access point");
    assertThat(lastLine()).startsWith("NOT PROTECTED after 180 s: waiting for the access point");
    assertThat(clock.instant()).isEqualTo(new MutableClock().instant().plus(LIMIT));
  }

  @Test
  void withoutATerminalItEndsAtOnceWithTheStartingLine() {
    boolean protecting = waitOn(protectingAfter(2, STARTING)).await(LIMIT, false);

    assertThat(protecting).isFalse();
    assertThat(pauses).isEmpty();
    assertThat(output()).doesNotContain("PROTECTED:").doesNotContain("\r");
    assertThat(output().lines())
        .containsExactly(
            "NOT PROTECTED yet: Slips is starting: it protects once its Redis and a Zeek per"
                + " interface answer",
            ProtectionWait.STARTING);
  }

  @Test
  void withoutATerminalAProtectingSlipsIsSaidToProtect() {
    assertThat(waitOn(() -> PROTECTING).await(LIMIT, false)).isTrue();
    assertThat(output().lines())
        .containsExactly("PROTECTED: Slips is protecting and the access point is up (took 0 s)");
  }

  @Test
  void ctrlCEndsTheWaitAtOnceWithTheStartingLineAndNoProtectedLineAfterIt() {
    ProtectionWait[] wait = new ProtectionWait[1];
    int[] looks = {0};
    // Ctrl-C during the third look, which would have said protecting.
    wait[0] =
        waitOn(
            () -> {
              if (++looks[0] == 3) {
                wait[0].interrupt();
                return PROTECTING;
              }
              return STARTING;
            });

    boolean protecting = wait[0].await(LIMIT, true);

    assertThat(protecting).isFalse();
    assertThat(output()).doesNotContain("PROTECTED:");
    assertThat(lastLine()).isEqualTo(ProtectionWait.STARTING);
    assertThat(looks[0]).isEqualTo(3);
  }

  @Test
  void ctrlCDuringAPauseEndsItAtOnce() {
    CompletableFuture<Void> paused = new CompletableFuture<>();
    ProtectionWait[] wait = new ProtectionWait[1];
    Pause interruptedInThePause =
        (length, early) -> {
          wait[0].interrupt();
          assertThat(early).isDone();
          paused.complete(null);
        };
    wait[0] =
        new ProtectionWait(
            () -> STARTING,
            clock,
            interruptedInThePause,
            Duration.ofSeconds(1),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(wait[0].await(LIMIT, true)).isFalse();
    assertThat(paused).isDone();
    assertThat(lastLine()).isEqualTo(ProtectionWait.STARTING);
  }

  @Test
  void hostileReasonsAreEscapedOnTheSpinnerLine() {
    // Bidi controls and backslashes: OneLine escapes them too from the host-hardening branch on.
    Facts hostile = new TestFacts().unsafePath("/home/pi/\u001b[2Jevil\nNEXT").build();
    waitOn(() -> hostile).await(Duration.ofSeconds(1), true);
    assertThat(output()).doesNotContain("\u001b[2J").contains("\\x1b[2J").doesNotContain("\nNEXT");
  }
}
