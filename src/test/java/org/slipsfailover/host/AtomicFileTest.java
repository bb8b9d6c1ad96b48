package org.slipsfailover.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AtomicFileTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"rw-------", "rw-r--r--", "rwxrw-rw-"})
  void theNewFileHasExactlyTheModeAskedWhateverTheUmask(String mode) throws Exception {
    Path target = tmp.resolve("f");

    AtomicFile.replace(target, bytes("new\n"), mode, false);

    assertThat(Files.readString(target)).isEqualTo("new\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo(mode);
    assertThat(names()).containsExactly("f");
  }

  @Test
  void theOldFileIsReplacedByARenameNotRewrittenInPlace() throws Exception {
    // A reader that opened the old file keeps reading it whole: the new bytes go to another inode.
    Path target = Files.writeString(tmp.resolve("f"), "old\n");
    Path readerOfTheOld = Files.createLink(tmp.resolve("reader"), target);

    AtomicFile.replace(target, bytes("new and longer\n"), "rw-------", true);

    assertThat(Files.readString(target)).isEqualTo("new and longer\n");
    assertThat(Files.readString(readerOfTheOld)).isEqualTo("old\n");
    assertThat(names()).containsExactlyInAnyOrder("f", "reader");
  }

  @Test
  void aLinkAtTheTargetIsReplacedNotFollowed() throws Exception {
    Path victim =
        Files.writeString(Files.createDirectory(tmp.resolve("etc")).resolve("v"), "keep\n");
    Path target = Files.createSymbolicLink(tmp.resolve("f"), victim);

    AtomicFile.replace(target, bytes("new\n"), "rw-------", false);

    assertThat(Files.readString(victim)).isEqualTo("keep\n");
    assertThat(Files.isSymbolicLink(target)).isFalse();
    assertThat(Files.readString(target)).isEqualTo("new\n");
  }

  @Test
  void aFailedRenameLeavesTheTargetAndNoTemporaryFile() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("f")); // a full folder cannot be replaced
    Files.writeString(target.resolve("inside"), "keep\n");

    assertThatThrownBy(() -> AtomicFile.replace(target, bytes("new\n"), "rw-------", true))
        .isInstanceOf(IOException.class);

    assertThat(Files.readString(target.resolve("inside"))).isEqualTo("keep\n");
    assertThat(names()).containsExactly("f");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<String> names() throws IOException {
    try (var files = Files.list(tmp)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
