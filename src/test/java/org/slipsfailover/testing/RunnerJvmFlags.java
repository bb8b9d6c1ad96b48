package org.slipsfailover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags the installed runner starts with, read from {@code templates/slips-runner.sh} (its
 * {@code JAVA_OPTS=} line) so that tests run the runner as production does and cannot drift from
 * it. The class-data archive's flag is left out: tests have no installed archive.
 */
public final class RunnerJvmFlags {
  private RunnerJvmFlags() {}

  public static List<String> fromTemplate() {
    try {
      String line =
          Files.readAllLines(Path.of("templates/slips-runner.sh")).stream()
              .filter(l -> l.startsWith("JAVA_OPTS=\""))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException("no JAVA_OPTS= line in templates/slips-runner.sh"));
      String opts = line.substring("JAVA_OPTS=\"".length(), line.lastIndexOf('"'));
      return Arrays.stream(opts.split(" +")).filter(flag -> !flag.contains("@@")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
