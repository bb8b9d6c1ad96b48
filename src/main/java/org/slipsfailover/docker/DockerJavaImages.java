package org.slipsfailover.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ImageStore} over docker-java, on a client of its own (the commands that use it are short
 * and never the runner).
 *
 * <p>{@link #registryDigest}: docker-java 3.5 has no command for the engine's distribution inspect
 * ({@code GET /distribution/{name}/json}, what {@code docker manifest inspect} and {@code docker
 * buildx imagetools} build on), so it is asked through docker-java's own HTTP transport. It is the
 * closest thing to a registry HEAD of the manifest: the engine asks the registry (its mirrors and
 * TLS settings apply) for the manifest's descriptor and pulls nothing; its digest is the one the
 * engine records in {@code RepoDigests} when it pulls the tag. It sends no credentials of ours:
 * Slips' image is public, and a private registry answers "unauthorized", said in one line.
 */
public final class DockerJavaImages implements ImageStore, AutoCloseable {
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern DESCRIPTOR_DIGEST =
      Pattern.compile(
          "\"Descriptor\"\\s*:\\s*\\{[^}]*\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"");

  private final String host;
  private final DockerHttpClient http;
  private final DockerClient client;

  public DockerJavaImages(String dockerHost) {
    this.host = dockerHost;
    this.http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(URI.create(dockerHost))
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(RESPONSE_TIMEOUT)
            .build();
    // The endpoint explicitly: docker-java's config would otherwise read DOCKER_HOST.
    this.client =
        DockerClientImpl.getInstance(
            DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build(),
            http);
  }

  @Override
  public Optional<String> localDigest(String image) {
    try {
      List<String> digests = client.inspectImageCmd(image).exec().getRepoDigests();
      return ImageStore.digestOfRepository(image, digests == null ? List.of() : digests);
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw failed("inspect image " + image, e);
    }
  }

  @Override
  public String registryDigest(String image) {
    DockerHttpClient.Request request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET)
            .path("/distribution/" + image + "/json")
            .build();
    try (DockerHttpClient.Response response = http.execute(request);
        InputStream body = response.getBody()) {
      String text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      if (response.getStatusCode() != 200) {
        throw new EngineException(
            "the registry of " + image + " did not say: " + engineMessage(text), null);
      }
      Matcher m = DESCRIPTOR_DIGEST.matcher(text);
      if (!m.find()) {
        throw new EngineException("the engine's answer for " + image + " names no digest", null);
      }
      return ImageReference.parse(image).repository() + "@" + m.group(1);
    } catch (IOException | RuntimeException e) {
      if (e instanceof EngineException ee) {
        throw ee;
      }
      throw failed("ask the registry of " + image, e);
    }
  }

  @Override
  public OptionalLong size(String image) {
    try {
      Long size = client.inspectImageCmd(image).exec().getSize();
      return size == null ? OptionalLong.empty() : OptionalLong.of(size);
    } catch (NotFoundException e) {
      return OptionalLong.empty();
    } catch (RuntimeException e) {
      throw failed("inspect image " + image, e);
    }
  }

  @Override
  public Path dataRoot() {
    try {
      return Path.of(client.infoCmd().exec().getDockerRootDir());
    } catch (RuntimeException e) {
      throw failed("ask the engine for its data folder", e);
    }
  }

  @Override
  public boolean remove(String image) {
    try {
      client.removeImageCmd(image).withForce(false).exec();
      return true;
    } catch (NotFoundException | ConflictException e) {
      return false;
    } catch (RuntimeException e) {
      throw failed("remove image " + image, e);
    }
  }

  /** The engine's {"message": "..."} on one line, or the start of whatever it said. */
  private static String engineMessage(String body) {
    Matcher m = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
    String text = m.find() ? m.group(1) : body;
    text = text.strip().replaceAll("\\s+", " ");
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  private EngineException failed(String what, Exception e) {
    return new EngineException(what + " at " + host + ": " + DockerJavaEngine.oneLine(e), e);
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
