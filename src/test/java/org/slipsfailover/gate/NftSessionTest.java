package org.slipsfailover.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;

/**
 * The long-lived nft is started through {@link Commands}, like every command, and one that does not
 * answer a request within its limit is killed: the request fails, nothing hangs.
 */
class NftSessionTest {
  /** Starts a process that reads its input and never answers, as a hung nft would. */
  private static final class Silent implements Commands {
    final List<List<String>> started = new ArrayList<>();
    final List<Process> processes = new ArrayList<>();

    @Override
    public CommandResult run(List<String> argv) {
      throw new AssertionError("a long-lived nft is started, not run");
    }

    @Override
    public Process start(List<String> argv) throws IOException {
      started.add(argv);
      Process p = new ProcessBuilder("sleep", "600").start();
      processes.add(p);
      return p;
    }
  }

  @Test
  void aSilentNftFailsTheRequestIsKilledAndTheNextRequestStartsAFreshOne() {
    Silent commands = new Silent();
    NftSession session = new NftSession(List.of("nft", "-j", "-i"), commands);
    try {
      assertThat(session.request(List.of(), GateTable.lists())).isEmpty();
      assertThat(commands.started).containsExactly(List.of("nft", "-j", "-i"));
      await().atMost(Duration.ofSeconds(30)).until(() -> !commands.processes.get(0).isAlive());
      assertThat(session.request(List.of(), GateTable.lists())).isEmpty();
      assertThat(commands.started).hasSize(2);
    } finally {
      session.close();
      commands.processes.forEach(Process::destroyForcibly);
    }
  }

  @Test
  void aCommandsThatCannotStartIsAFailedRequestNotAnException() {
    Commands cannot = argv -> new CommandResult(127, "", "no");
    NftSession session = new NftSession(List.of("nft", "-j", "-i"), cannot);
    assertThat(session.request(List.of(), GateTable.lists())).isEmpty();
  }
}
