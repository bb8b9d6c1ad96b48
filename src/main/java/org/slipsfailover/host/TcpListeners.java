package org.slipsfailover.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TCP sockets listening on a port in the runner's network namespace, as the kernel's socket
 * diagnostics ({@code sock_diag}, netlink, what {@code ss -lt} asks) tell them: the same sockets
 * {@code /proc/net/tcp} and {@code tcp6} list, but the kernel walks its table of listeners only and
 * keeps those of the port, instead of formatting every socket of the machine as text (hundreds on a
 * busy one, a few milliseconds a read). A question costs tens of microseconds.
 *
 * <p>One socket, kept open, asked by one caller at a time; on anything unexpected it is closed and
 * the question fails: the caller falls back on the tables of {@code /proc}.
 */
public final class TcpListeners implements AutoCloseable {
  /** A listening socket: its family's address (4 or 16 bytes, network order) and its inode. */
  public record Listener(byte[] address, long inode) {}

  private static final short SOCK_DIAG_BY_FAMILY = 20;
  private static final short NLMSG_ERROR = 2;
  private static final short NLMSG_DONE = 3;
  private static final short NLM_F_REQUEST = 0x1;
  private static final short NLM_F_DUMP = 0x300;
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int IPPROTO_TCP = 6;
  private static final int TCP_LISTEN = 10;

  /** nlmsghdr, then inet_diag_req_v2 (family, protocol, ext, pad, states, inet_diag_sockid). */
  private static final int HEADER = 16;

  private static final int REQUEST = HEADER + 56;

  /** inet_diag_msg: family, state, timer, retrans, inet_diag_sockid (48), 4 u32s, then inode. */
  private static final int ANSWER = 72;

  private static final int SOCKID_SRC = 8;
  private static final int INODE = 68;

  private static final Duration ANSWER_TIMEOUT = Duration.ofMillis(500);

  private NetlinkSocket socket;
  private int seq;

  private TcpListeners(NetlinkSocket socket) {
    this.socket = socket;
  }

  /** Empty when the kernel's socket diagnostics cannot be asked here (no JNA, no sock_diag). */
  public static Optional<TcpListeners> open() {
    try {
      TcpListeners listeners =
          new TcpListeners(NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG, Optional.empty()));
      listeners.on(0); // inet_diag may be a module: the first question loads it, or fails
      return Optional.of(listeners);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The listening TCP sockets on {@code port}, IPv4 and IPv6 ({@code 0}: on every port). */
  public synchronized List<Listener> on(int port) throws IOException {
    if (socket == null) {
      socket = NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG, Optional.empty());
    }
    try {
      List<Listener> found = new ArrayList<>();
      ask(AF_INET, port, found);
      ask(AF_INET6, port, found);
      return found;
    } catch (IOException | RuntimeException e) {
      close(); // the next question starts on a new socket
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
  }

  private void ask(int family, int port, List<Listener> found) throws IOException {
    int asked = ++seq;
    ByteBuffer request = ByteBuffer.allocate(REQUEST).order(ByteOrder.nativeOrder());
    request
        .putInt(REQUEST)
        .putShort(SOCK_DIAG_BY_FAMILY)
        .putShort((short) (NLM_F_REQUEST | NLM_F_DUMP));
    request.putInt(asked).putInt(0);
    request.put((byte) family).put((byte) IPPROTO_TCP).put((byte) 0).put((byte) 0);
    request.putInt(1 << TCP_LISTEN);
    // The kernel keeps the listeners whose source port is this one (0: all); network order.
    request.order(ByteOrder.BIG_ENDIAN).putShort((short) port);
    socket.send(request.array());
    while (true) {
      byte[] datagram =
          socket
              .receive(ANSWER_TIMEOUT)
              .orElseThrow(() -> new IOException("sock_diag: no answer within 500 ms"));
      ByteBuffer in = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
      while (in.remaining() >= HEADER) {
        int at = in.position();
        int length = in.getInt(at);
        short type = in.getShort(at + 4);
        int seqOf = in.getInt(at + 8);
        if (length < HEADER || length > in.remaining()) {
          throw new IOException(
              "sock_diag: a message of " + length + " bytes in " + datagram.length);
        }
        if (seqOf == asked) {
          if (type == NLMSG_DONE) {
            return;
          }
          if (type == NLMSG_ERROR) {
            throw new IOException("sock_diag: errno " + -in.getInt(at + HEADER));
          }
          if (type == SOCK_DIAG_BY_FAMILY && length >= HEADER + ANSWER) {
            found.add(listener(in, at + HEADER));
          }
        }
        in.position(Math.min(in.limit(), at + ((length + 3) & ~3)));
      }
    }
  }

  private static Listener listener(ByteBuffer in, int msg) {
    int family = in.get(msg) & 0xff;
    byte[] address = new byte[family == AF_INET ? 4 : 16];
    in.get(msg + SOCKID_SRC, address);
    return new Listener(address, Integer.toUnsignedLong(in.getInt(msg + INODE)));
  }

  @Override
  public synchronized void close() {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
