package org.slipsfailover.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.SlipsFolderNames;

/**
 * The Slips folder of a login user (uid 1000 here) as root uses it, with links planted where root
 * writes, creates or mounts: each is refused, and nothing is written through it. Real files, as
 * root.
 */
class SlipsFolderTest {
  private static final int USER = 1000;

  @TempDir Path tmp;
  private Path slips;

  /** What a planted link points to: must stay exactly as it is. */
  private Path victimDir;

  private Path victim;

  @BeforeEach
  void userFolder() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path user = Files.createDirectories(home.resolve("pi"));
    slips = Files.createDirectories(user.resolve("StratosphereLinuxIPS"));
    chown(user, USER);
    chown(slips, USER);
    victimDir = Files.createDirectories(tmp.resolve("etc"));
    victim = Files.writeString(victimDir.resolve("shadow"), "root's secret\n");
  }

  @Test
  void aFolderOwnedByTheLoginUserIsFineAndRootCreatesOutputInIt() throws Exception {
    assertThat(SlipsFolder.problem(slips)).isEmpty();
    SlipsFolder.prepare(slips);
    Path output = slips.resolve("output");
    assertThat(output).isDirectory();
    assertThat(Files.isSymbolicLink(output)).isFalse();
    assertThat(Files.getAttribute(output, "unix:uid")).isEqualTo(0);
  }

  @Test
  void theSlipsFolderItselfAsALinkIsRefused() throws Exception {
    Path link = Files.createSymbolicLink(slips.resolveSibling("slips-link"), victimDir);
    assertThat(SlipsFolder.problem(link)).get().asString().contains(link + " is a symlink");
    assertThatThrownBy(() -> SlipsFolder.prepare(link)).isInstanceOf(UnsafePathException.class);
    assertThatThrownBy(() -> new SafeRollingLog(link, 1000).append(line("x")))
        .isInstanceOf(UnsafePathException.class);
    assertUntouched();
  }

  @Test
  void outputAsALinkIsRefusedAndNothingIsCreatedThrough() throws Exception {
    Files.createSymbolicLink(slips.resolve("output"), victimDir);
    assertThat(SlipsFolder.problem(slips)).get().asString().contains("output is a symlink");
    assertThatThrownBy(() -> SlipsFolder.prepare(slips)).isInstanceOf(UnsafePathException.class);
    assertUntouched();
  }

  /** The folder's check names {@code problem}, and the log refuses to write a line through it. */
  private void assertTheFolderNamesAndTheLogRefuses(String problem) throws Exception {
    assertThat(SlipsFolder.problem(slips)).get().asString().contains(problem);
    try (SafeRollingLog log = new SafeRollingLog(slips, 1000)) {
      assertThatThrownBy(() -> log.append(line("forged"))).isInstanceOf(UnsafePathException.class);
    }
  }

  @Test
  void theLogAsALinkIsRefusedAndNothingIsWrittenThrough() throws Exception {
    Files.createSymbolicLink(slips.resolve(SlipsFolderNames.LOG), victim);
    assertTheFolderNamesAndTheLogRefuses("slips_container.log is a symlink");
    assertUntouched();
  }

  @Test
  void aRolledLogAsALinkIsRefused() throws Exception {
    Files.createSymbolicLink(slips.resolve(SlipsFolderNames.rolled(2)), victim);
    assertTheFolderNamesAndTheLogRefuses("slips_container.log.2 is a symlink");
    assertUntouched();
  }

  @Test
  void aLogHardLinkedToAnotherFileIsRefused() throws Exception {
    Files.createLink(slips.resolve(SlipsFolderNames.LOG), victim);
    assertTheFolderNamesAndTheLogRefuses("hard link");
    assertThat(victim).hasContent("root's secret");
  }

  @Test
  void foldersAboveThatSomeoneElseCanWriteAreRefused() throws Exception {
    Path home = tmp.resolve("home");
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxr-x"));
    assertThat(SlipsFolder.problem(slips))
        .get()
        .asString()
        .contains(home + " (above the Slips folder) is writable");
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    chown(home, 2000);
    assertThat(SlipsFolder.problem(slips)).get().asString().contains("owned by uid 2000");
    chown(home, 0);
    Files.setPosixFilePermissions(slips, PosixFilePermissions.fromString("rwxrwxr-x"));
    assertThat(SlipsFolder.problem(slips))
        .get()
        .asString()
        .contains("the Slips folder " + slips + " is writable");
  }

  @Test
  void theLogRollsSafelyAndLinksPlantedMeanwhileAreNeverWrittenThrough() throws Exception {
    try (SafeRollingLog log = new SafeRollingLog(slips, 100)) {
      for (int i = 0; i < 30; i++) {
        log.append(line("line " + i + " of the runner's log"));
      }
      // The owner swaps the live log and the newest rolled one for links.
      Files.delete(slips.resolve(SlipsFolderNames.LOG));
      Files.createSymbolicLink(slips.resolve(SlipsFolderNames.LOG), victim);
      Files.delete(slips.resolve(SlipsFolderNames.rolled(1)));
      Files.createSymbolicLink(slips.resolve(SlipsFolderNames.rolled(1)), victim);
      for (int i = 30; i < 40; i++) {
        log.append(line("line " + i + " of the runner's log"));
      }
    }
    assertUntouched();
    try (Stream<Path> files = Files.list(slips)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "slips_container.log",
              "slips_container.log.1",
              "slips_container.log.2",
              "slips_container.log.3",
              "slips_container.log.4");
    }
    Path live = slips.resolve(SlipsFolderNames.LOG);
    assertThat(Files.isRegularFile(live, LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.getAttribute(live, "unix:uid")).isEqualTo(0);
    assertThat(live).content().contains("line 39");
  }

  @Test
  void theFolderSwappedForALinkAfterOpeningRedirectsNothing() throws Exception {
    try (SafeRollingLog log = new SafeRollingLog(slips, 10_000)) {
      log.append(line("before the swap"));
      Path moved = Files.move(slips, slips.resolveSibling("moved"));
      Files.createSymbolicLink(slips, victimDir);
      log.append(line("after the swap"));
      assertThat(moved.resolve(SlipsFolderNames.LOG))
          .content()
          .contains("before the swap", "after the swap");
    }
    assertUntouched();
  }

  private void assertUntouched() throws Exception {
    assertThat(victim).hasContent("root's secret");
    try (Stream<Path> files = Files.list(victimDir)) {
      assertThat(files).containsExactly(victim);
    }
  }

  private static byte[] line(String text) {
    return (text + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void chown(Path p, int uid) throws Exception {
    Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
  }
}
