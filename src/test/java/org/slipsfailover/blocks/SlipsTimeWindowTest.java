package org.slipsfailover.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlipsTimeWindowTest {
  private final List<String> log = new ArrayList<>();

  private SlipsTimeWindow parse(String yaml) {
    return SlipsTimeWindow.parse(yaml, "slips.yaml", log::add);
  }

  @Test
  void readsTheWidthUnderParameters() {
    String yaml =
        "output:\n  stdout: slips.log\n\nparameters:\n  verbose: 1\n"
            + "  # time_window_width : 60\n  time_window_width: 300 # five minutes\n"
            + "  debug: 0\n";
    assertThat(parse(yaml).width()).isEqualTo(Duration.ofSeconds(300));
    assertThat(parse(yaml).longestBlock()).isEqualTo(Duration.ofSeconds(600));
    assertThat(log).isEmpty();
  }

  @Test
  void ignoresTheKeyInOtherSectionsAndTakesTheLastInParameters() {
    String yaml =
        "other:\n  time_window_width: 5\nparameters:\n  time_window_width: 60\n"
            + "  time_window_width: '120'\nmodules:\n  time_window_width: 7\n";
    assertThat(parse(yaml).width()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void absentMeansSlipsDefault() {
    assertThat(parse("parameters:\n  verbose: 1\n")).isEqualTo(SlipsTimeWindow.DEFAULT);
    assertThat(parse("")).isEqualTo(SlipsTimeWindow.DEFAULT);
    assertThat(SlipsTimeWindow.DEFAULT.width()).isEqualTo(Duration.ofHours(1));
    assertThat(log).isEmpty();
  }

  @Test
  void onlyOneWindowIsNeverOver() {
    assertThat(parse("parameters:\n  time_window_width : 'only_one_tw'\n"))
        .isEqualTo(SlipsTimeWindow.ONLY_ONE);
  }

  @Test
  void floatsAsPythonReadsThem() {
    assertThat(parse("parameters:\n  time_window_width: 90.5\n").width())
        .isEqualTo(Duration.ofMillis(90500));
    assertThat(parse("parameters:\n  time_window_width: 1e3\n").width())
        .isEqualTo(Duration.ofSeconds(1000));
  }

  @Test
  void badValuesGiveTheDefaultWithOneLogLine() {
    for (String bad : List.of("0", "-5", "soon", "1e99", "nan", "\u0007" + "x".repeat(100))) {
      log.clear();
      assertThat(parse("parameters:\n  time_window_width: " + bad + "\n"))
          .as(bad)
          .isEqualTo(SlipsTimeWindow.DEFAULT);
      assertThat(log).as(bad).hasSize(1);
      assertThat(log.get(0)).contains("time_window_width").doesNotContain("\u0007");
    }
  }

  @Test
  void readsTheFileInTheSlipsFolder(@TempDir Path slips) throws IOException {
    Files.createDirectories(slips.resolve("config"));
    Files.writeString(slips.resolve("config/slips.yaml"), "parameters:\n  time_window_width: 60\n");
    assertThat(SlipsTimeWindow.read(slips, log::add).width()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void noFileMeansTheDefaultQuietly(@TempDir Path slips) {
    assertThat(SlipsTimeWindow.read(slips, log::add)).isEqualTo(SlipsTimeWindow.DEFAULT);
    assertThat(log).isEmpty();
  }

  @Test
  void linksAreNotFollowed(@TempDir Path dir) throws IOException {
    Path elsewhere = dir.resolve("elsewhere");
    Files.createDirectories(elsewhere.resolve("config"));
    Files.writeString(
        elsewhere.resolve("config/slips.yaml"), "parameters:\n  time_window_width: 60\n");
    Path slips = dir.resolve("slips");
    Files.createDirectories(slips.resolve("config"));
    Files.createSymbolicLink(
        slips.resolve("config/slips.yaml"), elsewhere.resolve("config/slips.yaml"));
    assertThat(SlipsTimeWindow.read(slips, log::add)).isEqualTo(SlipsTimeWindow.DEFAULT);
    assertThat(log).singleElement().asString().contains("not a regular file");

    Path linkedFolder = dir.resolve("slips2");
    Files.createDirectories(linkedFolder);
    Files.createSymbolicLink(linkedFolder.resolve("config"), elsewhere.resolve("config"));
    assertThat(SlipsTimeWindow.read(linkedFolder, log::add)).isEqualTo(SlipsTimeWindow.DEFAULT);
  }

  @Test
  void aHugeFileIsRefused(@TempDir Path slips) throws IOException {
    Files.createDirectories(slips.resolve("config"));
    Files.writeString(
        slips.resolve("config/slips.yaml"),
        "parameters:\n  time_window_width: 60\n" + "#".repeat(SlipsTimeWindow.MAX_BYTES));
    assertThat(SlipsTimeWindow.read(slips, log::add)).isEqualTo(SlipsTimeWindow.DEFAULT);
    assertThat(log).singleElement().asString().contains("over");
  }
}
