package org.slipsfailover.probe;

import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.slipsfailover.host.ProcFs;

/**
 * Whether what answers on 127.0.0.1:port is the container's Redis: every listening socket that
 * could have taken the connection (127.0.0.1 or the wildcard, IPv4 or IPv6, in the runner's network
 * namespace, which Slips shares) is held by a process in the container's pid namespace. Without
 * this, a local user who shuts Slips' Redis down (it has no password) and answers {@code +PONG} on
 * the port would keep the gate open for a blind Slips.
 *
 * <p>Cheap on a Pi, once a second: the listening sockets are read from {@code /proc/net/tcp} and
 * {@code tcp6} at each check; the holder found for a socket is remembered (pid, start time,
 * descriptor), and checked again with one {@code stat} and one {@code readlink}. Only a new socket
 * (Redis restarted, or someone else's) costs a scan of the processes' descriptors.
 *
 * <p>What it does not tell: a process of the container is trusted (root, host network, {@code
 * NET_ADMIN}); one that hands its socket to an outside process, or answers {@code +PONG} for a
 * Redis that does not work, fakes its own health.
 */
final class RedisOwner {
  private static final String LISTEN = "0A";

  private final ProcFs proc;
  private Set<Long> verifiedInodes = Set.of();
  private List<Holder> verifiedHolders = List.of();

  RedisOwner(ProcFs proc) {
    this.proc = proc;
  }

  /** A process of the container that holds a listening socket, at one of its descriptors. */
  private record Holder(ProcFs.Pid process, int fd, long inode) {}

  /**
   * Empty when every listener of 127.0.0.1:{@code port} is held by a process of the container whose
   * first process is {@code containerInit}; otherwise why not, in a few words after the address.
   */
  synchronized Optional<String> check(int port, ProcFs.Pid containerInit) {
    Set<Long> inodes = listeners(port);
    if (inodes.isEmpty()) {
      return Optional.of("has no listening socket in this network namespace");
    }
    if (inodes.equals(verifiedInodes) && stillHeld(verifiedHolders)) {
      return Optional.empty();
    }
    verifiedInodes = Set.of();
    Optional<String> pidNamespace = proc.pidNamespace(containerInit.pid());
    if (pidNamespace.isEmpty() || !proc.alive(containerInit)) {
      return Optional.of("cannot be told Slips' (the container's first process is gone)");
    }
    List<Holder> holders = new ArrayList<>();
    for (long inode : inodes) {
      Optional<Holder> holder;
      try {
        holder = holderIn(inode, pidNamespace.get(), true);
      } catch (AccessDeniedException e) {
        return Optional.of("cannot be told Slips' (only root may see who holds its socket)");
      }
      if (holder.isEmpty()) {
        return Optional.of(
            "is not Slips'"
                + outsider(inode, pidNamespace.get())
                    .map(pid -> " (pid " + pid + " outside its container)")
                    .orElse(" (its socket is held by no process of its container)"));
      }
      holders.add(holder.get());
    }
    verifiedInodes = inodes;
    verifiedHolders = List.copyOf(holders);
    return Optional.empty();
  }

  private boolean stillHeld(List<Holder> holders) {
    for (Holder h : holders) {
      if (proc.socket(h.process().pid(), h.fd()) != h.inode() || !proc.alive(h.process())) {
        return false;
      }
    }
    return true;
  }

  /** A process of the pid namespace ({@code inside}), or outside it, that holds the socket. */
  private Optional<Holder> holderIn(long inode, String namespace, boolean inside)
      throws AccessDeniedException {
    for (long pid : proc.pids()) {
      if (proc.pidNamespace(pid).map(namespace::equals).orElse(!inside) != inside) {
        continue;
      }
      Map<Integer, Long> sockets;
      try {
        sockets = proc.sockets(pid);
      } catch (AccessDeniedException e) {
        if (inside) {
          throw e;
        }
        continue; // an outsider we may not look into is not named
      }
      for (var socket : sockets.entrySet()) {
        if (socket.getValue() == inode) {
          Optional<ProcFs.Pid> living = proc.living(pid);
          if (living.isPresent()) {
            return Optional.of(new Holder(living.get(), socket.getKey(), inode));
          }
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Long> outsider(long inode, String namespace) {
    try {
      return holderIn(inode, namespace, false).map(h -> h.process().pid());
    } catch (AccessDeniedException e) {
      return Optional.empty();
    }
  }

  /**
   * The inodes of the sockets listening where a connection to 127.0.0.1:{@code port} may land:
   * 127.0.0.1 or 0.0.0.0 in {@code tcp}, {@code ::ffff:127.0.0.1} or {@code ::} in {@code tcp6}.
   */
  Set<Long> listeners(int port) {
    Set<Long> inodes = new TreeSet<>();
    // Only lines that name the port and LISTEN are split: a busy machine has hundreds of sockets.
    String local = String.format(":%04X ", port);
    for (String table : List.of("tcp", "tcp6")) {
      for (String line : proc.netTable(table).split("\n")) {
        if (line.contains(local) && line.contains(" " + LISTEN + " ")) {
          listening(line.trim().split("\\s+"), port).ifPresent(inodes::add);
        }
      }
    }
    return inodes;
  }

  private static OptionalLong listening(String[] fields, int port) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
    if (fields.length < 10 || !fields[3].equals(LISTEN)) {
      return OptionalLong.empty();
    }
    int colon = fields[1].indexOf(':');
    try {
      if (colon < 0 || Integer.parseInt(fields[1].substring(colon + 1), 16) != port) {
        return OptionalLong.empty();
      }
      byte[] address = address(fields[1].substring(0, colon));
      long inode = Long.parseLong(fields[9]);
      return reachesLoopback(address) && inode > 0 ? OptionalLong.of(inode) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The kernel prints an address as 32-bit words in the machine's byte order. */
  static byte[] address(String hex) {
    if (hex.length() != 8 && hex.length() != 32) {
      throw new NumberFormatException("not an address: " + hex);
    }
    byte[] bytes = new byte[hex.length() / 2];
    boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = word * 8 + (little ? (3 - i) : i) * 2;
        bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    return bytes;
  }

  private static final byte[] V4_LOOPBACK = {127, 0, 0, 1};
  private static final byte[] V4_ANY = new byte[4];
  private static final byte[] V6_ANY = new byte[16];
  private static final byte[] V6_MAPPED_LOOPBACK = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1
  };

  private static boolean reachesLoopback(byte[] a) {
    return Arrays.equals(a, V4_LOOPBACK)
        || Arrays.equals(a, V4_ANY)
        || Arrays.equals(a, V6_ANY)
        || Arrays.equals(a, V6_MAPPED_LOOPBACK);
  }
}
