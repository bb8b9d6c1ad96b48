package org.slipsfailover.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.units.HostFile;

/** {@code --root DIR} with the real systemctl: the full tree, right modes, enable symlinks. */
class ImageRootInstallIT {
  @TempDir Path image;
  @TempDir Path unusedLive;

  @Test
  void installsTheFullTreeAndEnablesTheUnitsInsideIt() throws Exception {
    Files.createDirectories(image.resolve("home/pi/StratosphereLinuxIPS"));
    FakeMachine live = new FakeMachine(unusedLive);
    Machine real =
        new Machine(
            HostRoot.of(unusedLive),
            new ProcessCommands(),
            live.context().accessPoints(),
            () -> {
              throw new AssertionError("--root never asks the engine");
            },
            () -> true,
            () -> live.jar,
            live.context().out(),
            false,
            () -> {
              throw new AssertionError("an install into an image tree pins nothing");
            });

    InstallOptions defaultsIntoTheImage =
        new InstallOptions(FakeMachine.defaults(), false, Optional.of(image), false);
    new Installer(real).install(defaultsIntoTheImage);

    for (HostFile f : HostFile.ALL) {
      Path p = image.resolve(f.path().substring(1));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .as(f.path())
          .isEqualTo(f.mode() == 0755 ? "rwxr-xr-x" : "rw-r--r--");
    }
    assertThat(image.resolve("usr/local/lib/slips-failover/failover.jar")).exists();
    assertThat(image.resolve("home/pi/StratosphereLinuxIPS/output")).isDirectory();
    Path wants = image.resolve("etc/systemd/system/multi-user.target.wants/slips.service");
    Path timer = image.resolve("etc/systemd/system/timers.target.wants/iptables-watcher.timer");
    assertThat(Files.readSymbolicLink(wants))
        .isEqualTo(Path.of("/etc/systemd/system/slips.service"));
    assertThat(Files.readSymbolicLink(timer))
        .isEqualTo(Path.of("/etc/systemd/system/iptables-watcher.timer"));
    Path follow =
        image.resolve("etc/systemd/system/multi-user.target.wants/iptables-watcher-follow.service");
    assertThat(Files.readSymbolicLink(follow))
        .isEqualTo(Path.of("/etc/systemd/system/iptables-watcher-follow.service"));
    assertThat(live.output()).contains("systemctl --root=" + image + " enable");
    // The live machine was not touched: nothing started, nothing pulled, no file outside the image.
    assertThat(live.commands).isEmpty();
    assertThat(live.snapshot().keySet())
        .allMatch(k -> k.isEmpty() || k.startsWith("sys") || k.startsWith("home"));

    Map<String, String> once = live.snapshot();
    Map<String, String> imageOnce = new FakeMachine(image).snapshot();
    new Installer(real).install(defaultsIntoTheImage);
    assertThat(new FakeMachine(image).snapshot()).isEqualTo(imageOnce);
    assertThat(live.snapshot()).isEqualTo(once);
  }
}
