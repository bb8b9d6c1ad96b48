package org.slipsfailover.host;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Sends one datagram to systemd's notify socket ({@code $NOTIFY_SOCKET}), as {@code sd_notify()}
 * does. Java cannot open a datagram socket of the unix family, so this goes through the C library
 * ({@link LibC}). A send costs a few system calls, where running {@code systemd-notify} costs a
 * process: cheap enough to feed the watchdog from the supervision loop. The kernel attaches our pid
 * (systemd asked for credentials on its socket), so systemd knows the message is the service's.
 */
public final class NotifySocket {
  /** {@code sizeof(struct sockaddr_un)}: the family (2 bytes) and 108 bytes of path. */
  private static final int SOCKADDR_UN_SIZE = 110;

  private final byte[] address;
  private final int addressLength;

  /**
   * @param socket {@code $NOTIFY_SOCKET}: a path, or {@code @name} for the abstract namespace
   */
  public NotifySocket(String socket) {
    byte[] path = socket.getBytes(StandardCharsets.UTF_8);
    if (path.length == 0
        || path.length >= SOCKADDR_UN_SIZE - 2
        || (path[0] != '/' && path[0] != '@')) {
      throw new IllegalArgumentException("not a notify socket: " + socket);
    }
    ByteBuffer addr = ByteBuffer.allocate(SOCKADDR_UN_SIZE).order(ByteOrder.nativeOrder());
    addr.putShort((short) LibC.AF_UNIX);
    addr.put(path);
    byte[] bytes = addr.array();
    if (path[0] == '@') {
      bytes[2] = 0; // abstract: a leading NUL, and the length counts no terminator
      addressLength = 2 + path.length;
    } else {
      addressLength = 2 + path.length + 1;
    }
    this.address = bytes;
  }

  /** Sends one message; throws when the C library cannot be called here or the send failed. */
  public void send(String message) throws IOException {
    if (!LibC.available()) {
      throw new IOException("no C library through JNA");
    }
    byte[] data = message.getBytes(StandardCharsets.UTF_8);
    int fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw new IOException("socket() failed, errno " + LibC.errno());
    }
    try (Memory buffer = new Memory(Math.max(1, data.length));
        Memory to = new Memory(address.length)) {
      buffer.write(0, data, 0, data.length);
      to.write(0, address, 0, address.length);
      long sent =
          LibC.sendto(fd, buffer, new NativeLong(data.length), 0, to, addressLength).longValue();
      if (sent != data.length) {
        throw new IOException("sendto() failed, errno " + LibC.errno());
      }
    } finally {
      LibC.close(fd);
    }
  }
}
