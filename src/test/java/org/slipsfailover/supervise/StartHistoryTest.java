package org.slipsfailover.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartHistoryTest {
  @TempDir Path tmp;

  @Test
  void startsAreReadBackInOrderFromARootOnlyFile() throws Exception {
    Path dir = tmp.resolve("run/slips-failover");
    StartHistory history = new StartHistory(dir);
    Instant first = Instant.ofEpochMilli(1_000);
    Instant second = Instant.ofEpochMilli(2_000);

    history.recordStart(first);
    history.recordStart(second);

    assertThat(new StartHistory(dir).starts()).containsExactly(first, second);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("starts"))))
        .isEqualTo("rw-------");
  }

  @Test
  void onlyTheLastStartsAreKept() {
    StartHistory history = new StartHistory(tmp);
    for (int i = 0; i < StartHistory.KEEP + 7; i++) {
      history.recordStart(Instant.ofEpochMilli(i));
    }
    assertThat(history.starts()).hasSize(StartHistory.KEEP).startsWith(Instant.ofEpochMilli(7));
  }

  @Test
  void aTornLineOrNoFileReadsAsLessHistory() throws Exception {
    assertThat(new StartHistory(tmp).starts()).isEmpty();
    Files.writeString(tmp.resolve("starts"), "start 5\nstart 12x\nstart");
    assertThat(new StartHistory(tmp).starts()).containsExactly(Instant.ofEpochMilli(5));
  }
}
