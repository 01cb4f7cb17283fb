package io.chio.kernel.guards.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;

/**
 * {@code input-redaction}: argument members named on the {@code fields} list are masked ({@code
 * "[REDACTED]"}) or dropped before the tool is called, or the call is denied ({@code action: deny}).
 * A redacted call is allowed with {@code urn:chio:error:guard:input-redacted}, and its receipts
 * record only the redacted arguments. Evidence names the member paths, never their values.
 *
 * <p>The tool must be called with {@link io.chio.kernel.Invocation#arguments()}; an edge that
 * forwards the agent's original message would bypass the redaction, which is why this guard is not
 * in the default catalog (see {@link RedactionGuards#withRedaction}).
 */
public final class InputRedactionGuard implements Guard {
  public static final String NAME = "input-redaction";

  private final FieldRedactor redactor;

  private InputRedactionGuard(FieldRedactor redactor) {
    this.redactor = redactor;
  }

  public static InputRedactionGuard create(JsonNode config) throws GuardConfigException {
    return new InputRedactionGuard(FieldRedactor.create(NAME, config));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GuardResult evaluate(GuardContext context) {
    FieldRedactor.Result r = redactor.apply(context.call().arguments());
    if (r.hits().isEmpty()) {
      return GuardResult.allow("no redacted argument present");
    }
    String where = String.join(", ", r.hits());
    return switch (redactor.action()) {
      case DENY -> GuardResult.deny("argument " + where + " may not be sent to this tool");
      case MASK -> new GuardResult.Redact((ObjectNode) r.redacted(), "masked " + where);
      case DROP -> new GuardResult.Redact((ObjectNode) r.redacted(), "dropped " + where);
    };
  }
}
