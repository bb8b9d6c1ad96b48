package org.slipsfailover.install;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** What {@code --dry-run} prints: every file with its mode, change and content, every command. */
final class DryRunReport {
  private DryRunReport() {}

  static void print(PrintStream out, Map<PlannedFile, Change> changes, List<Step> steps) {
    for (Map.Entry<PlannedFile, Change> e : changes.entrySet()) {
      PlannedFile f = e.getKey();
      out.println();
      out.println(
          "file   " + f.path() + " (mode " + f.modeOctal() + ", " + e.getValue().label() + ")");
      if (f.text()) {
        out.println("-----8<-----");
        String text = FilePlanner.text(f);
        out.print(text);
        if (!text.endsWith("\n")) {
          out.println();
        }
        out.println("-----8<-----");
      } else {
        out.println("       (" + f.content().length + " bytes, a copy of this jar)");
      }
    }
    out.println();
    for (Step step : steps) {
      out.println("would run  " + step.describe());
    }
    out.println();
    out.println("Dry run: nothing was changed.");
  }
}
