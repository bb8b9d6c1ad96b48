package org.slipsfailover.install;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code docker-registry} (the real one, distribution 2.8) on 127.0.0.1 at a free port,
 * with its own storage in a temporary folder. The Docker engine allows a registry on 127.0.0.0/8
 * without TLS. Its access log (stdout and stderr, in a file) says which blobs were fetched.
 */
public final class LocalRegistry implements AutoCloseable {
  public static final String BINARY = "/usr/bin/docker-registry";

  private final Path dir;
  private final int port;
  private Process process;

  public LocalRegistry(Path dir) throws IOException {
    this.dir = dir;
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    Files.createDirectories(dir.resolve("storage"));
    Files.writeString(
        dir.resolve("config.yml"),
        String.join(
            "\n",
            "version: 0.1",
            "log:",
            "  level: info",
            "storage:",
            "  filesystem:",
            "    rootdirectory: " + dir.resolve("storage"),
            "  delete:",
            "    enabled: true",
            "http:",
            "  addr: 127.0.0.1:" + port,
            ""));
    start();
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1:" + port;
  }

  /** Starts it (again, on the same port and storage, after {@link #kill()}). */
  public void start() throws IOException {
    process =
        new ProcessBuilder(BINARY, "serve", dir.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry.log").toFile()))
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!answers()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("docker-registry did not start: " + log());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private boolean answers() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(1000);
      return c.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGKILL: a registry that stops answering mid-pull, its connections reset. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGSTOP or SIGCONT: a registry that keeps its connections open but stops answering. */
  void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
  }

  /** How many GET requests for this blob (by digest) the registry answered, in all its runs. */
  public long blobGets(String digest) throws IOException {
    Pattern get = Pattern.compile("\"GET /v2/[^ ]*/blobs/" + Pattern.quote(digest) + " ");
    return log().lines().filter(l -> get.matcher(l).find()).count();
  }

  /** The layer digests of {@code repo:tag}, base first, from the registry's manifest. */
  public List<String> layerDigests(String repo, String tag)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://" + host() + "/v2/" + repo + "/manifests/" + tag))
                    .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    String body = r.body();
    String layers = body.substring(body.indexOf("\"layers\""));
    Matcher m = Pattern.compile("\"digest\":\\s*\"(sha256:[0-9a-f]{64})\"").matcher(layers);
    List<String> digests = new ArrayList<>();
    while (m.find()) {
      digests.add(m.group(1));
    }
    return digests;
  }

  /** How many GETs of this blob were answered 206 Partial Content: a download resumed mid-way. */
  long partialBlobGets(String digest) throws IOException {
    Pattern get =
        Pattern.compile("\"GET /v2/[^ ]*/blobs/" + Pattern.quote(digest) + " [^\"]*\" 206 ");
    return log().lines().filter(l -> get.matcher(l).find()).count();
  }

  String log() throws IOException {
    Path log = dir.resolve("registry.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      kill();
    }
  }
}
