package org.slipsfailover.gate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slipsfailover.host.CommandLimits;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.DaemonThreads;
import org.slipsfailover.host.Deadline;

/**
 * One long-lived {@code nft -j -i}, fed one line per request: the gate's listings and interface
 * additions, and its lease where netlink cannot be had. Starting nft costs milliseconds of CPU; a
 * line to a running one costs a fraction of that. A request is action lines followed by {@code
 * list} commands, one a line: nft answers each, in order, with the listing (a JSON line on standard
 * output) or an error, whose second line repeats the command. Anything unexpected (no answer in
 * time, nft gone) ends the process; the next request starts a fresh one. nft is started through
 * {@link Commands}, as every command is, and each request has {@link
 * CommandLimits#INTERACTIVE_REQUEST} to be answered.
 */
final class NftSession implements AutoCloseable {
  private static final String OUT = "O";
  private static final String ERR = "E";
  private static final String EOF = "X";

  private final List<String> argv;
  private final Commands commands;
  private final Duration answerTimeout = CommandLimits.INTERACTIVE_REQUEST;
  private Process process;
  private OutputStream stdin;
  private BlockingQueue<String[]> lines;

  /**
   * @param argv starts nft in interactive JSON mode, e.g. {@code nft -j -i}
   */
  NftSession(List<String> argv, Commands commands) {
    this.argv = List.copyOf(argv);
    this.commands = commands;
  }

  /**
   * Sends the action lines (may be empty) and then the list commands; returns the listings' JSON,
   * in the order of {@code lists}, or empty when nft answered any of them with an error, or did not
   * answer.
   */
  synchronized Optional<List<String>> request(List<String> actions, List<String> lists) {
    try {
      ensureStarted();
      lines.clear(); // leftovers of an earlier request's errors
      StringBuilder text = new StringBuilder();
      actions.forEach(a -> text.append(a).append('\n'));
      lists.forEach(l -> text.append(l).append('\n'));
      stdin.write(text.toString().getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      Deadline deadline = Deadline.in(answerTimeout);
      List<String> listings = new ArrayList<>();
      boolean failed = false;
      // Wait for an answer to every list, even after one failed: a late one would otherwise be
      // taken for the next request's.
      while (listings.size() < lists.size()) {
        String[] line = lines.poll(deadline.left().toNanos(), TimeUnit.NANOSECONDS);
        if (line == null || line[0].equals(EOF)) {
          close();
          return Optional.empty();
        }
        if (line[0].equals(OUT) && line[1].startsWith("{")) {
          listings.add(line[1]);
        } else if (line[0].equals(ERR) && lists.contains(line[1].strip())) {
          listings.add(""); // that list failed: no such table
          failed = true;
        }
      }
      return failed ? Optional.empty() : Optional.of(List.copyOf(listings));
    } catch (IOException | RuntimeException e) {
      close(); // nft could not be started, or is gone: the next request starts a fresh one
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private void ensureStarted() throws IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    close();
    process = commands.start(argv);
    stdin = process.getOutputStream();
    lines = new LinkedBlockingQueue<>();
    pump(process.getInputStream(), OUT, lines);
    pump(process.getErrorStream(), ERR, lines);
  }

  private static void pump(InputStream in, String tag, BlockingQueue<String[]> into) {
    DaemonThreads.start(
        "nft-" + tag,
        () -> {
          try (BufferedReader r =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
              into.add(new String[] {tag, l});
            }
          } catch (IOException e) {
            // The process ended: said below.
          }
          into.add(new String[] {EOF, ""});
        });
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      process.destroyForcibly();
      process = null;
    }
  }
}
