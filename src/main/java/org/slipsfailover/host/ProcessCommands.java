package org.slipsfailover.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs commands as child processes, with standard input closed and both outputs captured. */
public final class ProcessCommands implements Commands {
  private final Map<String, String> extraEnvironment;

  public ProcessCommands() {
    this(Map.of());
  }

  /** @param extraEnvironment set for every command (for example {@code DEBIAN_FRONTEND}) */
  public ProcessCommands(Map<String, String> extraEnvironment) {
    this.extraEnvironment = Map.copyOf(extraEnvironment);
  }

  @Override
  public CommandResult run(List<String> argv) {
    return run(argv, null);
  }

  @Override
  public CommandResult run(List<String> argv, String stdin) {
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().putAll(extraEnvironment);
    if (stdin == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    try {
      Process process = builder.start();
      if (stdin != null) {
        try (var in = process.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      CompletableFuture<String> err = readAsync(process.getErrorStream());
      String out = read(process.getInputStream());
      int code = process.waitFor();
      return new CommandResult(code, out, err.join());
    } catch (IOException e) {
      // A missing program is an answer, not a crash: 127 as a shell would say.
      return new CommandResult(127, "", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CommandResult(130, "", "interrupted");
    }
  }

  private static CompletableFuture<String> readAsync(InputStream in) {
    return CompletableFuture.supplyAsync(() -> read(in));
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
