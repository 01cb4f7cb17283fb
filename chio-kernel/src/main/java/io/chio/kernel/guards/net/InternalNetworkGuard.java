package io.chio.kernel.guards.net;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code internal-network}: SSRF protection for network egress and browser URLs. Denies targets
 * that {@link InternalAddresses} classifies as internal (cloud metadata, private, loopback,
 * link-local, CGNAT, unspecified, multicast and reserved IPv4/IPv6, IPv4 embedded in IPv6, every
 * IPv4 encoding, {@code localhost}, special-use and single-label names, rebinding-style names),
 * plus any {@code extra_blocked_cidrs}. URLs that cannot be parsed unambiguously are denied.
 *
 * <p>Lexical only: the guard never resolves DNS. A public name whose DNS answer is internal (DNS
 * rebinding) must be stopped at the connection layer by checking the resolved address with {@link
 * InternalAddresses#classifyAddress(byte[])} right before connecting, as the edges do.
 *
 * <p>Config (absent key = default):
 *
 * <ul>
 *   <li>{@code enabled} (true)
 *   <li>{@code allow_hosts}: host patterns ({@link HostPatterns}) exempt from this guard, e.g. an
 *       internal API the agent is meant to reach. Default none.
 *   <li>{@code extra_blocked_cidrs}: more CIDR blocks to treat as internal (checked also against
 *       IPv4 embedded in IPv6 and the decimal reading of zero-padded literals). Default none.
 *   <li>{@code dns_rebinding_detection} (true): also deny DNS names that embed an internal IPv4
 *       ({@code 10.0.0.1.evil.com}, {@code 127-0-0-1.evil.com}) or belong to wildcard-DNS and
 *       rebinding services ({@code nip.io}, {@code sslip.io}, {@code lvh.me}, ...).
 * </ul>
 */
public final class InternalNetworkGuard implements Guard {
  public static final String NAME = "internal-network";

  private static final Set<String> KEYS = Set.of("enabled", "allow_hosts", "extra_blocked_cidrs", "dns_rebinding_detection");

  private final boolean enabled;
  private final HostPatterns allowHosts;
  private final List<IpRange> extraBlocked;
  private final boolean rebinding;

  private InternalNetworkGuard(boolean enabled, HostPatterns allowHosts, List<IpRange> extraBlocked, boolean rebinding) {
    this.enabled = enabled;
    this.allowHosts = allowHosts;
    this.extraBlocked = extraBlocked;
    this.rebinding = rebinding;
  }

  public static InternalNetworkGuard create(JsonNode config) throws GuardConfigException {
    ConfigReader c = ConfigReader.of(NAME, config, KEYS);
    boolean enabled = c.bool("enabled", true);
    HostPatterns allowHosts = EgressAllowlistGuard.patterns(c, "allow_hosts", List.of());
    List<IpRange> extra = new ArrayList<>();
    for (String cidr : c.strings("extra_blocked_cidrs", List.of())) {
      try {
        extra.add(IpRange.parse(cidr));
      } catch (IllegalArgumentException e) {
        throw c.error("extra_blocked_cidrs", e.getMessage());
      }
    }
    boolean rebinding = c.bool("dns_rebinding_detection", true);
    return new InternalNetworkGuard(enabled, allowHosts, List.copyOf(extra), rebinding);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GuardResult evaluate(GuardContext context) {
    if (!enabled) {
      return GuardResult.allow("disabled");
    }
    String url = CallTargets.urlOf(context.action());
    if (url == null) {
      return GuardResult.allow("no network target");
    }
    if (CallTargets.isSamePageBrowserUrl(context.action(), url)) {
      return GuardResult.allow("same-page browser URL");
    }
    NetTarget target;
    try {
      target = NetTarget.parse(url);
    } catch (InvalidTargetException e) {
      return GuardResult.deny("cannot determine the target host: " + e.getMessage());
    }
    return check(target.host(), target.toString());
  }

  private GuardResult check(Host host, String evidence) {
    String exempt = allowHosts.match(host);
    if (exempt != null) {
      return GuardResult.allow("target " + evidence + " exempt via allow_hosts \"" + exempt + "\"");
    }
    String reason = InternalAddresses.classify(host, rebinding);
    if (reason == null && !extraBlocked.isEmpty()) {
      for (byte[] a : InternalAddresses.effectiveAddresses(host)) {
        for (IpRange r : extraBlocked) {
          if (r.contains(a)) {
            reason = "inside blocked range " + r;
            break;
          }
        }
        if (reason != null) {
          break;
        }
      }
    }
    if (reason != null) {
      return GuardResult.deny("host \"" + host.name() + "\" is internal: " + reason, "target " + evidence);
    }
    return GuardResult.allow("target " + evidence + " is public");
  }
}
