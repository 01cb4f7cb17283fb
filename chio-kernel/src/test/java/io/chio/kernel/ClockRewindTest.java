package io.chio.kernel;

import static io.chio.kernel.KernelTest.READ_ARGS;
import static io.chio.kernel.KernelTest.call;
import static io.chio.kernel.KernelTest.grant;
import static io.chio.kernel.KernelTest.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.core.capability.CapabilityToken;
import io.chio.core.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClockRewindTest {
  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    volatile long second;

    MovableClock(long second) {
      this.second = second;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(second);
    }
  }

  private final KernelTest base = new KernelTest();
  private final MovableClock clock = new MovableClock(KernelTest.NOW);
  private final CapabilityToken token = token("cap-1", grant("srv-files", "read_file"));

  ClockRewindTest() throws Exception {}

  private Verdict evaluate(Kernel k) {
    return k.evaluate(call(token, "read_file", READ_ARGS).build());
  }

  @Test
  void aRewindWithinTheToleranceIsAllowedAndBeyondItDenied() {
    Kernel k = base.kernelBuilder().clock(clock).build();
    assertThat(evaluate(k)).isInstanceOf(Verdict.Allow.class);
    clock.second = KernelTest.NOW - 5;
    assertThat(evaluate(k)).isInstanceOf(Verdict.Allow.class);
    clock.second = KernelTest.NOW - 6;
    Verdict.Deny d = base.denied(evaluate(k));
    assertThat(d.denyKind()).isEqualTo(DenyKind.CLOCK_REWOUND);
    assertThat(d.reasonCode().outcome()).isEqualTo(ReasonCode.Outcome.ERROR);
    assertThat(d.guard()).isEqualTo("kernel");
    KernelTest.assertVerifies(d.receipt());
    clock.second = KernelTest.NOW + 1;
    assertThat(evaluate(k)).as("time moving on again is fine").isInstanceOf(Verdict.Allow.class);
  }

  @Test
  void theToleranceIsConfigurable() {
    Kernel strict = base.kernelBuilder().clock(clock).maxClockRewind(Duration.ZERO).build();
    assertThat(evaluate(strict)).isInstanceOf(Verdict.Allow.class);
    clock.second = KernelTest.NOW - 1;
    assertThat(base.denied(evaluate(strict)).denyKind()).isEqualTo(DenyKind.CLOCK_REWOUND);
    assertThatThrownBy(() -> Kernel.builder().maxClockRewind(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOutputFinishedOnARewoundClockIsWithheld() {
    Kernel k = base.kernelBuilder().clock(clock).build();
    Verdict.Allow a = (Verdict.Allow) evaluate(k);
    clock.second = KernelTest.NOW - 60;
    Completion done = k.complete(a, new ToolOutcome.Success(Json.parse("{\"ok\":true}"), null));
    assertThat(done.delivered()).isFalse();
    assertThat(done.reasonCode()).isEqualTo(ReasonCode.CLOCK_REWOUND);
    KernelTest.assertVerifies(done.receipt());
  }
}
