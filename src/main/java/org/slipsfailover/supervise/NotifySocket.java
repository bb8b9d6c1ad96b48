package org.slipsfailover.supervise;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Sends one datagram to systemd's notify socket ({@code $NOTIFY_SOCKET}), as {@code sd_notify()}
 * does. Java cannot open a datagram socket of the unix family, so this goes through libc with JNA
 * (already here: docker-java's transport reaches the Docker socket with it). A send costs a few
 * system calls, where running {@code systemd-notify} costs a process: cheap enough to feed the
 * watchdog from the supervision loop. The kernel attaches our pid (systemd asked for credentials on
 * its socket), so systemd knows the message is the service's.
 */
final class NotifySocket {
  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;

  /** {@code sizeof(struct sockaddr_un)}: the family (2 bytes) and 108 bytes of path. */
  private static final int SOCKADDR_UN_SIZE = 110;

  /** The few libc calls needed. size_t is a C long on Linux, 32 or 64 bits with the platform. */
  interface LibC extends Library {
    int socket(int domain, int type, int protocol);

    NativeLong sendto(
        int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength);

    int close(int fd);
  }

  private static final class Holder {
    static final LibC LIBC = Native.load("c", LibC.class);
  }

  private final byte[] address;
  private final int addressLength;

  /**
   * @param socket {@code $NOTIFY_SOCKET}: a path, or {@code @name} for the abstract namespace
   */
  NotifySocket(String socket) {
    byte[] path = socket.getBytes(StandardCharsets.UTF_8);
    if (path.length == 0
        || path.length >= SOCKADDR_UN_SIZE - 2
        || (path[0] != '/' && path[0] != '@')) {
      throw new IllegalArgumentException("not a notify socket: " + socket);
    }
    ByteBuffer addr = ByteBuffer.allocate(SOCKADDR_UN_SIZE).order(ByteOrder.nativeOrder());
    addr.putShort((short) AF_UNIX);
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

  void send(String message) throws IOException {
    byte[] data = message.getBytes(StandardCharsets.UTF_8);
    LibC libc = Holder.LIBC;
    int fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw new IOException("socket() failed, errno " + Native.getLastError());
    }
    try {
      long sent =
          libc.sendto(fd, data, new NativeLong(data.length), 0, address, addressLength).longValue();
      if (sent != data.length) {
        throw new IOException("sendto() failed, errno " + Native.getLastError());
      }
    } finally {
      libc.close(fd);
    }
  }
}
