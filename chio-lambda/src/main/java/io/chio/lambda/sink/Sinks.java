package io.chio.lambda.sink;

import io.chio.core.crypto.Ed25519SigningKey;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Opens a sink from its command-line form: {@code file:PATH}, {@code sqlite:PATH}, {@code
 * dynamodb:TABLE}, {@code sqs:QUEUE_URL}, {@code s3://BUCKET/PREFIX}. No client is built and no
 * file opened until the first write or {@link ReceiptSink#warmUp}.
 */
public final class Sinks {
  private Sinks() {}

  /**
   * @param env the process environment (region, credentials, endpoint overrides)
   * @param kernelKey signs the SQLite log's checkpoints
   * @param environmentId names this execution environment in S3 object keys
   * @throws IllegalArgumentException with a message saying what to write instead
   */
  public static ReceiptSink open(String spec, Map<String, String> env, Ed25519SigningKey kernelKey, String environmentId) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(env, "env");
    if (spec.startsWith("s3://")) {
      String rest = spec.substring(5);
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : rest.substring(slash + 1);
      require(!bucket.isEmpty(), spec, "s3://BUCKET/PREFIX needs a bucket");
      return aws(() -> new S3Sink(bucket, prefix, environmentId, new AwsSettings(env)), "s3");
    }
    int colon = spec.indexOf(':');
    require(colon > 0, spec, "expected file:PATH, sqlite:PATH, dynamodb:TABLE, sqs:QUEUE_URL or s3://BUCKET/PREFIX");
    String kind = spec.substring(0, colon);
    String arg = spec.substring(colon + 1);
    require(!arg.isBlank(), spec, kind + ": needs a value after the colon");
    return switch (kind) {
      case "file" -> new FileSink(Path.of(arg));
      case "sqlite" -> new SqliteSink(Path.of(arg), Objects.requireNonNull(kernelKey, "kernelKey"));
      case "dynamodb" -> {
        require(arg.matches("[A-Za-z0-9_.-]{3,255}"), spec, "a DynamoDB table name is 3-255 of A-Z a-z 0-9 _ . -");
        yield aws(() -> new DynamoDbSink(arg, new AwsSettings(env)), "dynamodb");
      }
      case "sqs" -> {
        require(arg.startsWith("https://") || arg.startsWith("http://"), spec, "sqs: needs the queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/QUEUE)");
        yield aws(() -> new SqsSink(arg, new AwsSettings(env)), "sqs");
      }
      default -> throw new IllegalArgumentException(
          "receipt sink \"" + spec + "\": unknown kind \"" + kind + "\"; use file:, sqlite:, dynamodb:, sqs: or s3://");
    };
  }

  private static ReceiptSink aws(java.util.function.Supplier<ReceiptSink> make, String artifact) {
    try {
      return make.get();
    } catch (NoClassDefFoundError e) {
      throw new IllegalArgumentException(
          "the " + artifact + " sink needs software.amazon.awssdk:" + artifact + " and url-connection-client on the classpath");
    }
  }

  private static void require(boolean ok, String spec, String problem) {
    if (!ok) {
      throw new IllegalArgumentException("receipt sink \"" + spec + "\": " + problem);
    }
  }
}
