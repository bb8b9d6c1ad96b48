package org.slipsfailover.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install's copy of the jar it runs from: the file the JVM holds open (held here by the test,
 * as the JVM's class loader holds its jar), never what a user swapped in at the path since.
 */
class RunningJarTest {
  @TempDir Path tmp;

  @Test
  void theJarIsReadAsTheJvmHoldsIt() throws IOException {
    Path jar = Files.write(tmp.resolve("failover.jar"), new byte[] {'P', 'K', 1});
    try (RandomAccessFile running = new RandomAccessFile(jar.toFile(), "r")) {
      assertThat(RunningJar.read(jar)).containsExactly('P', 'K', 1);
    }
  }

  @Test
  void aJarSwappedAfterTheStartIsNotCopied() throws IOException {
    Path jar = Files.write(tmp.resolve("failover.jar"), new byte[] {'P', 'K', 1});
    try (RandomAccessFile running = new RandomAccessFile(jar.toFile(), "r")) {
      // The folder's owner, after the checksum check: the checked jar moved away, another in place.
      Files.move(jar, tmp.resolve("checked.jar"));
      Files.write(jar, new byte[] {'E', 'V', 'I', 'L'});

      assertThatThrownBy(() -> RunningJar.read(jar))
          .isInstanceOf(UnsafePathException.class)
          .hasMessageContaining("is not the file this program started from");
    }
  }
}
