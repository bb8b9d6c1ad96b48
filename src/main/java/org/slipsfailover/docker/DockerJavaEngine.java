package org.slipsfailover.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.WaitResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slipsfailover.docker.ContainerEnd.Reason;

/**
 * {@link SlipsEngine} over docker-java with the zerodep transport.
 *
 * <p>Clients ({@link EngineClients}): a quick one with a response timeout for short questions, so
 * that a daemon that accepts but never answers cannot hang us; a patient one with none for the pull
 * and the stop; and, for each wait, a client of its own. A response timeout is an idle timeout, and
 * {@code /wait} stays silent until the container exits, so the waiting client must not have one.
 * After the engine restarted, a transport failure renews the clients, and a call that is safe to
 * repeat (a question, a forced removal, a ping) is tried once more on the new connection; the
 * creation of a container never is.
 */
public final class DockerJavaEngine implements SlipsEngine, AutoCloseable {
  public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

  private static final int EXIT_SIGKILL = 128 + 9;

  /** A pull with no progress this long is given up ({@link PullStream}). */
  public static final Duration PULL_STALL_LIMIT = Duration.ofMinutes(5);

  private final String host;
  private final PullStall pullStall;
  private final EngineClients clients;

  /**
   * @param dockerHost a {@code DOCKER_HOST}-style endpoint, e.g. {@link #DEFAULT_HOST}
   */
  public DockerJavaEngine(String dockerHost) {
    this(dockerHost, PULL_STALL_LIMIT);
  }

  /**
   * @param pullStallLimit a pull silent this long is given up (tests make it short)
   */
  public DockerJavaEngine(String dockerHost, Duration pullStallLimit) {
    this.host = dockerHost;
    this.pullStall = PullStall.after(pullStallLimit);
    this.clients = new EngineClients(dockerHost);
  }

  @Override
  public boolean imagePresent(String image) {
    return repeatable(
        "inspect image " + image,
        c -> {
          try {
            c.quick().inspectImageCmd(image).exec();
            return true;
          } catch (NotFoundException e) {
            return false;
          }
        });
  }

  @Override
  public void pull(String image, Consumer<PullProgress> progress) {
    ImageReference ref = ImageReference.parse(image);
    PullStream stream = new PullStream(image, progress, pullStall);
    once(
        "pull " + image,
        c -> {
          // An empty tag would pull every tag of the repository: always name one.
          c.patient().pullImageCmd(ref.repository()).withTag(ref.tag()).exec(stream).awaitEnd();
          return null;
        });
  }

  @Override
  public boolean removeIfExists(String name) {
    return repeatable(
        "remove container " + name,
        c -> {
          try {
            c.quick().removeContainerCmd(name).withForce(true).withRemoveVolumes(false).exec();
            return true;
          } catch (NotFoundException e) {
            return false;
          }
        });
  }

  @Override
  public String createAndStart(ContainerSpec spec) {
    long memory = ByteSizes.parse(spec.memory());
    HostConfig hostConfig =
        HostConfig.newHostConfig()
            .withNetworkMode("host")
            .withCpuShares(spec.cpuShares())
            .withMemory(memory)
            .withMemorySwap(memory)
            .withShmSize(ByteSizes.parse(spec.shmSize()))
            .withCapAdd(Capability.NET_ADMIN)
            .withBinds(
                new Bind(spec.hostOutputDir().toString(), new Volume(spec.containerOutputDir())));
    // Never repeated: a request that failed may still have created the container.
    return once(
        "create and start container " + spec.name(),
        c -> {
          String id =
              c.quick()
                  .createContainerCmd(spec.image())
                  .withName(spec.name())
                  .withHostConfig(hostConfig)
                  .withTty(true) // docker run -t
                  .withStdinOpen(true) // docker run -i
                  .withCmd(spec.command())
                  .exec()
                  .getId();
          c.quick().startContainerCmd(id).exec();
          return id;
        });
  }

