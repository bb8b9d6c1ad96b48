package org.slipsfailover.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A slow network between the engine and the registry, as a Pi's Wi-Fi is: a TCP relay on 127.0.0.1
 * that passes what the registry sends at most {@code bytesPerSecond} per connection. It shapes the
 * bytes only: requests and answers are the registry's own.
 *
 * <p>And a gate, so that no outcome depends on how fast the pull goes: after {@link #hold}, the
 * answer to a request for that blob passes its first {@link #HELD_AFTER} bytes (the engine reports
 * progress), then nothing more until the test calls {@link #release}. A test interrupts "a pull
 * half-way" while it is held, and it is half-way on any machine.
 */
public final class ThrottledProxy implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;

  /** What a held blob's answer passes before the gate: a few percent of the test's image. */
  static final long HELD_AFTER = 8L << 20;

  private final ServerSocket server;
  private final int upstreamPort;
  private final long bytesPerSecond;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Set<Connection> waiting = ConcurrentHashMap.newKeySet();
  private volatile Gate gate = Gate.OPEN;

  public ThrottledProxy(int upstreamPort, long bytesPerSecond) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.upstreamPort = upstreamPort;
    this.bytesPerSecond = bytesPerSecond;
    Thread acceptor = new Thread(this::accept, "proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** From now on, answers for {@code digest} stop after {@link #HELD_AFTER} bytes until release. */
  public void hold(String digest) {
    gate.open(); // a gate left closed by an earlier test lets its connections go
    gate = new Gate(digest);
  }

  /** Lets every held answer go on (at the paced rate); later requests are not held. */
  public void release() {
    gate.open();
    gate = Gate.OPEN;
  }

  /** How many answers wait at the gate: 1 once a pull is held half-way. */
  public int heldAnswers() {
    return waiting.size();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream;
        try {
          upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        } catch (IOException e) {
          client.close(); // the registry is down: so is the connection
          continue;
        }
        open.add(client);
        open.add(upstream);
        Connection connection = new Connection();
        relay(client, upstream, Long.MAX_VALUE, connection, true);
        relay(upstream, client, bytesPerSecond, connection, false);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** One client connection: whether the last request on it asked for the held blob. */
  private static final class Connection {
    volatile Gate heldBy;
    volatile long answeredSinceRequest;
  }

  private void relay(Socket from, Socket to, long rate, Connection connection, boolean requests) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[CHUNK];
              long start = System.nanoTime();
              long sent = 0;
              String tail = "";
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                  if (requests) {
                    // Set before the request goes on, so before any byte of its answer comes back.
                    String seen = tail + new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    Gate current = gate;
                    connection.heldBy = current.asksFor(seen) ? current : null;
                    connection.answeredSinceRequest = 0;
                    // What may be the start of the next request (GETs have no body).
                    int end = seen.lastIndexOf("\r\n\r\n");
                    tail =
                        end < 0
                            ? seen.substring(Math.max(0, seen.length() - 4096))
                            : seen.substring(end + 4);
                  } else {
                    awaitGate(connection, n);
                  }
                  out.write(buf, 0, n);
                  out.flush();
                  sent += n;
                  // Pacing, not an assertion: ahead of the rate, wait until the rate catches up.
                  long dueNanos = rate == Long.MAX_VALUE ? 0 : sent * 1_000_000_000L / rate;
                  long aheadMillis = (dueNanos - (System.nanoTime() - start)) / 1_000_000;
                  if (aheadMillis > 0) {
                    Thread.sleep(aheadMillis);
                  }
                }
              } catch (IOException | InterruptedException e) {
                // Either end closed: close both below.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "proxy-relay");
    t.setDaemon(true);
    t.start();
  }

  /** An answer to a held request waits here once it has passed {@link #HELD_AFTER} bytes. */
  private void awaitGate(Connection connection, int next) throws InterruptedException {
    Gate heldBy = connection.heldBy;
    connection.answeredSinceRequest += next;
    if (heldBy != null && connection.answeredSinceRequest > HELD_AFTER) {
      waiting.add(connection);
      try {
        heldBy.released.await();
      } finally {
        waiting.remove(connection);
      }
    }
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    release();
    server.close();
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  /** A blob held, until opened; {@link #OPEN} holds nothing. */
  private static final class Gate {
    static final Gate OPEN = new Gate(null);

    private final String digest;
    final CountDownLatch released = new CountDownLatch(1);

    Gate(String digest) {
      this.digest = digest;
    }

    boolean asksFor(String request) {
      return digest != null && request.contains("/blobs/" + digest);
    }

    void open() {
      released.countDown();
    }
  }
}
