package org.slipsfailover.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A slow network between the engine and the registry, as a Pi's Wi-Fi is: a TCP relay on 127.0.0.1
 * that passes what the registry sends at most {@code bytesPerSecond} per connection, so that a pull
 * of a test-sized image lasts long enough to be interrupted mid-way. It shapes the bytes only:
 * requests and answers are the registry's own.
 */
final class ThrottledProxy implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;

  private final ServerSocket server;
  private final int upstreamPort;
  private final long bytesPerSecond;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  ThrottledProxy(int upstreamPort, long bytesPerSecond) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.upstreamPort = upstreamPort;
    this.bytesPerSecond = bytesPerSecond;
    Thread acceptor = new Thread(this::accept, "proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String host() {
    return "127.0.0.1:" + server.getLocalPort();
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
        relay(client, upstream, Long.MAX_VALUE);
        relay(upstream, client, bytesPerSecond);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void relay(Socket from, Socket to, long rate) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[CHUNK];
              long start = System.nanoTime();
              long sent = 0;
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
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
    server.close();
    for (Socket s : open) {
      closeQuietly(s);
    }
  }
}
