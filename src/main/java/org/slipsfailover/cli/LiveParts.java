package org.slipsfailover.cli;

import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.ProcAccessPoints;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.HostRoot;

/** The production implementations of our seams. */
final class LiveParts {
  private LiveParts() {}

  static AccessPoints accessPoints(HostRoot root) {
    return new ProcAccessPoints(root, new ProcessCommands());
  }

  static SlipsEngine engine() {
    throw new UnsupportedOperationException("the Docker engine adapter is not merged yet");
  }
}