  @Override
  public ContainerEnd awaitEnd(String containerId) {
    AtomicReference<Integer> status = new AtomicReference<>();
    var callback =
        new ResultCallback.Adapter<WaitResponse>() {
          @Override
          public void onNext(WaitResponse response) {
            status.set(response.getStatusCode());
          }
        };
    EngineClients.Set used = clients.current();
    // A connection of its own: a pooled one may be dead since the engine restarted.
    DockerClient waiter = clients.forOneWait();
    try {
      waiter.waitContainerCmd(containerId).exec(callback).awaitCompletion();
    } catch (NotFoundException e) {
      return new ContainerEnd(Reason.REMOVED, null, "the engine no longer knows it");
    } catch (DockerException e) {
      return new ContainerEnd(Reason.DAEMON_UNREACHABLE, null, "wait failed: " + oneLine(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ContainerEnd(Reason.DAEMON_UNREACHABLE, null, "interrupted while waiting");
    } catch (RuntimeException e) {
      clients.renewAfter(e, used); // the engine went away: the next calls connect anew
      return new ContainerEnd(Reason.DAEMON_UNREACHABLE, null, host + ": " + oneLine(e));
    } finally {
      EngineClients.closeQuietly(waiter);
    }
    Integer code = status.get();
    if (code == null) {
      clients.renewAfter(new IOException("wait closed unanswered"), used);
      // The stream ended without an answer: the daemon went away mid-wait.
      return new ContainerEnd(
          Reason.DAEMON_UNREACHABLE, null, host + " closed the wait unanswered");
    }
    Reason reason = code == EXIT_SIGKILL ? Reason.KILLED : Reason.EXITED;
    return new ContainerEnd(reason, code, null);
  }

  @Override
  public ContainerEnd explain(String containerId, ContainerEnd end) {
    if (end.reason() == Reason.DAEMON_UNREACHABLE || end.reason() == Reason.REMOVED) {
      return end;
    }
    InspectContainerResponse.ContainerState state;
    try {
      state =
          repeatable(
              "inspect container " + containerId,
              c -> c.quick().inspectContainerCmd(containerId).exec().getState());
    } catch (EngineException e) {
      if (e.getCause() instanceof NotFoundException) {
        return new ContainerEnd(Reason.REMOVED, end.exitCode(), null);
      }
      return new ContainerEnd(
          end.reason(), end.exitCode(), "the engine did not say more: " + oneLine(e));
    }
    // docker rm -f marks the container "removing" before it kills it.
    if ("removing".equals(state.getStatus()) || Boolean.TRUE.equals(state.getDead())) {
      return new ContainerEnd(Reason.REMOVED, end.exitCode(), null);
    }
    if (Boolean.TRUE.equals(state.getOOMKilled())) {
      return new ContainerEnd(Reason.OOM_KILLED, end.exitCode(), null);
    }
    String error = state.getError();
    return new ContainerEnd(
        end.reason(), end.exitCode(), error == null || error.isBlank() ? null : error);
  }

  @Override
  public void stop(String containerId, Duration grace) {
    askSlipsToStop(containerId);
    // Repeatable: stopping a stopped container is what NotModified below says.
    repeatable(
        "stop container " + containerId,
        c -> {
          try {
            c.patient().stopContainerCmd(containerId).withTimeout((int) grace.toSeconds()).exec();
          } catch (NotFoundException | NotModifiedException e) {
            // Already gone or already stopped: what we wanted.
          }
          return null;
        });
  }

  /**
   * Presses Ctrl-C in Slips' tmux pane, the way Slips is meant to be stopped: it then shuts down
   * cleanly, tmux and the container's bash follow, and the container ends within the grace. A plain
   * {@code docker stop} cannot do this: its SIGTERM goes to the container's PID 1, a bash that
   * ignores it, so Slips would only ever be SIGKILLed at the end of the grace. Best effort: the
   * stop below still follows.
   */
  private void askSlipsToStop(String containerId) {
    EngineClients.Set c = clients.current();
    try {
      String exec =
          c.quick()
              .execCreateCmd(containerId)
              .withCmd("tmux", "send-keys", "-t", ContainerSpec.TMUX_SESSION, "C-c")
              .exec()
              .getId();
      c.quick()
          .execStartCmd(exec)
          .exec(new ResultCallback.Adapter<>())
          .awaitCompletion(
              EngineClients.QUICK_RESPONSE_TIMEOUT.toSeconds(),
              java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // Already gone, or no tmux session: docker stop takes over.
      clients.renewAfter(e, c);
    }
  }

  @Override
  public void ping() {
    repeatable("ping", c -> c.pinger().pingCmd().exec());
  }

  @Override
  public void pingAnew() {
    EngineClients.Set held = clients.current();
    DockerClient fresh = clients.forOnePing();
    try {
      fresh.pingCmd().exec();
    } catch (RuntimeException e) {
      // Held connections may lead to a dockerd on its way out, which still answers on them.
      clients.renew(held);
      throw new EngineException("ping at " + host + ": " + oneLine(e), e);
    } finally {
      EngineClients.closeQuietly(fresh);
    }
  }

  @Override
  public Optional<ContainerState> inspect(String name) {
    return repeatable(
        "inspect container " + name,
        clientSet -> {
          try {
            InspectContainerResponse c = clientSet.quick().inspectContainerCmd(name).exec();
            InspectContainerResponse.ContainerState state = c.getState();
            return Optional.of(
                new ContainerState(
                    name,
                    Boolean.TRUE.equals(state.getRunning()),
                    c.getConfig() == null ? "" : c.getConfig().getImage(),
                    engineTime(state.getStartedAt()),
                    engineTime(state.getFinishedAt()),
                    state.getExitCodeLong() == null ? 0 : state.getExitCodeLong().intValue(),
                    Boolean.TRUE.equals(state.getOOMKilled()),
                    state.getPidLong() == null ? 0 : state.getPidLong()));
          } catch (NotFoundException e) {
            return Optional.<ContainerState>empty();
          }
        });
  }

  /** The engine says "0001-01-01T00:00:00Z" for never. */
  private static Optional<Instant> engineTime(String text) {
    if (text == null || text.startsWith("0001-")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    clients.close();
  }

  private interface EngineCall<T> {
    T run(EngineClients.Set clients) throws InterruptedException;
  }

  /**
   * A call that must not be made twice: no retry, though a transport failure renews the clients.
   */
  private <T> T once(String what, EngineCall<T> body) {
    return call(what, body, false);
  }

  /** A call safe to make twice: after a transport failure, tried once more on new clients. */
  private <T> T repeatable(String what, EngineCall<T> body) {
    return call(what, body, true);
  }

  /** Runs a call and turns every failure into one {@link EngineException} line for the log. */
  private <T> T call(String what, EngineCall<T> body, boolean repeatable) {
    EngineClients.Set used = clients.current();
    try {
      return body.run(used);
    } catch (EngineException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException(what + ": interrupted", e);
    } catch (RuntimeException e) {
      if (clients.renewAfter(e, used) && repeatable) {
        return call(what, body, false);
      }
      throw new EngineException(what + " at " + host + ": " + oneLine(e), e);
    }
  }

  /** The innermost message, on one line: docker-java wraps socket errors several times. */
  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.strip().replaceAll("\\s+", " ");
  }
}
