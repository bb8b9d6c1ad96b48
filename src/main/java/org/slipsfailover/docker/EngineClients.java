package org.slipsfailover.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The docker-java clients of one engine, renewed when the engine went away under them.
 *
 * <p>Each client keeps a pool of open connections. When the engine restarts ({@code systemctl
 * restart docker}, as an upgrade of Debian's docker.io does), every pooled connection is dead, and
 * a request sent on one fails with "Broken pipe"; docker-java does not retry a POST, so the wait
 * for a new Slips ended at once as "daemon unreachable" until the runner restarted. A transport
 * failure (an I/O error on the socket, not a timeout) therefore throws the whole set away, pools
 * included: the next call connects anew.
 */
final class EngineClients implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Quick questions; a daemon that accepts but never answers cannot hang us. */
  static final Duration QUICK_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration PING_RESPONSE_TIMEOUT = Duration.ofSeconds(5);

  /** One set: a quick client, a patient one (no response timeout) and the pinger. */
  record Set(DockerClient quick, DockerClient patient, DockerClient pinger) {
    private void close() {
      closeQuietly(quick);
      closeQuietly(patient);
      closeQuietly(pinger);
    }
  }

  private final String host;
  private final AtomicReference<Set> current = new AtomicReference<>();

  EngineClients(String host) {
    this.host = host;
    current.set(newSet());
  }

  Set current() {
    return current.get();
  }

  /**
   * After a failure of a call made with {@code used}: when it was a transport failure, makes sure
   * the current set is a new one (built once, however many calls failed together) and says true, so
   * that an idempotent call may be tried again on it.
   */
  boolean renewAfter(Throwable failure, Set used) {
    if (!isTransportFailure(failure)) {
      return false;
    }
    renew(used);
    return true;
  }

  /** Makes sure the current set is a new one, not {@code used} (built once, whoever asks). */
  void renew(Set used) {
    Set fresh = newSet();
    if (current.compareAndSet(used, fresh)) {
      // Calls still running on the old set fail as they would anyway: its engine is gone.
      used.close();
    } else {
      fresh.close(); // another call renewed it first
    }
  }

  /** An I/O error on the socket anywhere in the chain; a timeout is not one (a hung daemon). */
  static boolean isTransportFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IOException && !(t instanceof InterruptedIOException)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A client of its own with no response timeout, for one wait: {@code /wait} stays silent until
   * the container exits, and a fresh connection cannot be a dead pooled one. The caller closes it.
   */
  DockerClient forOneWait() {
    return client(host, null);
  }

  /** A client of its own for one ping, on a new connection; the caller closes it. */
  DockerClient forOnePing() {
    return client(host, PING_RESPONSE_TIMEOUT);
  }

  private Set newSet() {
    return new Set(
        client(host, QUICK_RESPONSE_TIMEOUT),
        client(host, null),
        client(host, PING_RESPONSE_TIMEOUT));
  }

  private static DockerClient client(String dockerHost, Duration responseTimeout) {
    // The endpoint is given explicitly; docker-java's config would otherwise read DOCKER_HOST and
    // ~/.docker from the environment behind the user's back.
    var config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
    var http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(URI.create(dockerHost))
            .connectionTimeout(CONNECT_TIMEOUT)
            .responseTimeout(responseTimeout)
            .build();
    return DockerClientImpl.getInstance(config, http);
  }

  static void closeQuietly(DockerClient client) {
    try {
      client.close();
    } catch (IOException e) {
      // Closing sockets: nothing useful to do with a failure.
    }
  }

  @Override
  public void close() {
    current.get().close();
  }
}
