package org.slipsfailover.iptables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.Settings;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.iptables.Netns.Family;
import org.slipsfailover.units.HostFile;
import org.slipsfailover.units.Renderer;
import org.slipsfailover.units.TemplateSource;

/**
 * The watcher script as the install renders it (shipped template, production values), run with the
 * test-only options that move its rules and state folders into a temporary folder.
 */
final class WatcherScript {
  static final Settings PRODUCTION =
      new Settings(
          new InterfacePair("wlan0", "eth0"),
          Settings.DEFAULT_IMAGE,
          Settings.DEFAULT_CONTAINER_NAME,
          true,
          Settings.DEFAULT_MEMORY,
          Settings.DEFAULT_CPU_SHARES,
          Settings.DEFAULT_SHM_SIZE,
          Path.of("/home/pi/StratosphereLinuxIPS"),
          false);

  final Path script;
  final Path rulesDir;
  final Path stateDir;

  WatcherScript(Path tempDir) {
    this.script = tempDir.resolve("slips-iptables-watcher.sh");
    this.rulesDir = tempDir.resolve("iptables");
    this.stateDir = tempDir.resolve("state");
    // An empty root has no user-edited templates: the shipped one is rendered.
    Renderer renderer = new Renderer(new TemplateSource(HostRoot.of(tempDir.resolve("no-root"))));
    try {
      Files.writeString(script, renderer.render(HostFile.WATCHER, PRODUCTION));
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One timer tick inside {@code ns}; fails the test unless the script succeeds. */
  void tick(Netns ns) {
    Netns.ok(run(ns));
  }

  CommandResult run(Netns ns) {
    return ns.run(command());
  }

  String[] command() {
    return new String[] {
      script.toString(), "--rules-dir", rulesDir.toString(), "--state-dir", stateDir.toString()
    };
  }

  Path rules(Family family) {
    return rulesDir.resolve(family.rulesFile);
  }

  String saved(Family family) {
    try {
      return Files.readString(rules(family));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
