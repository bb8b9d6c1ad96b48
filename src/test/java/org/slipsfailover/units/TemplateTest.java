package org.slipsfailover.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.TestSettings;
import org.slipsfailover.host.HostRoot;

class TemplateTest {

  @Test
  void unknownPlaceholderFailsTheFileNamingIt() {
    Template t = new Template("x.service", "ExecStart=@@RUNNER@@ @@NOPE@@\n");
    assertThatThrownBy(() -> t.render(Map.of("RUNNER", "/bin/true")))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("x.service")
        .hasMessageContaining("@@NOPE@@");
  }

  @Test
  void safeWordsGoInAsTheyAre() {
    assertThat(Syntax.SHELL.escape("stratosphereips/slips:latest"))
        .isEqualTo("stratosphereips/slips:latest");
    assertThat(Syntax.SYSTEMD.escape("/usr/local/bin/slips-runner.sh"))
        .isEqualTo("/usr/local/bin/slips-runner.sh");
  }

  @Test
  void systemdDoublesSpecifiersAndQuotesSpaces() {
    assertThat(Syntax.SYSTEMD.escape("/home/pi/my slips%dir"))
        .isEqualTo("\"/home/pi/my slips%%dir\"");
    assertThat(Syntax.SYSTEMD.escape("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
  }

  @Test
  void shellQuotingSurvivesARealShell() throws Exception {
    for (String value : List.of("/home/pi/my slips%dir", "it's $HOME `id` ;rm -rf", "a\\b\"c")) {
      String script = "printf '%s' " + Syntax.SHELL.escape(value);
      Process p = new ProcessBuilder("sh", "-c", script).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).isZero();
      assertThat(out).isEqualTo(value);
    }
  }

  @Test
  void controlCharactersAreRefusedNotQuoted() {
    assertThatThrownBy(() -> Syntax.SHELL.escape("a\nExecStart=/bin/evil"))
        .isInstanceOf(TemplateException.class);
    assertThatThrownBy(() -> Syntax.SYSTEMD.escape("a\nExecStart=/bin/evil"))
        .isInstanceOf(TemplateException.class);
  }

  @Test
  void aTemplateTheUserEditedWinsOverTheShippedOne(@TempDir Path root) throws IOException {
    Path edited = root.resolve("etc/slips-failover/templates/iptables-watcher.timer");
    Files.createDirectories(edited.getParent());
    Files.writeString(edited, "[Timer]\nOnUnitActiveSec=30s\n");
    Renderer renderer = new Renderer(new TemplateSource(HostRoot.of(root)));
    assertThat(
            renderer.render(
                HostFile.WATCHER_TIMER, TestSettings.defaults(TestSettings.DEFAULT_DIR)))
        .isEqualTo("[Timer]\nOnUnitActiveSec=30s\n");
  }

  @Test
  void everyShippedTemplateRendersWithTheInstallValues() {
    for (HostFile f : HostFile.ALL) {
      String text =
          TemplateSource.shipped(f.template())
              .render(Renderer.values(TestSettings.defaults(TestSettings.DEFAULT_DIR)));
      assertThat(text).doesNotContain("@@");
    }
  }
}
