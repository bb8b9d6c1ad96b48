package org.slipsfailover.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slipsfailover.host.Commands;

/**
 * Makes the class-data archive the runner, its ExecStopPost= and the command start with: the jar is
 * run once per kind of command, each run listing the classes it loads, and the JVM then stores all
 * of them, already parsed and checked, in one file. A start-up cache only: when anything fails, the
 * commands start without it.
 */
final class ClassArchive {
  /** Read-only runs: status, and the cut of a pair no access point can use. */
  static final List<List<String>> TRAINING =
      List.of(List.of("status"), List.of("cut-ap", "slipsnone0,slipsnone1"));

  /** The runner's and the command's flags that the archive must agree with. */
  static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private final Commands commands;

  ClassArchive(Commands commands) {
    this.commands = commands;
  }

  /**
   * @return whether the archive was made
   */
  boolean make(String jar, Path archive) {
    try {
      Files.deleteIfExists(archive);
      Set<String> classes = new LinkedHashSet<>();
      for (List<String> command : TRAINING) {
        Path list = Files.createTempFile("slips-failover-classes", ".lst");
        try {
          List<String> argv = new ArrayList<>(List.of("java", "-XX:DumpLoadedClassList=" + list));
          argv.addAll(FLAGS);
          argv.addAll(List.of("-jar", jar));
          argv.addAll(command);
          commands.run(argv); // status exits 1 until Slips runs: only the list counts
          classes.addAll(Files.readAllLines(list));
        } finally {
          Files.deleteIfExists(list);
        }
      }
      if (classes.isEmpty()) {
        return false;
      }
      Path all = Files.createTempFile("slips-failover-classes", ".lst");
      try {
        Files.write(all, classes);
        List<String> dump =
            new ArrayList<>(
                List.of(
                    "java",
                    "-Xshare:dump",
                    "-XX:SharedClassListFile=" + all,
                    "-XX:SharedArchiveFile=" + archive));
        dump.addAll(FLAGS);
        dump.addAll(List.of("-cp", jar));
        commands.run(dump);
      } finally {
        Files.deleteIfExists(all);
      }
      return Files.exists(archive);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the start-up archive " + archive, e);
    }
  }
}
