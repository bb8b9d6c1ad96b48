package org.slipsfailover.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.docker.ContainerEnd.Reason;

/**
 * The engine restarted under a client that has used it ({@code systemctl restart docker}, as an
 * upgrade of Debian's docker.io does): the client's pooled connections are dead, and without a
 * reconnect every call answered "Broken pipe" and the next wait ended at once as "daemon
 * unreachable". A private dockerd, restarted on the same socket; the host's engine is not touched.
 */
class DockerJavaEngineReconnectIT {
  private static PrivateDockerd dockerd;

  @TempDir Path slipsDir;

  @BeforeAll
  static void privateEngine() throws Exception {
    dockerd = PrivateDockerd.startWithStandinImage();
  }

  @AfterAll
  static void stopIt() throws Exception {
    if (dockerd != null) {
      dockerd.close();
    }
  }

  private ContainerSpec exiting(String name, int code) throws Exception {
    Files.createDirectories(slipsDir.resolve("output"));
    return new ContainerSpec(
        name,
        DockerCli.STANDIN_IMAGE,
        slipsDir.resolve("output"),
        "/StratosphereLinuxIPS/output",
        512,
        "64m",
        "16m",
        List.of("bash", "-c", "exit " + code));
  }

  /** Uses each of the engine's clients, so that each holds a pooled connection. */
  private void useEveryClient(DockerJavaEngine engine, String name) throws Exception {
    engine.ping();
    assertThat(engine.imagePresent(DockerCli.STANDIN_IMAGE)).isTrue();
    String id = engine.createAndStart(exiting(name, 3));
    assertThat(engine.awaitEnd(id)).isEqualTo(new ContainerEnd(Reason.EXITED, 3, null));
    assertThat(engine.removeIfExists(name)).isTrue();
  }

  @Test
  void everyCallWorksAgainAfterTheEngineRestarted() throws Exception {
    String name = "sfit-" + Long.toHexString(System.nanoTime());
    try (DockerJavaEngine engine = new DockerJavaEngine(dockerd.host())) {
      useEveryClient(engine, name);

      dockerd.restart();

      // The first call after the restart, on each client: no "Broken pipe", no retry by the test.
      assertThat(engine.imagePresent(DockerCli.STANDIN_IMAGE)).isTrue();
      engine.ping();
      assertThat(engine.inspect(name)).isEmpty();
      assertThat(engine.removeIfExists(name)).isFalse();
      String id = engine.createAndStart(exiting(name, 4));
      // The wait is what cut the new Slips at once ("Docker daemon is unreachable").
      assertThat(engine.awaitEnd(id)).isEqualTo(new ContainerEnd(Reason.EXITED, 4, null));
      assertThat(engine.removeIfExists(name)).isTrue();

      // And again: a second restart is survived as the first.
      dockerd.restart();
      useEveryClient(engine, name);
    }
  }

  @Test
  void aWaitOnTheFirstCallAfterTheRestartWorks() throws Exception {
    String name = "sfit-" + Long.toHexString(System.nanoTime());
    try (DockerJavaEngine engine = new DockerJavaEngine(dockerd.host())) {
      useEveryClient(engine, name);
      String id =
          dockerd
              .cli()
              .run("create", "--name", name, DockerCli.STANDIN_IMAGE, "bash", "-c", "exit 5")
              .strip();

      dockerd.restart();
      dockerd.cli().run("start", id);

      assertThat(engine.awaitEnd(id)).isEqualTo(new ContainerEnd(Reason.EXITED, 5, null));
      dockerd.cli().quietly("rm", "-f", name);
    }
  }
}
