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
                // Ctrl-C as the owner's terminal sends it: a JVM started with SIGINT ignored (as
                // everything under a non-interactive shell's `cmd &` is, CI included) installs no
                // handler for it, and the test's Ctrl-C would do nothing. env execs java in its
                // place, so the process' pid is the JVM's.
                "env",
                "--default-signal=INT",
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
