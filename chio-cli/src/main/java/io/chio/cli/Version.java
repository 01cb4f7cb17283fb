package io.chio.cli;

import picocli.CommandLine;

/** Version from the jar manifest (falls back to "dev" when run from classes). */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"chio " + (v == null ? "dev" : v)};
  }
}
