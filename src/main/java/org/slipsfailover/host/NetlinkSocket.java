package org.slipsfailover.host;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A netlink socket to one of the kernel's subsystems, through the C library (JNA, which docker-java
 * already ships): Java has no {@code AF_NETLINK}. Messages go to the kernel and answers come back
 * whole, one datagram each. Not thread-safe: one caller at a time.
 */
public final class NetlinkSocket implements AutoCloseable {
  /** The netfilter family: nftables speaks through it. */
  public static final int NETLINK_NETFILTER = 12;

  /** The socket-diagnostics family: the kernel's list of sockets, as {@code ss} reads it. */
  public static final int NETLINK_SOCK_DIAG = 4;

  /** A datagram larger than this is cut: our messages and answers are a few hundred bytes. */
  private static final int BUFFER = 8 * 1024;

  // Native memory, made once: a Java array would be copied in and out whole at every call.
  private final Memory kernelAddress = new Memory(12);
  private final Memory outgoing = new Memory(BUFFER);
  private final Memory incoming = new Memory(BUFFER);
  private final NativeLong incomingSize = new NativeLong(BUFFER);
  private int fd;

  private NetlinkSocket(int fd) {
    this.fd = fd;
    // struct sockaddr_nl: family, padding, pid 0 (the kernel), no multicast groups.
    kernelAddress.clear();
    kernelAddress.setShort(0, (short) LibC.AF_NETLINK);
  }

  /** True when the C library can be called here (JNA found its native part for this machine). */
  public static boolean available() {
    return LibC.available();
  }

  /**
   * Opens a socket in this process's network namespace, or in the named one ({@code
   * /run/netns/NAME}, as {@code ip netns} makes them): a socket stays in the namespace it was made
   * in, so a short-lived thread of its own enters that namespace, makes it, and ends.
   */
  public static NetlinkSocket open(int protocol, Optional<Path> netns) throws IOException {
    if (!available()) {
      throw new IOException("no C library through JNA");
    }
    if (netns.isEmpty()) {
      return new NetlinkSocket(socket(protocol));
    }
    AtomicInteger made = new AtomicInteger(-1);
    AtomicReference<String> failed = new AtomicReference<>();
    Thread inside =
        DaemonThreads.start(
            "netlink-in-" + netns.get().getFileName(),
            () -> {
              int ns = LibC.open(netns.get().toString(), LibC.O_RDONLY_CLOEXEC);
              if (ns < 0) {
                failed.set("open " + netns.get() + ": errno " + LibC.errno());
                return;
              }
              try {
                if (LibC.setns(ns, LibC.CLONE_NEWNET) != 0) {
                  failed.set("setns " + netns.get() + ": errno " + LibC.errno());
                  return;
                }
                made.set(socket(protocol));
              } catch (IOException e) {
                failed.set(e.getMessage());
              } finally {
                LibC.close(ns);
              }
            });
    try {
      inside.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while opening a netlink socket");
    }
    if (made.get() < 0) {
      throw new IOException(failed.get());
    }
    return new NetlinkSocket(made.get());
  }

  private static int socket(int protocol) throws IOException {
    int fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
    if (fd < 0) {
      throw new IOException("netlink socket: errno " + LibC.errno());
    }
    return fd;
  }

  /** Sends one datagram (one or more netlink messages) to the kernel. */
  public void send(byte[] messages) throws IOException {
    if (messages.length > BUFFER) {
      throw new IOException("netlink send: " + messages.length + " bytes is too long");
    }
    outgoing.write(0, messages, 0, messages.length);
    NativeLong sent =
        LibC.sendto(
            fd,
            outgoing,
            new NativeLong(messages.length),
            0,
            kernelAddress,
            (int) kernelAddress.size());
    if (sent.longValue() != messages.length) {
      throw new IOException("netlink send: errno " + LibC.errno());
    }
  }

  /** The next datagram from the kernel; empty when none came within the timeout. */
  public Optional<byte[]> receive(Duration timeout) throws IOException {
    Deadline deadline = Deadline.in(timeout);
    while (true) {
      // The kernel handles a request within our send, so its answer is usually there already:
      // try without waiting first, and poll only when nothing is.
      long length = LibC.recv(fd, incoming, incomingSize, LibC.MSG_DONTWAIT).longValue();
      if (length >= 0) {
        return Optional.of(incoming.getByteArray(0, (int) Math.min(length, BUFFER)));
      }
      int errno = LibC.errno();
      if (errno != LibC.EAGAIN && errno != LibC.EINTR) {
        throw new IOException("netlink receive: errno " + errno);
      }
      int leftMs = (int) deadline.left().toMillis();
      int[] pollfd = {fd, LibC.POLLIN};
      int ready = LibC.poll(pollfd, 1, leftMs);
      if (ready < 0 && LibC.errno() != LibC.EINTR) {
        throw new IOException("netlink poll: errno " + LibC.errno());
      }
      if (ready == 0) {
        return Optional.empty();
      }
    }
  }

  @Override
  public void close() {
    if (fd >= 0) {
      LibC.close(fd);
      fd = -1;
    }
  }
}
