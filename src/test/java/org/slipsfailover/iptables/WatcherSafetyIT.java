package org.slipsfailover.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.iptables.Netns.Family;
import org.slipsfailover.testing.Poll;

/** The saved files are private and replaced whole; planted symlinks redirect no write. */
class WatcherSafetyIT extends NamespaceTest {
  static final String VICTIM_TEXT = "not the watcher's to write\n";

  Path victim;

  @BeforeEach
  void setUp() throws IOException {
    victim = temp.resolve("victim");
    Files.writeString(victim, VICTIM_TEXT);
    Files.setLastModifiedTime(victim, FileTime.fromMillis(1_000_000_000_000L));
    ns.sh(Actors.slipsBlocks("iptables", "203.0.113.7"));
    ns.sh(Actors.slipsBlocks("ip6tables", "2001:db8::7"));
  }

  @Test
  void savedFilesAreMode0640() throws IOException {
    watcher.tick(ns);

    for (Family family : Family.values()) {
      assertThat(
              PosixFilePermissions.toString(Files.getPosixFilePermissions(watcher.rules(family))))
          .as(family.rulesFile)
          .isEqualTo("rw-r-----");
    }
  }

  @Test
  void aSaveReplacesTheFileInsteadOfWritingIntoIt() throws IOException {
    watcher.tick(ns);
    String old = watcher.saved(Family.V4);
    // A second name for the old file: a write in place would change what it shows.
    Path oldName = temp.resolve("old-rules.v4");
    Files.createLink(oldName, watcher.rules(Family.V4));

    ns.sh("iptables -w -A slipsBlocking -s 198.51.100.9 -j DROP");
    watcher.tick(ns);

    assertThat(Files.readString(oldName)).isEqualTo(old);
    assertThat(watcher.saved(Family.V4)).contains("198.51.100.9");
    assertThat(Files.isSameFile(oldName, watcher.rules(Family.V4))).isFalse();
    try (Stream<Path> files = Files.list(watcher.rulesDir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary file left")
          .containsExactlyInAnyOrder("rules.v4", "rules.v6");
    }
  }

  @Test
  void aSymlinkAtTheRulesFileIsReplacedNotFollowed() throws IOException {
    Files.createDirectories(watcher.rulesDir);
    Files.createSymbolicLink(watcher.rules(Family.V4), victim);

    watcher.tick(ns);

    assertVictimUntouched();
    assertThat(Files.isSymbolicLink(watcher.rules(Family.V4))).isFalse();
    assertThat(watcher.saved(Family.V4)).contains("-A slipsBlocking -s 203.0.113.7/32 -j DROP");
  }

  @Test
  void aSymlinkAtTheLockIsRefusedNotFollowed() throws IOException {
    Files.createDirectories(watcher.stateDir);
    Path lock = watcher.stateDir.resolve("iptables-watcher.lock");
    Files.createSymbolicLink(lock, victim);

    CommandResult result = watcher.run(ns);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("is a symlink");
    assertVictimUntouched();
    assertThat(watcher.rulesDir).doesNotExist();
  }

  @Test
  void aDanglingSymlinkAtTheLockCreatesNothing() throws IOException {
    Files.createDirectories(watcher.stateDir);
    Path target = temp.resolve("created-through-link");
    Files.createSymbolicLink(watcher.stateDir.resolve("iptables-watcher.lock"), target);

    assertThat(watcher.run(ns).exitCode()).isEqualTo(1);

    assertThat(target).doesNotExist();
  }

  @Test
  void aSymlinkAtTheStateDirIsRefusedNotFollowed() throws IOException {
    Path victimDir = Files.createDirectory(temp.resolve("victim-dir"));
    Files.createSymbolicLink(watcher.stateDir, victimDir);

    CommandResult result = watcher.run(ns);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("refusing");
    try (Stream<Path> files = Files.list(victimDir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aTickWaitsForASaveInProgressThenSavesTheLatestRules() throws Exception {
    watcher.tick(ns);
    Path lock = watcher.stateDir.resolve("iptables-watcher.lock");
    // Another save (the runner's) holds the lock for 3 s.
    Process holder = new ProcessBuilder("flock", lock.toString(), "sleep", "3").inheritIO().start();
    waitUntilLocked(lock);

    ns.sh("iptables -w -A slipsBlocking -s 198.51.100.9 -j DROP");
    long start = System.nanoTime();
    watcher.tick(ns);
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(waited).isGreaterThan(Duration.ofSeconds(1));
    assertThat(watcher.saved(Family.V4)).contains("198.51.100.9");
  }

  private static void waitUntilLocked(Path lock) throws Exception {
    Poll.within(Duration.ofSeconds(2), Duration.ofMillis(20))
        .alias("the lock is taken")
        .until(
            () ->
                new ProcessBuilder(List.of("flock", "-n", lock.toString(), "true"))
                        .start()
                        .waitFor()
                    != 0);
  }

  private void assertVictimUntouched() throws IOException {
    assertThat(Files.readString(victim)).isEqualTo(VICTIM_TEXT);
    assertThat(Files.getLastModifiedTime(victim).toMillis()).isEqualTo(1_000_000_000_000L);
  }
}
