package org.slipsfailover.probe;

import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slipsfailover.host.ProcFs;

/**
 * Whether what answers on 127.0.0.1:port is the container's Redis: every listening socket that
 * could have taken the connection (127.0.0.1 or the wildcard, IPv4 or IPv6, in the runner's network
 * namespace, which Slips shares) is held by a process in the container's pid namespace. Without
 * this, a local user who shuts Slips' Redis down (it has no password) and answers {@code +PONG} on
 * the port would keep the gate open for a blind Slips.
 *
 * <p>Cheap on a Pi, once a second: the listening sockets are asked at each check ({@link
 * LoopbackListeners}: of the kernel, which hands the port's alone); the holder found for a socket
 * is remembered (pid, start time, descriptor), and checked again with one {@code stat} and one
 * {@code readlink}. Only a new socket (Redis restarted, or someone else's) costs a scan of the
 * processes' descriptors.
 *
 * <p>What it does not tell: a process of the container is trusted (root, host network, {@code
 * NET_ADMIN}); one that hands its socket to an outside process, or answers {@code +PONG} for a
 * Redis that does not work, fakes its own health.
 */
final class RedisOwner {
  private final ProcFs proc;
  private final LoopbackListeners listeners;
  private Set<Long> verifiedInodes = Set.of();
  private List<Holder> verifiedHolders = List.of();

  RedisOwner(ProcFs proc, LoopbackListeners listeners) {
    this.proc = proc;
    this.listeners = listeners;
  }

  /** A process of the container that holds a listening socket, at one of its descriptors. */
  private record Holder(ProcFs.Pid process, int fd, long inode) {}

  /**
   * Empty when every listener of 127.0.0.1:{@code port} is held by a process of the container whose
   * first process is {@code containerInit}; otherwise why not, in a few words after the address.
   */
  synchronized Optional<String> check(int port, ProcFs.Pid containerInit) {
    Set<Long> inodes = listeners.on(port);
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
}
