package org.slipsfailover.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a small JVM running a test's main class on the test's class path. */
public final class SmallJvm {
  private SmallJvm() {}

  public static List<String> argv(Class<?> main, String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
    argv.addAll(List.of(args));
    return argv;
  }
}
