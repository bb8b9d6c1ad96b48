package org.slipsfailover.install;

import java.io.PrintStream;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.PullProgress;
import org.slipsfailover.docker.SlipsEngine;

/**
 * Pulls the image before the service starts, so the service never waits on a download. A progress
 * bar on a terminal; one line per new status otherwise (a log should not fill with percentages).
 */
public final class ImagePull {
  private static final int BAR_WIDTH = 30;

  private final SlipsEngine engine;
  private final PrintStream out;
  private final boolean terminal;
  private String lastStatus = "";

  /** The width of the bar last drawn: a shorter one must blank what would be left of it. */
  private int drawn;

  public ImagePull(SlipsEngine engine, PrintStream out, boolean terminal) {
    this.engine = engine;
    this.out = out;
    this.terminal = terminal;
  }

  void pull(String image) {
    try {
      pullOrFail(image);
    } catch (EngineException e) {
      throw new InstallException(
          "cannot pull " + image + " and it is not here already: " + e.getMessage());
    }
  }

  /**
   * Pulls with progress; ends with "pulled IMAGE".
   *
   * @throws EngineException when the pull failed (the bar's line ended first)
   */
  public void pullOrFail(String image) {
    try {
      engine.pull(image, this::show);
    } finally {
      if (terminal) {
        out.println();
      }
    }
    out.println("pulled " + image);
  }

  private void show(PullProgress p) {
    if (terminal) {
      String bar = bar(p);
      out.print("\r" + bar + " ".repeat(Math.max(0, drawn - bar.length())));
      drawn = bar.length();
      out.flush();
    } else if (!p.status().equals(lastStatus)) {
      lastStatus = p.status();
      out.println("pull   " + p.status());
    }
  }

  static String bar(PullProgress p) {
    if (p.total() <= 0) {
      return String.format("[%s] %s", " ".repeat(BAR_WIDTH), p.status());
    }
    int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * p.current() / p.total());
    return String.format(
        "[%s%s] %3d%% %d/%d MB",
        "#".repeat(filled),
        " ".repeat(BAR_WIDTH - filled),
        100 * p.current() / p.total(),
        p.current() >> 20,
        p.total() >> 20);
  }
}
