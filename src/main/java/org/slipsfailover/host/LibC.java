package org.slipsfailover.host;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The C library, the one binding of it: through JNA (which docker-java already ships), mapped
 * directly, JNA's fastest way, with no proxy and no reflection per call (the lease is renewed every
 * second, forever). Where JNA's native part cannot load for this machine, {@link #available} is
 * false and no call may be made: each user has its fallback.
 *
 * <p>The constants are Linux's, the same on x86 and ARM (32 and 64 bits). {@code size_t} and {@code
 * long} are a C long: {@link NativeLong}, 32 or 64 bits with the platform.
 */
final class LibC {
  static final int AF_UNIX = 1;
  static final int AF_NETLINK = 16;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_RAW = 3;
  static final int SOCK_CLOEXEC = 0x80000; // O_CLOEXEC
  static final int O_RDONLY_CLOEXEC = 0x80000; // O_RDONLY (0) | O_CLOEXEC
  static final int CLONE_NEWNET = 0x40000000;
  static final int POLLIN = 1;
  static final int MSG_DONTWAIT = 0x40;
  static final int EINTR = 4;
  static final int EAGAIN = 11;

  /** pidfd_open's number, the same on every Linux architecture (new calls share one table). */
  static final long SYS_PIDFD_OPEN = 434;

  private static final boolean LOADED = register();

  private LibC() {}

  private static boolean register() {
    try {
      Native.register(LibC.class, "c");
      return true;
    } catch (LinkageError | RuntimeException e) {
      return false; // no native part of JNA for this machine, or no C library found
    }
  }

  /** True when the C library can be called here. */
  static boolean available() {
    return LOADED;
  }

  /** The errno the last call on this thread left. */
  static int errno() {
    return Native.getLastError();
  }

  static native int socket(int domain, int type, int protocol);

  static native NativeLong sendto(
      int fd, Pointer buffer, NativeLong length, int flags, Pointer address, int addressLength);

  static native NativeLong recv(int fd, Pointer buffer, NativeLong length, int flags);

  /** {@code struct pollfd} as two ints: the fd, then events and revents (native shorts). */
  static native int poll(int[] fds, int count, int timeoutMs);

  static native int open(String path, int flags);

  static native int setns(int fd, int type);

  static native int close(int fd);

  /** A system call with two arguments (C's {@code syscall} is variadic: each goes as a long). */
  static native NativeLong syscall(NativeLong number, NativeLong first, NativeLong second);
}
