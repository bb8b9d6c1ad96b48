package org.slipsfailover.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class SlipsBlockingLogTest {
  static final Instant BOOT = Instant.parse("2026-12-06T01:00:00Z");

  /** Slips' words (modules/blocking/unblocker.py, _add_req), as its stand-in writes them. */
  public static String request(String ip) {
    return "2026/12/06 01:42:29.000000+0000 - Registered unblocking request to unblock "
        + ip
        + " at the end of the next timewindow. IP will be blocked for 1 timewindows. Timestamp to"
        + " unblock: 2026-12-06T01:42:34+00:00)\n";
  }

  @TempDir Path output;

  Path log(String run, String text, Instant modified) throws IOException {
    Path file = output.resolve(run).resolve("blocking.log");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(modified));
    return file;
  }

  @Test
  void readsTheRequestsOfRunsWrittenSinceTheBoot() throws IOException {
    log("wlan0_eth0_old", request("192.0.2.1"), BOOT.minusSeconds(60));
    log(
        "wlan0_eth0_new",
        "x - Blocked all traffic from: 192.0.2.3\n" + request("192.0.2.2"),
        BOOT.plusSeconds(60));
    assertThat(new SlipsBlockingLog(output, line -> {}).requestedSince(BOOT))
        .containsExactly("192.0.2.2");
  }

  @Test
  void linksAreNotFollowed(@TempDir Path elsewhere) throws IOException {
    Path target = elsewhere.resolve("blocking.log");
    Files.writeString(target, request("192.0.2.4"));
    Files.createDirectories(output.resolve("run"));
    Files.createSymbolicLink(output.resolve("run/blocking.log"), target);
    Files.createSymbolicLink(output.resolve("linked-run"), elsewhere);
    assertThat(new SlipsBlockingLog(output, line -> {}).requestedSince(Instant.EPOCH)).isEmpty();
  }

  @Test
  void noOutputFolderIsNothing(@TempDir Path slips) {
    assertThat(new SlipsBlockingLog(slips.resolve("output"), line -> {}).requestedSince(BOOT))
        .isEmpty();
  }
}
