/*
 * The smoke test's forwarding path, seen from the ends (built static on the host, copied into the
 * Pi as /usr/local/sbin/smoke-traffic; see README.md):
 *
 *   smoke-traffic send DEST PORT INTERVAL_US
 *       the access point's client: a UDP datagram "<seq> <send ns>" to DEST:PORT every
 *       INTERVAL_US, on absolute deadlines (no drift, no catch-up burst after a delay). Errors (no route while the AP is cut) are
 *       ignored: the client keeps trying, as a phone does.
 *   smoke-traffic recv PORT LOG
 *       the upstream ("the Internet"): appends "<arrival ns> <seq> <send ns>" to LOG for every datagram
 *       that arrives, and echoes it back. Every line is a packet the Pi forwarded.
 *   smoke-traffic observe INTERVAL_MS REDIS_PORT LOG IFACE...
 *       "is Slips protecting?", asked from outside Slips and the runner: Redis answers PING on
 *       127.0.0.1:REDIS_PORT within a second, and a process "zeek ... -i IFACE ..." runs for each
 *       IFACE. (A container that ended takes every process of its pid namespace with it, Redis
 *       and the Zeeks included: it reads as not protecting.) One probe every INTERVAL_MS; a line
 *       on each change only, and on the first probe:
 *         PROT <probe start ns> <probe end ns> <start ns of the last failed probe, or 0>
 *         NOT  <probe start ns> <probe end ns> <what failed>
 *
 * Clocks: CLOCK_REALTIME everywhere, so that the host reads the same time line as the Pi's
 * containers (one kernel).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int open_log(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    perror(path);
    exit(1);
  }
  return fd;
}

static int do_send(const char *dest, int port, long interval_us) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port)};
  if (fd < 0 || inet_pton(AF_INET, dest, &to.sin_addr) != 1) {
    fprintf(stderr, "send: bad destination %s\n", dest);
    return 2;
  }
  /* Replies are not read here: non-blocking, so a full receive buffer never stalls the sender. */
  fcntl(fd, F_SETFL, O_NONBLOCK);
  struct timespec next;
  clock_gettime(CLOCK_MONOTONIC, &next);
  char buf[64], sink[64];
  for (uint64_t seq = 1;; seq++) {
    int n = snprintf(buf, sizeof buf, "%llu %lld", (unsigned long long)seq, (long long)now_ns());
    sendto(fd, buf, n, 0, (struct sockaddr *)&to, sizeof to);
    while (recv(fd, sink, sizeof sink, 0) > 0) {
    }
    next.tv_nsec += interval_us * 1000;
    while (next.tv_nsec >= 1000000000L) {
      next.tv_nsec -= 1000000000L;
      next.tv_sec++;
    }
    /* Late by more than an interval (a busy machine): skip the missed slots, never a burst to
       catch up, so that a packet count is a length of time. */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if ((now.tv_sec - next.tv_sec) * 1000000000LL + (now.tv_nsec - next.tv_nsec) > interval_us * 1000LL) {
      next = now;
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR) {
    }
  }
}

static int do_recv(int port, const char *log) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in at = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = INADDR_ANY};
  if (fd < 0 || bind(fd, (struct sockaddr *)&at, sizeof at) < 0) {
    perror("recv: bind");
    return 1;
  }
  int out = open_log(log);
  char buf[128], line[96];
  for (;;) {
    struct sockaddr_in from;
    socklen_t len = sizeof from;
    ssize_t n = recvfrom(fd, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &len);
    if (n < 0) {
      continue;
    }
    int64_t at_ns = now_ns();
    buf[n] = 0;
    char *rest;
    unsigned long long seq = strtoull(buf, &rest, 10);
    long long sent = strtoll(rest, NULL, 10);
    int m = snprintf(line, sizeof line, "%lld %llu %lld\n", (long long)at_ns, seq, sent);
    if (write(out, line, m) != m) {
      perror("recv: log");
    }
    sendto(fd, buf, n, 0, (struct sockaddr *)&from, len);
  }
}

