package org.slipsfailover.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.testing.MutableClock;

/** What status says: where (scheme and host), the last sent, what is pending; never a token. */
class NotifyStatusTest {
  @TempDir Path dir;

  @Test
  void offWithoutAFile() {
    NotifyStatus s = NotifyStatus.read(HostRoot.of(dir));
    assertThat(s.lines()).containsExactly("off (install --notify URL turns them on)");
    assertThat(s.json()).containsEntry("receivers", List.of()).containsEntry("pending", 0);
  }

  @Test
  void theLastSentAndThePendingWithoutAnySecret() throws Exception {
    HostRoot root = HostRoot.of(dir);
    Path file = dir.resolve(NotifyFiles.URLS.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, NotifyUrls.format(List.of("ntfy://ntfy.sh/s3cret-topic")));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    MutableClock clock = new MutableClock(Instant.parse("2026-12-06T01:00:00Z"));
    List<String> sent = new java.util.ArrayList<>();
    boolean[] up = {true};
    Outbox o =
        new Outbox(
            new SpoolFile(root),
            (t, b, p) -> up[0] ? ok(sent, t) : new Sender.Attempt(false, "apprise exit 1"),
            () -> true,
            clock,
            Pacing.DEFAULT,
            () -> "pi");
    o.pass(
        List.of(
            new Outbox.Recorded(
                ProtectionChange.down(clock.millis(), "gave_up", "", true), false)));
    clock.advance(Duration.ofSeconds(1));
    o.pass(List.of());
    up[0] = false;
    o.pass(List.of(new Outbox.Recorded(ProtectionChange.up(clock.millis()), false)));
    clock.advance(Duration.ofSeconds(1));
    o.pass(List.of());
    NotifyStatus s = NotifyStatus.read(root);
    assertThat(s.lines())
        .containsExactly(
            "to ntfy://ntfy.sh",
            "last sent 2026-12-06T01:00:01Z: pi: NOT PROTECTED, systemd gave up restarting Slips;"
                + " Wi-Fi cut; 1 change(s) pending (apprise exit 1)");
    assertThat(s.json().toString()).doesNotContain("s3cret");
    assertThat(s.json()).containsEntry("pending", 1).containsKey("nextTry");
  }

  private static Sender.Attempt ok(List<String> sent, String title) {
    sent.add(title);
    return Sender.Attempt.sent();
  }
}
