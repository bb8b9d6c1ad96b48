package org.slipsfailover.status;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slipsfailover.host.Commands;

/**
 * What Slips found, for readers outside {@code status} (the metrics): the same readers as {@code
 * status}, {@link AlertsFile} with its size limit and no link followed, and {@link BlockChain}.
 */
public final class FindingsReader {
  private FindingsReader() {}

  /** Slips' alerts of its newest run under {@code outputDir} (on the host). */
  public static SlipsFindings alerts(Path outputDir) throws IOException {
    return AlertsFile.read(outputDir);
  }

  /** The addresses Slips blocks now; empty when its chain cannot be read. */
  public static Optional<List<String>> blocked(Commands commands) {
    return BlockChain.read(commands);
  }
}
