package io.chio.lambda.sink;

import io.chio.kernel.store.ReceiptRecord;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * One JSON Lines object per batch at {@code PREFIX/<environment id>/<batch number>.jsonl}, so a
 * buffered environment writes one object on SHUTDOWN. The key of a batch does not change when it
 * is retried, so a retry overwrites rather than duplicates.
 */
final class S3Sink implements ReceiptSink {
  private final String bucket;
  private final String prefix;
  private final String environmentId;
  private final AwsSettings aws;
  private long batchNumber;
  private S3Client client;

  S3Sink(String bucket, String prefix, String environmentId, AwsSettings aws) {
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.environmentId = Objects.requireNonNull(environmentId, "environmentId");
    this.aws = Objects.requireNonNull(aws, "aws");
  }

  @Override
  public String describe() {
    return "s3://" + bucket + "/" + prefix;
  }

  @Override
  public int maxBatch() {
    return 10_000;
  }

  private synchronized S3Client client() {
    if (client == null) {
      var b = aws.configure(S3Client.builder(), "S3");
      if (aws.endpoint("S3") != null) {
        // A custom endpoint (test server, gateway) addresses buckets by path, not by host name.
        b.forcePathStyle(true);
      }
      // Plain PutObject bodies: no streaming trailer checksums the endpoint would have to parse.
      b.requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED);
      client = b.build();
    }
    return client;
  }

  @Override
  public void warmUp() {
    client();
  }

  String keyFor(long batch) {
    String p = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    return p + environmentId + "/" + String.format("%08d", batch) + ".jsonl";
  }

  @Override
  public synchronized void write(List<ReceiptRecord> batch) throws SinkException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ReceiptRecord r : batch) {
      out.writeBytes(r.canonicalJson());
      out.write('\n');
    }
    String key = keyFor(batchNumber + 1);
    try {
      client().putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/x-ndjson").build(),
          RequestBody.fromBytes(out.toByteArray()));
    } catch (SdkException e) {
      throw new SinkException(describe() + ": " + key + ": " + e.getMessage(), e);
    }
    batchNumber++;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
