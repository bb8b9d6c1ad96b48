package org.slipsfailover.cli;

import picocli.CommandLine.IVersionProvider;

/** The version written into the jar's manifest by the build. */
public final class ManifestVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = ManifestVersion.class.getPackage().getImplementationVersion();
    return new String[] {"slips-failover " + (version == null ? "(not built as a jar)" : version)};
  }
}
