package org.slipsfailover.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of /proc, against a fake tree written as the kernel writes it. */
class ProcFsTest {
  @TempDir Path proc;

  private void write(long pid, String file, String text) throws IOException {
    Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(proc.resolve(pid + "/" + file), text);
  }

  private static String stat(long pid, String comm, char state, long startTicks) {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime
    // stime cutime cstime priority nice threads itrealvalue starttime ...
    return pid
        + " ("
        + comm
        + ") "
        + state
        + " 7 8 9 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 "
        + startTicks
        + " 0 0\n";
  }

  @Test
  void readsStatWhateverTheNameHolds() throws IOException {
    write(42, "stat", stat(42, "a) (b c", 'S', 12345));

    ProcFs.Stat s = new ProcFs(proc).stat(42).orElseThrow();

    assertThat(s.id()).isEqualTo(new ProcFs.Pid(42, 12345));
    assertThat(s.ppid()).isEqualTo(7);
    assertThat(s.session()).isEqualTo(9);
    assertThat(s.comm()).isEqualTo("a) (b c");
  }

  @Test
  void aZombieOrAGoneProcessDoesNotLive() throws IOException {
    write(42, "stat", stat(42, "x", 'Z', 1));
    ProcFs fs = new ProcFs(proc);
    assertThat(fs.living(42)).isEmpty();
    assertThat(fs.living(43)).isEmpty();
    assertThat(fs.alive(new ProcFs.Pid(42, 1))).isFalse();
  }

  @Test
  void theSamePidStartedLaterIsAnotherProcess() throws IOException {
    write(42, "stat", stat(42, "x", 'S', 100));
    ProcFs fs = new ProcFs(proc);
    assertThat(fs.alive(new ProcFs.Pid(42, 100))).isTrue();
    assertThat(fs.alive(new ProcFs.Pid(42, 99))).isFalse();
  }

  @Test
  void startInstantCountsTicksFromBoot() throws IOException {
    Files.writeString(proc.resolve("stat"), "cpu 0 0\nbtime 1700000000\n");
    assertThat(new ProcFs(proc).startInstant(new ProcFs.Pid(1, 250)))
        .isEqualTo(Instant.ofEpochSecond(1_700_000_002, 500_000_000));
  }

  @Test
  void runsAsRootOnlyWhenEveryUidIsRoots() throws IOException {
    write(1, "status", "Name:\tx\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
    write(2, "status", "Name:\tx\nUid:\t1000\t0\t0\t0\n"); // a setuid program run by a user
    write(3, "status", "Name:\tx\nUid:\t65534\t65534\t65534\t65534\n");
    ProcFs fs = new ProcFs(proc);
    assertThat(fs.runsAsRoot(1)).isTrue();
    assertThat(fs.runsAsRoot(2)).isFalse();
    assertThat(fs.runsAsRoot(3)).isFalse();
    assertThat(fs.runsAsRoot(4)).as("gone").isFalse();
  }

  @Test
  void aHugeCommandLineIsReadOnlyInPart() throws IOException {
    write(42, "cmdline", "x".repeat(ProcFs.MAX_CMDLINE * 4) + "\0");
    assertThat(new ProcFs(proc).rawCmdline(42)).hasSize(ProcFs.MAX_CMDLINE);
  }
}
