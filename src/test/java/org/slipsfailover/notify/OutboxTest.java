package org.slipsfailover.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.testing.MutableClock;

/**
 * The outbox on a real spool file in a temporary root (these tests run as root, as the runner
 * does), with a fake sender and a clock the test moves.
 */
class OutboxTest {
  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T01:00:00Z"));
  private final List<String> titles = new ArrayList<>();
  private final AtomicBoolean receiverUp = new AtomicBoolean(true);

  private final Sender fake =
      (title, body, protecting) -> {
        if (!receiverUp.get()) {
          return new Sender.Attempt(false, "apprise exit 1");
        }
        titles.add(title + " | " + body);
        return Sender.Attempt.sent();
      };

  private Outbox outbox(HostRoot root) {
    return new Outbox(new SpoolFile(root), fake, () -> true, clock, Pacing.DEFAULT, () -> "pi");
  }

  private static Outbox.Recorded down(MutableClock clock, String cause) {
    return new Outbox.Recorded(
        ProtectionChange.down(clock.millis(), cause, "Container 'slips' ended", true), false);
  }

  private static Outbox.Recorded up(MutableClock clock) {
    return new Outbox.Recorded(ProtectionChange.up(clock.millis()), false);
  }

  /** A second later the pass has sent exactly one message and has nothing left to wait for. */
  private void assertTheGatherWindowEndsWithOneMessage(Outbox o, String start, String part) {
    clock.advance(Duration.ofSeconds(1));
    assertThat(o.pass(List.of())).isZero();
    assertThat(titles).singleElement().asString().startsWith(start).contains(part);
  }

  @Test
  void aChangeGoesOutAfterTheGatherWindowAndTheSpoolIsRootsAlone() throws Exception {
    HostRoot root = HostRoot.of(dir);
    Outbox o = outbox(root);
    long due = o.pass(List.of(down(clock, "container_ended")));
    assertThat(titles).isEmpty();
    assertThat(due).isEqualTo(clock.millis() + 1000);
    assertTheGatherWindowEndsWithOneMessage(
        o, "pi: NOT PROTECTED, Slips' container ended; Wi-Fi cut |", "Container 'slips' ended");
    Path spool = root.resolve(NotifyFiles.SPOOL);
    assertThat(Files.getPosixFilePermissions(spool))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(new SpoolFile(root).read().lastSentTitle()).startsWith("pi: NOT PROTECTED");
  }

  @Test
  void aReceiverDownIsRetriedAndARestartedRunnerLosesNothing() {
    HostRoot root = HostRoot.of(dir);
    receiverUp.set(false);
    Outbox first = outbox(root);
    first.pass(List.of(down(clock, "container_ended")));
    clock.advance(Duration.ofSeconds(1));
    long retry = first.pass(List.of());
    assertThat(retry).isEqualTo(clock.millis() + 5000);
    assertThat(new SpoolFile(root).read().pending()).hasSize(1);
    // Two minutes later, with a new runner (a new outbox on the same spool): back, and up again.
    clock.advance(Duration.ofMinutes(2));
    receiverUp.set(true);
    Outbox second = outbox(root);
    second.pass(List.of(up(clock)));
    assertTheGatherWindowEndsWithOneMessage(
        second,
        "pi: protecting again after 2 min 1 s (2 changes) |",
        "not protected: Slips' container ended");
  }

  @Test
  void aCrashLoopSendsAHandfulSayingHowManyTheyFold() {
    HostRoot root = HostRoot.of(dir);
    Outbox o = outbox(root);
    long next = 0;
    // 100 changes over ten minutes: down and up every 6 s, each pass when the runner says so.
    for (int i = 0; i < 100; i++) {
      next = o.pass(List.of(i % 2 == 0 ? down(clock, "container_ended") : up(clock)));
      clock.advance(Duration.ofSeconds(6));
      if (next != 0 && clock.millis() >= next) {
        next = o.pass(List.of());
      }
    }
    while (next != 0) {
      clock.advance(Duration.ofMillis(Math.max(0, next - clock.millis())));
      next = o.pass(List.of());
    }
    // Three at once, then at most three per five minutes, the rest folded into them.
    assertThat(titles).hasSizeBetween(3, 10);
    assertThat(titles).anySatisfy(t -> assertThat(t).containsPattern("\\(4\\d changes\\)"));
    int told =
        titles.stream()
            .mapToInt(
                t -> {
                  var m = java.util.regex.Pattern.compile("\\((\\d+) changes\\)").matcher(t);
                  return m.find() ? Integer.parseInt(m.group(1)) : 1;
                })
            .sum();
    assertThat(told).isEqualTo(100);
  }

  @Test
  void withoutAUrlNothingIsWrittenNorSent() {
    HostRoot root = HostRoot.of(dir);
    Outbox off =
        new Outbox(new SpoolFile(root), fake, () -> false, clock, Pacing.DEFAULT, () -> "pi");
    assertThat(off.pass(List.of(down(clock, "container_ended")))).isZero();
    assertThat(Files.exists(root.resolve(NotifyFiles.SPOOL))).isFalse();
    assertThat(titles).isEmpty();
  }

  @Test
  void anotherSenderAtItMeansTryAgainSoon() throws Exception {
    HostRoot root = HostRoot.of(dir);
    SpoolFile spool = new SpoolFile(root);
    Outbox o = outbox(root);
    o.pass(List.of(down(clock, "container_ended")));
    clock.advance(Duration.ofSeconds(1));
    // The lock held by another process (the flush unit), as Java holds it: a POSIX record lock.
    Path lock = root.resolve(NotifyFiles.SEND_LOCK);
    Process holder =
        new ProcessBuilder(
                "python3",
                "-c",
                "import fcntl,sys,time; f=open(sys.argv[1],'w'); fcntl.lockf(f, fcntl.LOCK_EX);"
                    + " print('held', flush=True); time.sleep(600)",
                lock.toString())
            .start();
    try {
      assertThat(new String(holder.getInputStream().readNBytes(4))).isEqualTo("held");
      assertThat(o.pass(List.of())).isEqualTo(clock.millis() + 5000);
      assertThat(titles).isEmpty();
    } finally {
      holder.descendants().forEach(ProcessHandle::destroyForcibly);
      holder.destroyForcibly().waitFor();
    }
    assertThat(o.pass(List.of())).isZero();
    assertThat(titles).hasSize(1);
  }
}
