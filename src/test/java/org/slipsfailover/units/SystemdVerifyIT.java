package org.slipsfailover.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.TestSettings;
import org.slipsfailover.config.AutoUpdate;
import org.slipsfailover.config.Settings;
import org.slipsfailover.host.HostRoot;

/**
 * {@code systemd-analyze verify} on every rendered unit, the auto-update timer and service too.
 * verify insists that ExecStart= programs exist, so it runs in a private mount namespace where a
 * tmpfs over /usr/local/bin holds the rendered scripts: the real /usr/local/bin is never touched.
 */
class SystemdVerifyIT {
  @TempDir Path dir;

  @Test
  void defaultUnitsVerify() throws Exception {
    assertThat(verify(TestSettings.defaults(TestSettings.DEFAULT_DIR), "")).isEqualTo("");
  }

  @Test
  void customUnitsVerify() throws Exception {
    assertThat(verify(TestSettings.custom(TestSettings.CUSTOM_DIR), "")).isEqualTo("");
  }

  /** The harness itself can fail: a unit with a bad directive is reported. */
  @Test
  void aBrokenUnitIsReported() throws Exception {
    String complaint = verify(TestSettings.defaults(TestSettings.DEFAULT_DIR), "RestartSec=soon\n");
    assertThat(complaint).contains("slips.service").contains("soon");
  }

  /** Renders, then verifies; returns what verify printed (empty when all is well). */
  private String verify(Settings settings, String appendToService) throws Exception {
    Renderer renderer = new Renderer(new TemplateSource(HostRoot.of(dir)));
    Path units = Files.createDirectories(dir.resolve("units"));
    Path scripts = Files.createDirectories(dir.resolve("scripts"));
    List<String> unitPaths = new ArrayList<>();
    List<HostFile> files = new ArrayList<>(HostFile.ALL);
    files.addAll(HostFile.AUTO_UPDATE);
    for (HostFile f : files) {
      // The auto-update units, as install --auto-update daily writes them.
      String text =
          HostFile.AUTO_UPDATE.contains(f)
              ? renderer.render(f, settings, AutoUpdate.DAILY)
              : renderer.render(f, settings);
      if (f.path().startsWith(HostFile.UNIT_DIR)) {
        if (f == HostFile.SLIPS_SERVICE) {
          text = text.replace("[Service]\n", "[Service]\n" + appendToService);
        }
        Path p = units.resolve(f.fileName());
        Files.writeString(p, text);
        unitPaths.add(p.toString());
      } else {
        Path p = scripts.resolve(f.fileName());
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    String script =
        "mount -t tmpfs tmpfs /usr/local/bin && cp \"$0\"/* /usr/local/bin/ && "
            + "exec systemd-analyze verify \"$@\"";
    List<String> argv =
        new ArrayList<>(List.of("unshare", "-m", "sh", "-c", script, scripts.toString()));
    argv.addAll(unitPaths);
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    int code = p.waitFor();
    return code == 0 ? out : "exit " + code + ": " + out;
  }
}
