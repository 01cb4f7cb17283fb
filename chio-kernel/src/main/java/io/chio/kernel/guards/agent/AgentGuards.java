package io.chio.kernel.guards.agent;

import io.chio.kernel.guard.GuardFactory;
import java.util.Map;

/** Registers this package's guards in the catalog: computer-use, remote-desktop-side-channel, input-injection-capability, memory-governance, velocity, agent-velocity. */
public final class AgentGuards {
  private AgentGuards() {}

  public static void register(Map<String, GuardFactory> catalog) {
    catalog.put(ComputerUseGuard.NAME, ComputerUseGuard::create);
    catalog.put(RemoteDesktopSideChannelGuard.NAME, RemoteDesktopSideChannelGuard::create);
    catalog.put(InputInjectionCapabilityGuard.NAME, InputInjectionCapabilityGuard::create);
    catalog.put(MemoryGovernanceGuard.NAME, MemoryGovernanceGuard::create);
    catalog.put(VelocityGuard.NAME, VelocityGuard::create);
    catalog.put(AgentVelocityGuard.NAME, AgentVelocityGuard::create);
  }
}
