package org.slipsfailover.install;

import java.io.PrintStream;
import org.slipsfailover.config.Settings;

/**
 * Where to look next. Whether Slips protects is not said here: the command's last line is the
 * verdict of {@code status} ({@code cli.InstallAndWait}), not a guess from the service being
 * active.
 */
final class Summary {
  private Summary() {}

  static void print(PrintStream out, Settings s, InstallOptions options) {
    out.println();
    if (options.offline()) {
      out.println(
          "Installed into "
              + options.imageRoot().get()
              + ". Slips starts, and protects "
              + s.pair()
              + ", when that system boots.");
    }
    out.println(
        "Attach to Slips:  sudo docker exec -it " + s.containerName() + " tmux attach -t slips");
    out.println("Log:              " + s.logFile());
    out.println("Status:           sudo slips-failover status");
    out.println("Undo:             sudo slips-failover uninstall");
  }
}
