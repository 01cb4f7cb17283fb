package io.chio.kernel.guards.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.ResponseGuard;
import io.chio.kernel.guard.ResponseVerdict;
import java.util.TreeSet;

/**
 * {@code output-redaction} (post-invocation): members of the tool's output named on the {@code
 * fields} list are masked or dropped before the agent sees the output, or the output is withheld
 * ({@code action: deny}). Complements {@code response-sanitization}, which finds secrets and PII by
 * their content; this one removes fields by name whatever they hold.
 */
public final class OutputRedactionGuard implements ResponseGuard {
  public static final String NAME = "output-redaction";

  private final FieldRedactor redactor;

  private OutputRedactionGuard(FieldRedactor redactor) {
    this.redactor = redactor;
  }

  public static OutputRedactionGuard create(JsonNode config) throws GuardConfigException {
    return new OutputRedactionGuard(FieldRedactor.create(NAME, config));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ResponseVerdict inspect(GuardContext context, JsonNode output) {
    FieldRedactor.Result r = redactor.apply(output);
    if (r.hits().isEmpty()) {
      return new ResponseVerdict.Pass("no redacted field present");
    }
    // Only the listed field names: the paths run through the tool's own keys, which receipts never record.
    String where = r.hits().size() + " field(s) " + String.join(", ", new TreeSet<>(r.fieldNames()));
    return switch (redactor.action()) {
      case DENY -> new ResponseVerdict.Blocked(where + " may not reach the agent", "withheld: " + where);
      case MASK -> new ResponseVerdict.Redacted(r.redacted(), "masked " + where);
      case DROP -> new ResponseVerdict.Redacted(r.redacted(), "dropped " + where);
    };
  }
}
