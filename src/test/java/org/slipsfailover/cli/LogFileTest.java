package org.slipsfailover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runner's log file as logback writes it: one line per line, nothing through a link. */
class LogFileTest {
  private static final Logger log = LoggerFactory.getLogger(LogFileTest.class);

  @TempDir Path tmp;
  private final PrintStream stdout = System.out;

  @AfterEach
  void restore() {
    System.setOut(stdout);
    LogFile.detach();
  }

  @Test
  void aValueFromOutsideCannotForgeALogLine() throws Exception {
    Path slips = Files.createDirectories(tmp.resolve("slips"));
    LogFile.attach(slips.resolve("slips_container.log"));

    log.info(
        "container state: {}", "exited\n2026-01-01T00:00:00.000Z INFO  Slips is running\u001b[1A");
    log.error(
        "engine said", new IllegalStateException("boom\n2026-01-01T00:00:00.000Z INFO  forged"));
    LogFile.flush();

    String text = Files.readString(slips.resolve("slips_container.log"));
    assertThat(text.lines().filter(l -> l.contains("Slips is running")))
        .singleElement()
        .asString()
        .contains(
            "INFO  container state: exited\\n2026-01-01T00:00:00.000Z INFO  Slips is running\\x1b[1A");
    assertThat(text.lines().filter(l -> l.contains("forged")))
        .singleElement()
        .asString()
        .startsWith("java.lang.IllegalStateException: boom\\n2026");
  }

  @Test
  void aLinkPlantedAtTheLogIsNotWrittenThroughAndStdoutSaysWhy() throws Exception {
    Path slips = Files.createDirectories(tmp.resolve("slips"));
    Path victim = Files.writeString(tmp.resolve("victim"), "root's file\n");
    Files.createSymbolicLink(slips.resolve("slips_container.log"), victim);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));

    LogFile.attach(slips.resolve("slips_container.log"));
    log.info("a line for the log");
    LogFile.flush();

    assertThat(victim).hasContent("root's file");
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("a line for the log")
        .contains(
            "Not writing "
                + slips.resolve("slips_container.log")
                + ": "
                + slips.resolve("slips_container.log")
                + " is a symlink");
  }
}
