package io.chio.lambda.sink;

import io.chio.kernel.store.ReceiptRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One item per receipt in a table whose partition key is {@code receipt_id} (S). Attributes:
 * {@code receipt} (the signed canonical JSON), {@code timestamp} (N), {@code kind}, {@code
 * outcome}, {@code tool_server}, {@code tool_name}, {@code capability_id}, {@code subject} (when
 * known). A single receipt is a PutItem; batches go in BatchWriteItem calls of 25, with
 * unprocessed items retried. Puts are keyed by receipt id, so a retried batch is idempotent.
 */
final class DynamoDbSink implements ReceiptSink {
  private static final int MAX_UNPROCESSED_ROUNDS = 8;

  private final String table;
  private final AwsSettings aws;
  private DynamoDbClient client;

  DynamoDbSink(String table, AwsSettings aws) {
    this.table = Objects.requireNonNull(table, "table");
    this.aws = Objects.requireNonNull(aws, "aws");
  }

  @Override
  public String describe() {
    return "dynamodb:" + table;
  }

  @Override
  public int maxBatch() {
    return 25;
  }

  private synchronized DynamoDbClient client() {
    if (client == null) {
      client = aws.configure(DynamoDbClient.builder(), "DYNAMODB").build();
    }
    return client;
  }

  @Override
  public void warmUp() {
    client();
  }

  static Map<String, AttributeValue> item(ReceiptRecord r) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("receipt_id", AttributeValue.fromS(r.receiptId()));
    item.put("receipt", AttributeValue.fromS(new String(r.canonicalJson(), StandardCharsets.UTF_8)));
    item.put("timestamp", AttributeValue.fromN(Long.toString(r.timestamp())));
    item.put("kind", AttributeValue.fromS(r.kind()));
    putIf(item, "outcome", r.outcome());
    putIf(item, "tool_server", r.toolServer());
    putIf(item, "tool_name", r.toolName());
    putIf(item, "capability_id", r.capabilityId());
    putIf(item, "subject", r.subject());
    return item;
  }

  private static void putIf(Map<String, AttributeValue> item, String k, String v) {
    if (v != null && !v.isEmpty()) {
      item.put(k, AttributeValue.fromS(v));
    }
  }

  @Override
  public void write(List<ReceiptRecord> batch) throws SinkException {
    try {
      if (batch.size() == 1) {
        client().putItem(PutItemRequest.builder().tableName(table).item(item(batch.get(0))).build());
        return;
      }
      List<WriteRequest> writes = new ArrayList<>(batch.size());
      for (ReceiptRecord r : batch) {
        writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(r)).build()).build());
      }
      for (int from = 0; from < writes.size(); from += 25) {
        List<WriteRequest> chunk = writes.subList(from, Math.min(writes.size(), from + 25));
        for (int round = 0; !chunk.isEmpty(); round++) {
          if (round == MAX_UNPROCESSED_ROUNDS) {
            throw new SinkException("dynamodb:" + table + ": " + chunk.size() + " items still unprocessed after " + round + " rounds");
          }
          BatchWriteItemResponse resp = client().batchWriteItem(
              BatchWriteItemRequest.builder().requestItems(Map.of(table, List.copyOf(chunk))).build());
          chunk = resp.hasUnprocessedItems() ? resp.unprocessedItems().getOrDefault(table, List.of()) : List.of();
        }
      }
    } catch (SdkException e) {
      throw new SinkException("dynamodb:" + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
