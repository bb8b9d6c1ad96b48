package org.slipsfailover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slipsfailover.install.FakeMachine;
import org.slipsfailover.notify.NotifyFiles;

/**
 * {@code install --notify}: the URLs reach a root-only file and nowhere else (not the output, not
 * an error, not a command line); a URL Apprise refuses, or no Apprise, is bad input and writes
 * nothing.
 */
class NotifyCliTest extends CliOnAFakeMachine {
  private static final String SECRET = "tk_5ecr3t";
  private static final String URL = "json://127.0.0.1:8080/hook?token=" + SECRET;

  private int install(String... more) {
    String[] base = {"install", "wlan0,eth0", "--slips-dir", FakeMachine.SLIPS_DIR};
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return cli.run(args);
  }

  private Path urls() {
    return dir.resolve(NotifyFiles.URLS.substring(1));
  }

  private String everythingSaid() {
    return machine.output() + cli.out + cli.stderr() + machine.commandLines();
  }

  @Test
  void theUrlsGoToARootOnlyFileAndAreNamedOnlyByTheirSchemeAndHost() throws Exception {
    assertThat(install("--notify", URL, "--notify", "ntfy://ntfy.sh/topic-" + SECRET)).isZero();
    assertThat(Files.readString(urls())).contains(URL + "\n").contains("ntfy://ntfy.sh/topic-");
    assertThat(Files.getPosixFilePermissions(urls()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(machine.output()).contains("notifications to json://127.0.0.1, ntfy://ntfy.sh");
    assertThat(everythingSaid()).doesNotContain(SECRET);
    // Apprise was asked with a config file, never the URL on its command line.
    assertThat(machine.commandLines()).anyMatch(c -> c.startsWith("apprise --dry-run --config "));
  }

  @Test
  void aUrlApprisRefusesIsBadInputInOneLineWithoutItsSecretAndNothingIsWritten() throws Exception {
    Map<String, String> before = machine.snapshot();
    int code = install("--notify", "bogus://user:" + SECRET + "@example.org/x");
    assertThat(code).isEqualTo(2);
    assertThat(cli.stderr().lines()).hasSize(1);
    assertThat(cli.stderr()).contains("bogus://example.org").doesNotContain("Exception");
    assertThat(everythingSaid()).doesNotContain(SECRET);
    assertThat(machine.snapshot()).isEqualTo(before);
  }

  @Test
  void withoutAppriseAUrlIsBadInputSayingHowToGetIt() throws Exception {
    machine.appriseInstalled = false;
    Map<String, String> before = machine.snapshot();
    assertThat(install("--notify", URL)).isEqualTo(2);
    assertThat(cli.stderr().lines())
        .singleElement()
        .asString()
        .contains("sudo apt install apprise");
    assertThat(machine.snapshot()).isEqualTo(before);
  }

  @Test
  void aDryRunShowsTheFileWithoutTheUrls() throws Exception {
    Map<String, String> before = machine.snapshot();
    assertThat(install("--dry-run", "--notify", URL)).isZero();
    assertThat(machine.output())
        .contains("file   " + NotifyFiles.URLS + " (mode 0600, new)")
        .contains("1 Apprise URL(s), one a line: json://127.0.0.1");
    assertThat(everythingSaid()).doesNotContain(SECRET);
    assertThat(machine.snapshot()).isEqualTo(before);
  }

  @Test
  void anInstallWithoutNotifyKeepsThemAndNoneRemovesThem() throws Exception {
    assertThat(install("--notify", URL)).isZero();
    assertThat(install()).isZero();
    assertThat(Files.readString(urls())).contains(URL);
    assertThat(install("--notify", "none")).isZero();
    assertThat(urls()).doesNotExist();
  }

  @Test
  void noneMixedWithAUrlIsBadInput() throws Exception {
    Map<String, String> before = machine.snapshot();
    assertThat(install("--notify", "none", "--notify", URL)).isEqualTo(2);
    assertThat(cli.stderr()).contains("--notify none").doesNotContain(SECRET);
    assertThat(machine.snapshot()).isEqualTo(before);
  }

  @Test
  void notifyTestWithoutAUrlSaysHowToSetOne() {
    assertThat(cli.run("notify", "--test")).isEqualTo(2);
    assertThat(cli.stderr()).contains("--notify URL");
  }
}
