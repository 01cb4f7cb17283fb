package io.chio.lambda.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.kernel.store.ReceiptRecord;
import io.chio.lambda.fakes.FakeDynamoDb;
import io.chio.lambda.fakes.FakeS3;
import io.chio.lambda.fakes.FakeSqs;
import io.chio.store.ReceiptLogReader;
import io.chio.store.SqliteReceiptLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each sink through the real AWS SDK v2 client (or file/SQLite), against the test-tree fakes. */
@Timeout(60)
class AwsSinksTest {
  static final Ed25519SigningKey KEY = Ed25519SigningKey.fromSeedHex("21".repeat(32));

  static Map<String, String> env(String service, String endpoint) {
    return Map.of("CHIO_" + service + "_ENDPOINT", endpoint, "AWS_ACCESS_KEY_ID", "AKIDTEST", "AWS_SECRET_ACCESS_KEY", "secret",
        "AWS_REGION", "eu-west-1");
  }

  static List<ReceiptRecord> records(int n) {
    List<ReceiptRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ReceiptRecord(("{\"id\":\"rcpt-" + i + "\"}").getBytes(StandardCharsets.UTF_8), "rcpt-" + i, "chio", 1_700_000_000L + i,
          i % 2 == 0 ? "cap-1" : null, null, "srv", "tool", "allow", null));
    }
    return out;
  }

  @Test
  void dynamoDbBatchesOf25AndRetriesUnprocessedItems() throws Exception {
    try (FakeDynamoDb ddb = new FakeDynamoDb()) {
      ReceiptSink sink = Sinks.open("dynamodb:chio-receipts", env("DYNAMODB", ddb.endpoint()), KEY, "env-1");
      ddb.unprocessNext(3);
      sink.write(records(60));
      sink.write(records(1));
      assertThat(ddb.items("chio-receipts")).hasSize(60);
      assertThat(ddb.items("chio-receipts").get("rcpt-0").path("capability_id").path("S").asText()).isEqualTo("cap-1");
      assertThat(ddb.items("chio-receipts").get("rcpt-1").has("capability_id")).isFalse();
      assertThat(ddb.operations()).contains("BatchWriteItem", "PutItem");
      sink.close();
    }
  }

  @Test
  void sqsSendsOneMessagePerReceiptAndResendsRejectedEntries() throws Exception {
    try (FakeSqs sqs = new FakeSqs()) {
      ReceiptSink sink = Sinks.open("sqs:" + sqs.queueUrl(), env("SQS", sqs.endpoint()), KEY, "env-1");
      sqs.rejectNext(2);
      sink.write(records(23));
      assertThat(sqs.bodies()).hasSize(23).doesNotHaveDuplicates().contains("{\"id\":\"rcpt-22\"}");
      sink.close();
    }
  }

  @Test
  void s3WritesOneJsonLinesObjectPerBatchAndServesThePolicySource() throws Exception {
    try (FakeS3 s3 = new FakeS3()) {
      ReceiptSink sink = Sinks.open("s3://audit-bucket/chio/receipts", env("S3", s3.endpoint()), KEY, "2026_12_07_env-1");
      sink.write(records(3));
      sink.write(records(2));
      assertThat(s3.objects()).containsOnlyKeys("audit-bucket/chio/receipts/2026_12_07_env-1/00000001.jsonl",
          "audit-bucket/chio/receipts/2026_12_07_env-1/00000002.jsonl");
      assertThat(new String(s3.objects().get("audit-bucket/chio/receipts/2026_12_07_env-1/00000001.jsonl"), StandardCharsets.UTF_8))
          .isEqualTo("{\"id\":\"rcpt-0\"}\n{\"id\":\"rcpt-1\"}\n{\"id\":\"rcpt-2\"}\n");
      s3.put("policies/chio-policy.yaml", "policy:\n  default: deny\n".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(S3Objects.get("policies", "chio-policy.yaml", env("S3", s3.endpoint())), StandardCharsets.UTF_8))
          .contains("default: deny");
      assertThatThrownBy(() -> S3Objects.get("policies", "missing.yaml", env("S3", s3.endpoint())))
          .hasMessageContaining("s3://policies/missing.yaml");
      sink.close();
    }
  }

  @Test
  void fileAndSqliteSinks(@TempDir Path dir) throws Exception {
    ReceiptSink file = Sinks.open("file:" + dir.resolve("sub/receipts.jsonl"), Map.of(), KEY, "e");
    file.write(records(2));
    file.write(records(1));
    assertThat(Files.readAllLines(dir.resolve("sub/receipts.jsonl"))).hasSize(3);
    file.close();
    ReceiptSink sqlite = Sinks.open("sqlite:" + dir.resolve("receipts.sqlite"), Map.of(), KEY, "e");
    sqlite.write(records(5));
    // A retried batch whose first receipts were already stored completes instead of failing forever.
    sqlite.write(records(6));
    sqlite.close();
    try (SqliteReceiptLog log = SqliteReceiptLog.open(dir.resolve("receipts.sqlite"), KEY, io.chio.store.ReceiptLogOptions.DEFAULTS)) {
      ReceiptLogReader reader = log.reader();
      assertThat(reader.get("rcpt-5")).isPresent();
      assertThat(reader.get("rcpt-0")).isPresent();
    }
  }

  @Test
  void badSpecsSayWhatToWrite() {
    assertThatThrownBy(() -> Sinks.open("kafka:topic", Map.of(), KEY, "e")).hasMessageContaining("use file:, sqlite:, dynamodb:, sqs: or s3://");
    assertThatThrownBy(() -> Sinks.open("dynamodb:x", Map.of(), KEY, "e")).hasMessageContaining("table name");
    assertThatThrownBy(() -> Sinks.open("sqs:my-queue", Map.of(), KEY, "e")).hasMessageContaining("queue URL");
    assertThatThrownBy(() -> Sinks.open("s3://", Map.of(), KEY, "e")).hasMessageContaining("bucket");
    assertThatThrownBy(() -> Sinks.open("nocolon", Map.of(), KEY, "e")).hasMessageContaining("expected file:PATH");
  }
}
