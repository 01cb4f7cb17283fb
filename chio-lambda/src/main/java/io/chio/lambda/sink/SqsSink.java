package io.chio.lambda.sink;

import io.chio.kernel.store.ReceiptRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * One message per receipt (body: the signed canonical JSON, which names its {@code id}), sent in
 * SendMessageBatch calls of 10; entries the queue rejects are resent. SQS delivers at least once,
 * so a consumer de-duplicates by receipt id.
 */
final class SqsSink implements ReceiptSink {
  private static final int MAX_ROUNDS = 8;

  private final String queueUrl;
  private final AwsSettings aws;
  private SqsClient client;

  SqsSink(String queueUrl, AwsSettings aws) {
    this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    this.aws = Objects.requireNonNull(aws, "aws");
  }

  @Override
  public String describe() {
    return "sqs:" + queueUrl;
  }

  @Override
  public int maxBatch() {
    return 10;
  }

  private synchronized SqsClient client() {
    if (client == null) {
      client = aws.configure(SqsClient.builder(), "SQS").build();
    }
    return client;
  }

  @Override
  public void warmUp() {
    client();
  }

  @Override
  public void write(List<ReceiptRecord> batch) throws SinkException {
    try {
      for (int from = 0; from < batch.size(); from += 10) {
        Map<String, ReceiptRecord> pending = new HashMap<>();
        List<ReceiptRecord> chunk = batch.subList(from, Math.min(batch.size(), from + 10));
        for (int i = 0; i < chunk.size(); i++) {
          pending.put("r" + i, chunk.get(i));
        }
        for (int round = 0; !pending.isEmpty(); round++) {
          if (round == MAX_ROUNDS) {
            throw new SinkException("sqs:" + queueUrl + ": " + pending.size() + " messages still rejected after " + round + " rounds");
          }
          List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
          pending.forEach((id, r) -> entries.add(SendMessageBatchRequestEntry.builder()
              .id(id)
              .messageBody(new String(r.canonicalJson(), StandardCharsets.UTF_8))
              .build()));
          SendMessageBatchResponse resp =
              client().sendMessageBatch(SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build());
          resp.successful().forEach(ok -> pending.remove(ok.id()));
          for (BatchResultErrorEntry err : resp.failed()) {
            if (Boolean.TRUE.equals(err.senderFault())) {
              throw new SinkException("sqs:" + queueUrl + ": message refused: " + err.code() + " " + err.message());
            }
          }
        }
      }
    } catch (SdkException e) {
      throw new SinkException("sqs:" + queueUrl + ": " + e.getMessage(), e);
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
