package org.slipsfailover.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code PING} to Slips' Redis on 127.0.0.1 (Slips binds it there; with the host network that is
 * this machine's loopback). A new connection each time: a frozen Redis still lets the kernel accept
 * it, so only the answer tells, and the timeout bounds the wait for it.
 */
final class RedisPing {
  private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final String PONG = "+PONG";

  private RedisPing() {}

  /** Empty when Redis answered {@code +PONG}; otherwise what went wrong. */
  static Optional<String> ping(int port, Duration timeout) {
    try (Socket socket = connect(port, timeout)) {
      return pingOn(socket);
    } catch (SocketTimeoutException e) {
      return Optional.of("no answer within " + millis(timeout) + " ms");
    } catch (IOException e) {
      return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  /** A connection to Redis on 127.0.0.1 whose connect and reads wait at most {@code timeout}. */
  static Socket connect(int port, Duration timeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), millis(timeout));
      socket.setSoTimeout(millis(timeout));
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * One {@code PING} on an open connection: empty when Redis answered {@code +PONG}, otherwise what
   * it answered; a timeout or a closed connection throws.
   */
  static Optional<String> pingOn(Socket socket) throws IOException {
    socket.getOutputStream().write(PING);
    String answer = readLine(socket.getInputStream());
    return answer.equals(PONG)
        ? Optional.empty()
        : Optional.of("answered '" + printable(answer) + "' to PING");
  }

  private static int millis(Duration timeout) {
    return (int) Math.max(1, timeout.toMillis());
  }

  /** One line, at most 64 bytes of it: Redis answers PING with one short line. */
  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n' && line.length() < 64; b = in.read()) {
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private static String printable(String s) {
    return s.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
