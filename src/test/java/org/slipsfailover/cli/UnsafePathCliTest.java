package org.slipsfailover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.install.FakeMachine;
import org.slipsfailover.units.TemplateSource;

/**
 * The install refuses what root must not trust, exits 6 with one line and writes nothing: an
 * override template someone else can change (it becomes a root unit), a folder of root's files that
 * others can write, a Slips folder with a planted link.
 */
class UnsafePathCliTest extends CliOnAFakeMachine {
  private int install() {
    return cli.run("wlan0,eth0", "--slips-dir", FakeMachine.SLIPS_DIR);
  }

  private Path override(String name, String mode) throws Exception {
    Path templates =
        Files.createDirectories(dir.resolve(TemplateSource.USER_TEMPLATES.substring(1)));
    Path file = Files.writeString(templates.resolve(name), TemplateSource.shipped(name).text());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  private void assertRefusedWritingNothing(Map<String, String> before, String why)
      throws Exception {
    assertThat(install()).isEqualTo(ExitCode.UNSAFE_PATH.number());
    assertThat(cli.stderr().lines()).hasSize(1);
    assertThat(cli.stderr()).startsWith("failover: ").contains(why).doesNotContain("Exception");
    assertThat(machine.snapshot()).isEqualTo(before);
    assertThat(machine.commands)
        .allMatch(c -> c.get(0).equals("dpkg-query") || c.get(0).equals("systemctl"));
  }

  @Test
  void aGroupWritableOverrideTemplateIsRefused() throws Exception {
    Path file = override("slips.service", "rw-rw-r--");
    assertRefusedWritingNothing(
        machine.snapshot(), file + " is writable by group or others (mode 0664)");
  }

  @Test
  void anOverrideTemplateOwnedBySomeoneElseIsRefused() throws Exception {
    Path file = override("slips-runner.sh", "rw-r--r--");
    Files.setAttribute(file, "unix:uid", 1000);
    assertRefusedWritingNothing(machine.snapshot(), file + " is owned by uid 1000, not root");
  }

  @Test
  void anOverrideTemplateThatIsALinkIsRefused() throws Exception {
    Path real =
        Files.writeString(
            dir.resolve("elsewhere.service"), TemplateSource.shipped("slips.service").text());
    Path templates =
        Files.createDirectories(dir.resolve(TemplateSource.USER_TEMPLATES.substring(1)));
    Path link = Files.createSymbolicLink(templates.resolve("slips.service"), real);
    assertRefusedWritingNothing(machine.snapshot(), link + " is a symlink");
  }

  @Test
  void aRootOwnedOverrideIsUsed() throws Exception {
    Path file = override("slips.service", "rw-r--r--");
    Files.writeString(
        file, Files.readString(file).replace("Restart=always", "Restart=always\n# mine"));
    assertThat(install()).isZero();
    assertThat(dir.resolve("etc/systemd/system/slips.service")).content().contains("# mine");
  }

  @Test
  void aLinkOrAForeignFileInPlaceOfRootsFileIsReplacedNeverWrittenThrough() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim"), "root's secret\n");
    Path unitDir = Files.createDirectories(dir.resolve("etc/systemd/system"));
    Path link = Files.createSymbolicLink(unitDir.resolve("slips.service"), victim);
    Path foreign = Files.createDirectories(dir.resolve("usr/local/bin")).resolve("slips-runner.sh");
    Files.writeString(foreign, "#!/bin/sh\nrun as root\n");
    Files.setAttribute(foreign, "unix:uid", 1000);

    assertThat(install()).isZero();

    assertThat(victim).hasContent("root's secret");
    assertThat(Files.isSymbolicLink(link)).isFalse();
    for (Path p : new Path[] {link, foreign}) {
      assertThat(Files.getAttribute(p, "unix:uid")).isEqualTo(0);
      assertThat(Files.getPosixFilePermissions(p))
          .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    }
    assertThat(foreign).content().doesNotContain("run as root");
  }

  @Test
  void aFolderOfRootsFilesThatOthersCanWriteIsRefused() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("usr/local/bin"));
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertRefusedWritingNothing(
        machine.snapshot(), bin + " is writable by group or others (mode 0777)");
  }

  @Test
  void aSlipsFolderWithALinkAtOutputIsRefused() throws Exception {
    Path victim = Files.createDirectories(dir.resolve("victim"));
    Path slips = dir.resolve(FakeMachine.SLIPS_DIR.substring(1));
    Files.createSymbolicLink(slips.resolve("output"), victim);
    assertRefusedWritingNothing(
        machine.snapshot(), "unsafe path: " + slips.resolve("output") + " is a symlink");
  }
}
