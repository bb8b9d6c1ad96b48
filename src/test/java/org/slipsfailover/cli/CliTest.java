package org.slipsfailover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slipsfailover.install.FakeMachine;

/** The real command line, run end to end against a machine in a temporary folder. */
class CliTest extends CliOnAFakeMachine {
  ByteArrayOutputStream out;
  ByteArrayOutputStream err;

  @BeforeEach
  void setUp() {
    out = cli.out;
    err = cli.err;
  }

  private int run(String... args) {
    return cli.run(args);
  }

  private String stderr() {
    return cli.stderr();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "wlan0                 | <wifi>,<eth>",
        "wlan0,wlan0           | 'wlan0'",
        "'wlan0,eth0;reboot'   | 'eth0;reboot'",
        "'$(id),eth0'          | '$(id)'",
        "'wlan 0,eth0'         | 'wlan 0'",
        "wlan0,averyveryverylongname | 'averyveryverylongname'",
        "wlan0,eth9            | 'eth9' does not exist",
      })
  void badInterfacesExitTwoWithOneLineNamingTheValueAndWriteNothing(String arg, String named)
      throws Exception {
    Map<String, String> before = machine.snapshot();
    int code = run(arg, "--slips-dir", FakeMachine.SLIPS_DIR);
    assertThat(code).isEqualTo(2);
    assertThat(stderr().lines()).hasSize(1);
    assertThat(stderr()).startsWith("failover: ").contains(named).doesNotContain("Exception");
    assertThat(machine.snapshot()).isEqualTo(before);
    assertThat(machine.commands).isEmpty();
  }

  @Test
  void badOptionValuesAreUsageErrorsToo() throws Exception {
    Map<String, String> before = machine.snapshot();
    for (String[] args :
        new String[][] {
          {"wlan0,eth0", "--memory", "lots"},
          {"wlan0,eth0", "--cpu-shares", "many"},
          {"wlan0,eth0", "--container-name", "my slips"},
          {"wlan0,eth0", "--image", "Bad Image"},
          {"wlan0,eth0", "--no-such-option"},
          {"wlan0,eth0", "extra"},
        }) {
      err.reset();
      assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(stderr().lines()).as(String.join(" ", args)).hasSize(1);
    }
    assertThat(machine.snapshot()).isEqualTo(before);
  }

  @Test
  void notRootExitsThreeWithTheSudoLine() throws Exception {
    machine.root_ = false;
    Map<String, String> before = machine.snapshot();
    assertThat(run("wlan0,eth0", "--slips-dir", FakeMachine.SLIPS_DIR)).isEqualTo(3);
    assertThat(stderr().lines()).hasSize(1);
    assertThat(stderr()).contains("sudo ");
    assertThat(machine.snapshot()).isEqualTo(before);
  }

  @Test
  void noAccessPointExitsFourWithTheCreateApCommand() throws Exception {
    machine.apRunning = false;
    Map<String, String> before = machine.snapshot();
    assertThat(run("install", "wlan0,eth0", "--slips-dir", FakeMachine.SLIPS_DIR)).isEqualTo(4);
    assertThat(stderr().lines()).hasSize(1);
    assertThat(stderr()).contains("sudo create_ap wlan0 eth0");
    assertThat(machine.snapshot()).isEqualTo(before);
  }

  @Test
  void anInstallWithoutATerminalEndsWithStatusVerdictNotAnAssumedProtected() {
    // The fake machine's slips.service is "active": the old summary said PROTECTED from that alone.
    assertThat(run("install", "wlan0,eth0", "--slips-dir", FakeMachine.SLIPS_DIR)).isZero();
    List<String> lines = machine.output().lines().toList();
    assertThat(machine.output()).doesNotContain("PROTECTED: ");
    assertThat(lines.get(lines.size() - 2)).startsWith("NOT PROTECTED yet: ");
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo("starting: check with `slips-failover status`");
  }

  @Test
  void installIsTheDefaultCommand() {
    assertThat(run("--dry-run", "wlan0,eth0", "--slips-dir", FakeMachine.SLIPS_DIR)).isZero();
    assertThat(machine.output()).contains("Dry run: nothing was changed.");
    machine.output.reset();
    assertThat(run("install", "--dry-run", "wlan0,eth0", "--slips-dir", FakeMachine.SLIPS_DIR))
        .isZero();
    assertThat(machine.output()).contains("Dry run: nothing was changed.");
  }

  @Test
  void helpListsSubcommandsAndExitCodes() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("install")
        .contains("Exit codes:")
        .contains("3   not root")
        .contains("4   no access point");
  }

  @Test
  void versionComesFromTheManifest() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("slips-failover ");
  }

  @Test
  void eachSubcommandIsAddedUnderItsOwnNameAndAShortCommandBuildsOnlyWhatItRuns() {
    FailoverCommand.subcommands()
        .forEach(
            (name, type) ->
                assertThat(type.getAnnotation(picocli.CommandLine.Command.class).name())
                    .isEqualTo(name));
    assertThat(FailoverCommand.needed(new String[] {"--version"})).isEmpty();
    assertThat(FailoverCommand.needed(new String[] {"status"})).containsExactly("status");
    assertThat(FailoverCommand.needed(new String[] {"wlan0,eth0"}))
        .containsExactlyElementsOf(FailoverCommand.subcommands().keySet());
    assertThat(FailoverCommand.needed(new String[] {"--help"}))
        .containsExactlyElementsOf(FailoverCommand.subcommands().keySet());
  }

  @Test
  void helpListsEverySubcommandInOrder() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .containsSubsequence("install", "reinstall", "status", "uninstall", "run", "cut-ap");
  }
}