/* Redis answers PING with +PONG within timeout_ms (connect included). */
static int redis_pongs(int port, int timeout_ms) {
  int64_t deadline = now_ns() + (int64_t)timeout_ms * 1000000;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  int ok = 0;
  if (connect(fd, (struct sockaddr *)&to, sizeof to) < 0 && errno != EINPROGRESS) {
    goto done;
  }
  struct pollfd p = {.fd = fd, .events = POLLOUT};
  if (poll(&p, 1, timeout_ms) != 1 || (p.revents & (POLLERR | POLLHUP))) {
    goto done;
  }
  if (write(fd, "PING\r\n", 6) != 6) {
    goto done;
  }
  char reply[16];
  size_t got = 0;
  while (got < 5) {
    int left = (int)((deadline - now_ns()) / 1000000);
    p.events = POLLIN;
    if (left <= 0 || poll(&p, 1, left) != 1) {
      goto done;
    }
    ssize_t n = read(fd, reply + got, sizeof reply - 1 - got);
    if (n <= 0) {
      goto done;
    }
    got += n;
  }
  ok = strncmp(reply, "+PONG", 5) == 0;
done:
  close(fd);
  return ok;
}

/* A process whose argv[0]'s basename is "zeek" and whose argv holds "-i IFACE". */
static int zeek_runs(const char *iface) {
  DIR *proc = opendir("/proc");
  struct dirent *e;
  int found = 0;
  char path[300], argv[4096];
  while (!found && proc && (e = readdir(proc)) != NULL) {
    if (e->d_name[0] < '1' || e->d_name[0] > '9') {
      continue;
    }
    snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      continue;
    }
    ssize_t n = read(fd, argv, sizeof argv - 1);
    close(fd);
    if (n <= 0) {
      continue;
    }
    argv[n] = 0;
    const char *first = argv, *base = strrchr(first, '/');
    if (strcmp(base ? base + 1 : first, "zeek") != 0) {
      continue;
    }
    for (const char *a = argv + strlen(argv) + 1; a < argv + n; a += strlen(a) + 1) {
      const char *next = a + strlen(a) + 1;
      if (strcmp(a, "-i") == 0 && next < argv + n && strcmp(next, iface) == 0) {
        found = 1;
        break;
      }
    }
  }
  if (proc) {
    closedir(proc);
  }
  return found;
}

static int do_observe(int interval_ms, int redis_port, const char *log, char **ifaces, int count) {
  int out = open_log(log);
  int last = -1;
  int64_t last_fail_start = 0;
  char line[256], why[128];
  for (;;) {
    int64_t start = now_ns();
    int prot = 1;
    why[0] = 0;
    if (!redis_pongs(redis_port, 1000)) {
      prot = 0;
      strcat(why, "redis");
    }
    for (int i = 0; i < count; i++) {
      if (!zeek_runs(ifaces[i])) {
        prot = 0;
        snprintf(why + strlen(why), sizeof why - strlen(why), "%szeek-%s", why[0] ? "," : "", ifaces[i]);
      }
    }
    int64_t end = now_ns();
    if (prot != last) {
      int m = prot ? snprintf(line, sizeof line, "PROT %lld %lld %lld\n", (long long)start, (long long)end,
                              (long long)last_fail_start)
                   : snprintf(line, sizeof line, "NOT %lld %lld %s\n", (long long)start, (long long)end, why);
      if (write(out, line, m) != m) {
        perror("observe: log");
      }
      last = prot;
    }
    if (!prot) {
      last_fail_start = start;
    }
    usleep(interval_ms * 1000);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 5 && strcmp(argv[1], "send") == 0) {
    return do_send(argv[2], atoi(argv[3]), atol(argv[4]));
  }
  if (argc == 4 && strcmp(argv[1], "recv") == 0) {
    return do_recv(atoi(argv[2]), argv[3]);
  }
  if (argc >= 6 && strcmp(argv[1], "observe") == 0) {
    return do_observe(atoi(argv[2]), atoi(argv[3]), argv[4], argv + 5, argc - 5);
  }
  fprintf(stderr,
          "usage: smoke-traffic send DEST PORT INTERVAL_US | recv PORT LOG |"
          " observe INTERVAL_MS REDIS_PORT LOG IFACE...\n");
  return 2;
}
