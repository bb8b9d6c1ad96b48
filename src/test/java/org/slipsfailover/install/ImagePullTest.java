package org.slipsfailover.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.PullOnlyEngine;
import org.slipsfailover.docker.PullProgress;
import org.slipsfailover.docker.SlipsEngine;

class ImagePullTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true);

  @Test
  void onATerminalTheBarIsRedrawnInPlaceAndBlanksWhatALongerLineLeft() {
    new ImagePull(
            engine(
                List.of(
                    new PullProgress("Pulling from a-long-repository-name/slips", 0, 0),
                    new PullProgress("Downloading", 5 << 20, 100 << 20),
                    new PullProgress("Pull complete", 100 << 20, 100 << 20)),
                false),
            out,
            true)
        .pull("slips:1");
    String[] draws = bytes.toString().split("\r");
    assertThat(draws[2])
        .startsWith("[#                             ]   5% 5/100 MB")
        .endsWith(" ")
        .hasSameSizeAs(draws[1]);
    assertThat(draws[3]).isEqualTo("[" + "#".repeat(30) + "] 100% 100/100 MB\npulled slips:1\n");
  }

  @Test
  void withoutATerminalOneLinePerNewStatus() {
    new ImagePull(
            engine(
                List.of(
                    new PullProgress("Downloading", 1, 10),
                    new PullProgress("Downloading", 5, 10),
                    new PullProgress("Pull complete", 10, 10)),
                false),
            out,
            false)
        .pull("slips:1");
    assertThat(bytes.toString())
        .isEqualTo("pull   Downloading\npull   Pull complete\npulled slips:1\n");
  }

  @Test
  void aFailedPullIsOneLineAfterTheBar() {
    assertThatThrownBy(
            () ->
                new ImagePull(
                        engine(List.of(new PullProgress("Downloading", 1, 10)), true), out, true)
                    .pull("slips:1"))
        .isInstanceOf(InstallException.class)
        .hasMessage("cannot pull slips:1 and it is not here already: connection refused");
    assertThat(bytes.toString()).endsWith("\n");
  }

  private static SlipsEngine engine(List<PullProgress> steps, boolean fail) {
    return new PullOnlyEngine("the pull") {
      @Override
      public void pull(String image, Consumer<PullProgress> progress) {
        steps.forEach(progress);
        if (fail) {
          throw new EngineException("connection refused", null);
        }
      }
    };
  }
}
