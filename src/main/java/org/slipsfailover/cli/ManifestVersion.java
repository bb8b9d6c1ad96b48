package org.slipsfailover.cli;

import picocli.CommandLine.IVersionProvider;

/** The version written into the jar's manifest by the build. */
public final class ManifestVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"slips-failover " + number()};
  }

  /** "1.4.0", or "(not built as a jar)". */
  static String number() {
    String version = ManifestVersion.class.getPackage().getImplementationVersion();
    return version == null ? "(not built as a jar)" : version;
  }
}
