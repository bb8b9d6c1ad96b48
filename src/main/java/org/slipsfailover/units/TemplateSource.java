package org.slipsfailover.units;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.RootOwnedPath;

/**
 * Where templates come from: a copy the user edits in {@code /etc/slips-failover/templates/} wins
 * over the one shipped inside the jar.
 */
public final class TemplateSource {
  public static final String USER_TEMPLATES = "/etc/slips-failover/templates";

  private final HostRoot root;

  public TemplateSource(HostRoot root) {
    this.root = root;
  }

  public Template load(String name) {
    Path edited = root.resolve(USER_TEMPLATES).resolve(name);
    // It becomes a root unit or script: only root may be able to change it, or what is above it.
    RootOwnedPath.checkFile(root, USER_TEMPLATES + "/" + name);
    if (Files.isRegularFile(edited, LinkOption.NOFOLLOW_LINKS)) {
      try {
        return new Template(name, Files.readString(edited));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + edited, e);
      }
    }
    return shipped(name);
  }

  /** The template as shipped in the jar (built from the repository's {@code templates/}). */
  public static Template shipped(String name) {
    try (InputStream in = TemplateSource.class.getResourceAsStream("/templates/" + name)) {
      if (in == null) {
        throw new TemplateException("no template named " + name + " in the jar");
      }
      return new Template(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
