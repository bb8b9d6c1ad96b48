package org.slipsfailover.install;

import java.io.PrintStream;
import org.slipsfailover.config.Settings;
import org.slipsfailover.gate.GateReading;
import org.slipsfailover.host.Commands;

/** The last lines of an install: protected or not, and what to do next. */
final class Summary {
  private Summary() {}

  static void print(PrintStream out, Settings s, InstallOptions options, Commands commands) {
    out.println();
    if (options.offline()) {
      out.println(
          "Installed into "
              + options.imageRoot().get()
              + ". Slips starts, and protects "
              + s.pair()
              + ", when that system boots.");
    } else {
      boolean active = commands.run("systemctl", "is-active", "--quiet", Installer.SLIPS_UNIT).ok();
      out.println(
          active
              ? "PROTECTED: Slips is watching "
                  + s.pair()
                  + "; if it stops, the access point is cut."
              : "NOT PROTECTED yet: slips.service is not active. See  journalctl -u slips.service");
      out.println("Gate:             " + GateReading.read(commands).describe());
    }
    out.println(
        "Attach to Slips:  sudo docker exec -it " + s.containerName() + " tmux attach -t slips");
    out.println("Log:              " + s.logFile());
    out.println("Status:           sudo slips-failover status");
    out.println("Undo:             sudo slips-failover uninstall");
  }
}
