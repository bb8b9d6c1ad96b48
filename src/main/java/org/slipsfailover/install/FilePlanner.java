package org.slipsfailover.install;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slipsfailover.config.AutoUpdate;
import org.slipsfailover.config.Settings;
import org.slipsfailover.units.HostFile;
import org.slipsfailover.units.Renderer;

/** Computes every file the install writes, with its exact content and mode. */
final class FilePlanner {
  /** What the install wrote, with hashes, so that uninstall removes exactly that. */
  static final String MANIFEST = "/etc/slips-failover/installed-files";

  /** The install's settings, for {@code failover status}. */
  public static final String SETTINGS = "/etc/slips-failover/install.conf";

  private final Renderer renderer;
  private final byte[] jar;

  /**
   * @param jar the bytes of this very jar, copied to a stable path for the runner
   */
  FilePlanner(Renderer renderer, byte[] jar) {
    this.renderer = renderer;
    this.jar = jar.clone();
  }

  List<PlannedFile> plan(Settings settings, AutoUpdate autoUpdate) {
    List<PlannedFile> files = new ArrayList<>();
    files.add(new PlannedFile(HostFile.JAR, jar, 0644, false));
    for (HostFile file : HostFile.ALL) {
      files.add(PlannedFile.text(file.path(), renderer.render(file, settings), file.mode()));
    }
    files.addAll(AutoUpdateUnits.plan(autoUpdate, renderer, settings));
    files.add(
        PlannedFile.text(
            SETTINGS,
            InstalledSettings.format(settings) + AutoUpdateUnits.settingLine(autoUpdate),
            0644));
    files.add(PlannedFile.text(MANIFEST, manifest(files), 0644));
    return files;
  }

  private static String manifest(List<PlannedFile> files) {
    StringBuilder out =
        new StringBuilder("# Written by slips-failover install: sha256 and path.\n");
    for (PlannedFile f : files) {
      out.append(sha256(f.content())).append("  ").append(f.path()).append('\n');
    }
    return out.toString();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  static String text(PlannedFile f) {
    return new String(f.content(), StandardCharsets.UTF_8);
  }
}
