package io.chio.kernel.guards.fs;

import io.chio.kernel.guard.GuardFactory;
import java.util.Map;

/** Registers this package's guards in the catalog: forbidden-path, path-allowlist, shell-command, patch-integrity, code-execution. */
public final class FilesystemGuards {
  private FilesystemGuards() {}

  public static void register(Map<String, GuardFactory> catalog) {
    catalog.put(ForbiddenPathGuard.NAME, ForbiddenPathGuard::create);
    catalog.put(PathAllowlistGuard.NAME, PathAllowlistGuard::create);
    catalog.put(ShellCommandGuard.NAME, ShellCommandGuard::create);
    catalog.put(PatchIntegrityGuard.NAME, PatchIntegrityGuard::create);
    catalog.put(CodeExecutionGuard.NAME, CodeExecutionGuard::create);
  }
}
