package io.chio.store;

import io.chio.kernel.store.ReceiptRecord;
import java.nio.charset.StandardCharsets;

/** Receipt records with placeholder bodies, for tests that exercise storage only. */
final class TestRecords {
  private TestRecords() {}

  static ReceiptRecord record(String id, long ts, String cap, String server, String tool, String outcome, Long cost) {
    byte[] json =
        ("{\"capability_id\":\"" + cap + "\",\"id\":\"" + id + "\",\"timestamp\":" + ts + "}")
            .getBytes(StandardCharsets.UTF_8);
    return new ReceiptRecord(json, id, "chio", ts, cap, "agent-" + cap, server, tool, outcome, cost);
  }

  static ReceiptRecord record(String id) {
    return record(id, 1_700_000_000L, "cap-1", "srv", "tool", "allow", null);
  }
}
