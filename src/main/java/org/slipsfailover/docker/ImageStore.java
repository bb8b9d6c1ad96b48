package org.slipsfailover.docker;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The engine's images as {@code update} needs them: what a tag resolves to here and at its
 * registry, how large an image is, where the engine keeps its data, and removing an old one. The
 * pull itself is {@link SlipsEngine#pull}'s.
 */
public interface ImageStore {

  /**
   * The digest reference ({@code repository@sha256:...}) the engine recorded when it pulled {@code
   * image}, or empty when it has no such image here (or the image was never pulled from a
   * registry).
   */
  Optional<String> localDigest(String image);

  /**
   * The digest {@code image} resolves to at its registry now, asked without pulling anything.
   *
   * @throws EngineException when the engine cannot ask the registry
   */
  String registryDigest(String image);

  /** The size the engine gives for an image it has, or empty when it has none. */
  OptionalLong size(String image);

  /** The folder where the engine keeps images ({@code DockerRootDir}). */
  Path dataRoot();

  /**
   * Removes an image reference (an old digest); false when the engine refused (a container still
   * uses it) or had none.
   */
  boolean remove(String image);

  /**
   * The digest reference of {@code image}'s repository among the engine's {@code RepoDigests}:
   * Docker Hub images are listed without {@code docker.io/} and {@code library/}.
   */
  static Optional<String> digestOfRepository(String image, Iterable<String> repoDigests) {
    String repository = normalRepository(ImageReference.parse(image).repository());
    for (String d : repoDigests) {
      int at = d.indexOf('@');
      if (at > 0 && normalRepository(d.substring(0, at)).equals(repository)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  private static String normalRepository(String repository) {
    String r = repository;
    if (r.startsWith("docker.io/")) {
      r = r.substring("docker.io/".length());
    }
    if (r.startsWith("library/")) {
      r = r.substring("library/".length());
    }
    return r;
  }
}
