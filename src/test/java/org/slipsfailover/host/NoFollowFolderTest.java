package org.slipsfailover.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoFollowFolderTest {
  @TempDir Path tmp;

  @Test
  void replacesTheFileWithItsModeAndLeavesNoTemporaryFile() throws Exception {
    Path folder = Files.createDirectory(tmp.resolve("node-exporter"));
    Files.writeString(folder.resolve("m.prom"), "old\n");

    NoFollowFolder.replace(folder, "m.prom", "new\n".getBytes(StandardCharsets.UTF_8), "rw-r--r--");

    assertThat(Files.readString(folder.resolve("m.prom"))).isEqualTo("new\n");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("m.prom"))))
        .isEqualTo("rw-r--r--");
    try (var files = Files.list(folder)) {
      assertThat(files).containsExactly(folder.resolve("m.prom"));
    }
  }

  @Test
  void aFolderSwappedForALinkGetsNothing() throws Exception {
    // The folder's owner (user prometheus on Debian) puts a link to a folder of root's in its
    // place: nothing may land there.
    Path rootsFolder = Files.createDirectory(tmp.resolve("etc-logrotate.d"));
    Path parent = Files.createDirectory(tmp.resolve("prometheus"));
    Files.createSymbolicLink(parent.resolve("node-exporter"), rootsFolder);

    assertThatThrownBy(
            () ->
                NoFollowFolder.replace(
                    parent.resolve("node-exporter"), "m.prom", new byte[] {1}, "rw-r--r--"))
        .isInstanceOf(IOException.class);
    try (var files = Files.list(rootsFolder)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aLinkAtTheFileOrItsTemporaryNameIsReplacedNotFollowed() throws Exception {
    Path folder = Files.createDirectory(tmp.resolve("f"));
    Path victim = Files.writeString(tmp.resolve("victim"), "keep\n");
    Files.createSymbolicLink(folder.resolve("m.prom"), victim);
    Files.createSymbolicLink(folder.resolve(".m.prom.tmp"), victim);

    NoFollowFolder.replace(folder, "m.prom", "new\n".getBytes(StandardCharsets.UTF_8), "rw-r--r--");

    assertThat(Files.readString(victim)).isEqualTo("keep\n");
    assertThat(Files.isSymbolicLink(folder.resolve("m.prom"))).isFalse();
    assertThat(Files.readString(folder.resolve("m.prom"))).isEqualTo("new\n");
  }
}
