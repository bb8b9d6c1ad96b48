package org.slipsfailover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slipsfailover.config.ExitCode;

/** The README's table and every command's help say what {@link ExitCodes} says. */
class ExitCodeDocsTest {

  @Test
  void readmeTableIsTheListOfExitCodes() throws Exception {
    List<String> readme = Files.readAllLines(Path.of("README.md"));
    int start = readme.indexOf("## Exit codes");
    assertThat(start).as("README has a section '## Exit codes'").isNotNegative();
    List<String> table =
        readme.subList(start, readme.size()).stream()
            .dropWhile(l -> !l.startsWith("|"))
            .takeWhile(l -> l.startsWith("|"))
            .toList();
    assertThat(String.join("\n", table))
        .as("README's exit-code table; paste the expected one")
        .isEqualTo(String.join("\n", ExitCodes.readmeTable()));
  }

  @Test
  void everyCommandsHelpListsItsCodes() {
    for (var entry : ExitCodes.BY_COMMAND.entrySet()) {
      String command = entry.getKey();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String[] args =
          command.equals("failover") ? new String[] {"--help"} : new String[] {command, "--help"};
      int rc =
          FailoverCommand.execute(
              args, new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream()));
      assertThat(rc).isZero();
      String help = out.toString().replaceAll("\\s+", " ");
      for (ExitCode code : entry.getValue()) {
        assertThat(help).as(command + " --help").contains(code.meaning().replaceAll("\\s+", " "));
      }
    }
  }

  @Test
  void codesMeanTheSameForEveryCommand() {
    // A number shared by two constants is one kind of end: 1 is "did not do it"; no other number
    // repeats.
    assertThat(
            List.of(ExitCode.values()).stream().filter(c -> c.number() != 1).map(ExitCode::number))
        .doesNotHaveDuplicates();
  }
}
