package org.slipsfailover.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.SlipsFolderNames;

/**
 * The log as root writes and reads it back in a login user's Slips folder (uid 1000 here) whose
 * owner swaps the log for a link, a FIFO or another file. Real files, as root. Issue 21, item 5.
 */
class SafeRollingLogTest {
  private static final int USER = 1000;

  @TempDir Path tmp;
  private Path slips;
  private Path log;
  private Path victim;

  @BeforeEach
  void userFolder() throws IOException {
    Path user = Files.createDirectories(tmp.resolve("home/pi"));
    slips = Files.createDirectories(user.resolve("StratosphereLinuxIPS"));
    Files.setAttribute(user, "unix:uid", USER, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(slips, "unix:uid", USER, LinkOption.NOFOLLOW_LINKS);
    log = slips.resolve(SlipsFolderNames.LOG);
    victim = Files.writeString(Files.createDirectories(tmp.resolve("etc")).resolve("shadow"), "");
    Files.writeString(victim, "root:secret\n");
  }

  private void append(String... lines) throws IOException {
    try (SafeRollingLog writer = new SafeRollingLog(slips, 1 << 20)) {
      for (String line : lines) {
        writer.append((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void statusReadsTheLastLines() throws IOException {
    append("one", "two", "three");

    assertThat(SafeRollingLog.tail(slips, 2, 1024)).containsExactly("two", "three");
    assertThat(SafeRollingLog.tail(slips, 8, 6)).containsExactly("three");
  }

  @Test
  void aHugeLogIsReadOnlyAtItsEnd() throws IOException {
    append("first");
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      f.setLength(3L << 30); // 3 GiB, sparse: reading it whole runs the JVM out of memory
      f.seek(f.length());
      f.write("\nlast\n".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(SafeRollingLog.tail(slips, 1, 64 * 1024)).containsExactly("last");
  }

  @Test
  void aFifoInPlaceOfTheLogIsRefusedWithoutHanging() throws Exception {
    assertThat(new ProcessCommands().run("mkfifo", log.toString()).ok()).isTrue();

    CompletableFuture<Throwable> read =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                SafeRollingLog.tail(slips, 8, 1024);
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            });

    // A hang is the bug: the limit only catches a missing mechanism.
    assertThat(read.get(30, TimeUnit.SECONDS))
        .isInstanceOf(UnsafePathException.class)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void aFifoSwappedInAfterTheCheckDoesNotBlockTheReadAndIsRefused() throws Exception {
    append("one");
    Path fifo = slips.resolve("fifo");
    assertThat(new ProcessCommands().run("mkfifo", fifo.toString()).ok()).isTrue();
    try (SlipsFolder folder = SlipsFolder.open(slips)) {
      folder.checkLog(SlipsFolderNames.LOG); // checked: a regular file
      Files.move(fifo, log, StandardCopyOption.REPLACE_EXISTING); // then swapped
      CompletableFuture<Throwable> opened =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  SafeRollingLog.checked(
                      folder,
                      folder.openFile(
                          SlipsFolderNames.LOG,
                          Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE)));
                  return null;
                } catch (RuntimeException e) {
                  return e;
                }
              });
      assertThat(opened.get(30, TimeUnit.SECONDS)).isInstanceOf(UnsafePathException.class);
    }
  }

  @Test
  void statusNeverPrintsAnotherFileWhileTheOwnerSwapsTheLogForALink() throws Exception {
    append("the runner's line");
    Path aside = slips.resolve("aside");
    AtomicBoolean swapping = new AtomicBoolean(true);
    Thread owner =
        new Thread(
            () -> {
              while (swapping.get()) {
                try {
                  Files.move(log, aside);
                  Files.createSymbolicLink(log, victim);
                  Files.delete(log);
                  Files.move(aside, log);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            });
    owner.start();
    try {
      for (int i = 0; i < 500; i++) {
        try {
          assertThat(SafeRollingLog.tail(slips, 8, 1024)).doesNotContain("root:secret");
        } catch (UnsafePathException e) {
          // refused while swapped: safe
        }
      }
    } finally {
      swapping.set(false);
      owner.join();
    }
  }

  @Test
  void theWriterRefusesAFileOtherThanTheOneItsNameShows() throws IOException {
    append("one");
    // The owner renamed another file into place, root opened it, and the owner put the log back:
    // the name shows the checked log, the channel holds the other file.
    Path other = Files.writeString(slips.resolve("other"), "");
    try (SlipsFolder folder = SlipsFolder.open(slips);
        FileChannel otherOpened =
            folder.openFile("other", Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND))) {
      assertThatThrownBy(() -> SafeRollingLog.checked(folder, otherOpened))
          .isInstanceOf(UnsafePathException.class)
          .hasMessageContaining("was replaced while being opened");
    }
    assertThat(other).isEmptyFile();
  }

  @Test
  void anOpenChannelIsTheFileItsNameShows() throws IOException {
    append("one");
    try (SlipsFolder folder = SlipsFolder.open(slips);
        FileChannel opened =
            folder.openFile(SlipsFolderNames.LOG, Set.of(StandardOpenOption.READ))) {
      assertThat(OpenedFile.of(opened)).contains(OpenedFile.of(log));
      assertThat(OpenedFile.of(opened)).isNotEqualTo(java.util.Optional.of(OpenedFile.of(victim)));
    }
    assertThat(List.of(log)).allMatch(Files::isRegularFile);
  }
}
