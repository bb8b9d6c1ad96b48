package org.slipsfailover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.install.FakeMachine;
import org.slipsfailover.install.InstallOptions;
import org.slipsfailover.testing.SmallJvm;

/**
 * {@link PlainCommands} runs {@code --version} and {@code status} without picocli: it must print,
 * fail and exit exactly as picocli's way does, and take nothing else.
 */
class PlainCommandsTest extends CliOnAFakeMachine {
  /** What one way printed and returned. */
  private record Outcome(int exitCode, String out, String err) {}

  private interface Way {
    int run(CommandFactory factory, String[] args, PrintStream out, PrintStream err);
  }

  private Outcome run(Way way, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    machine.out = new PrintStream(out, true); // status prints to the machine's output
    try (CommandFactory factory =
        new CommandFactory(machine.context(), dir.resolve("no-watcher"), Map.of())) {
      int code = way.run(factory, args, new PrintStream(out, true), new PrintStream(err, true));
      return new Outcome(code, out.toString(), err.toString());
    }
  }

  private Outcome plain(String... args) {
    return run(
        (factory, a, out, err) -> PlainCommands.run(factory, a, out, err).orElseThrow(), args);
  }

  private Outcome picocli(String... args) {
    return run(FailoverCommand::throughPicocli, args);
  }

  static Stream<Arguments> plainArguments() {
    return Stream.of(
        Arguments.of((Object) new String[] {"--version"}),
        Arguments.of((Object) new String[] {"-V"}),
        Arguments.of((Object) new String[] {"status"}),
        Arguments.of((Object) new String[] {"status", "--json"}));
  }

  @ParameterizedTest
  @MethodSource("plainArguments")
  void printsAndExitsAsPicocliDoesBeforeTheInstall(String[] args) {
    Outcome plain = plain(args);
    assertThat(plain).isEqualTo(picocli(args));
    assertThat(plain.out()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("plainArguments")
  void printsAndExitsAsPicocliDoesAfterTheInstall(String[] args) {
    machine.install(new InstallOptions(FakeMachine.defaults(), false, Optional.empty(), false));
    Outcome plain = plain(args);
    assertThat(plain).isEqualTo(picocli(args));
    assertThat(plain.out()).isNotEmpty();
  }

  @Test
  void aStatusThatFailsGivesTheSameOneLineAndExitCode() throws Exception {
    machine.install(new InstallOptions(FakeMachine.defaults(), false, Optional.empty(), false));
    Path settings;
    try (Stream<Path> files = Files.walk(dir)) {
      settings = files.filter(f -> f.endsWith("install.conf")).findFirst().orElseThrow();
    }
    Files.writeString(settings, "interfaces=wlan0,eth0\n"); // the other lines are gone
    Outcome plain = plain("status");
    assertThat(plain).isEqualTo(picocli("status"));
    assertThat(plain.exitCode()).isEqualTo(ExitCode.FAILED.number());
    assertThat(plain.err()).startsWith("failover: ").contains("no image= line").hasLineCount(1);
  }

  @Test
  void takesNothingElse() {
    for (String[] args :
        new String[][] {
          {},
          {"status", "--help"},
          {"status", "--jsn"},
          {"--version", "status"},
          {"wlan0,eth0"},
          {"cut-ap", "wlan0,eth0"},
          {"--help"}
        }) {
      try (CommandFactory factory =
          new CommandFactory(machine.context(), dir.resolve("no-watcher"), Map.of())) {
        assertThat(PlainCommands.run(factory, args, System.out, System.err))
            .as(String.join(" ", args))
            .isEmpty();
      }
    }
  }

  /** picocli's command line itself, whose making costs the time (not an interface we implement). */
  private static final String PICOCLI = "picocli.CommandLine source";

  /** The classes a JVM running {@link Main} with {@code args} loaded, one per line. */
  private static String classesLoaded(String... args) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(SmallJvm.argv(Main.class, args)).redirectErrorStream(true);
    pb.environment().put("JAVA_TOOL_OPTIONS", "-verbose:class");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return output;
  }

  @Test
  void theJarsEntryPointRunsThemWithoutLoadingPicocli() throws Exception {
    // status reads this machine, which it only reads; what it says does not matter here.
    assertThat(classesLoaded("--version"))
        .contains("org.slipsfailover.cli.Main")
        .doesNotContain(PICOCLI);
    assertThat(classesLoaded("status"))
        .contains("org.slipsfailover.cli.StatusCommand")
        .doesNotContain(PICOCLI);
    assertThat(classesLoaded("status", "--help")).contains(PICOCLI);
  }
}
