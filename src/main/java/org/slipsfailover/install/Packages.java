package org.slipsfailover.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HostRoot;

/** The Debian packages that restore saved iptables rules at boot. */
final class Packages {
  static final List<String> NEEDED =
      List.of("iptables-persistent", "netfilter-persistent", "nftables");

  // Without these, iptables-persistent asks on the terminal whether to save the current rules.
  static final String PRESEED =
      "iptables-persistent iptables-persistent/autosave_v4 boolean false\n"
          + "iptables-persistent iptables-persistent/autosave_v6 boolean false\n";

  private final Commands commands;

  Packages(Commands commands) {
    this.commands = commands;
  }

  /** The needed packages that are not installed on the live machine. */
  List<String> missing() {
    List<String> missing = new ArrayList<>();
    for (String name : NEEDED) {
      CommandResult r = commands.run("dpkg-query", "-W", "-f=${Status}", name);
      if (!r.ok() || !r.stdout().contains("install ok installed")) {
        missing.add(name);
      }
    }
    return missing;
  }

  /** The needed packages not installed in an image tree, read from its dpkg status file. */
  static List<String> missingIn(HostRoot root) {
    Path status = root.resolve("/var/lib/dpkg/status");
    String text;
    try {
      text = Files.readString(status);
    } catch (IOException e) {
      return NEEDED;
    }
    List<String> missing = new ArrayList<>();
    for (String name : NEEDED) {
      boolean installed = false;
      for (String stanza : text.split("\n\n")) {
        if (stanza.startsWith("Package: " + name + "\n")
            && stanza.contains("\nStatus: install ok installed")) {
          installed = true;
        }
      }
      if (!installed) {
        missing.add(name);
      }
    }
    return missing;
  }

  /** Installs quietly; runs apt-get update only when the first attempt fails. */
  void install(List<String> names) {
    CommandResult preseed = commands.run(List.of("debconf-set-selections"), PRESEED);
    if (!preseed.ok()) {
      throw new InstallException("debconf-set-selections failed: " + preseed.failure());
    }
    CommandResult first = aptInstall(names);
    if (first.ok()) {
      return;
    }
    CommandResult update = commands.run("apt-get", "update", "-q");
    CommandResult second = update.ok() ? aptInstall(names) : update;
    if (!second.ok()) {
      throw new InstallException(
          "cannot install "
              + String.join(" ", names)
              + " (is the Pi online?): "
              + second.failure());
    }
  }

  private CommandResult aptInstall(List<String> names) {
    List<String> argv = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
    argv.addAll(names);
    return commands.run(argv);
  }
}
