package io.chio.lambda.sink;

import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** Reads one S3 object (the {@code s3://bucket/key} policy source), with the same settings as the S3 sink. */
public final class S3Objects {
  private S3Objects() {}

  /** @throws java.io.IOException naming the object when it cannot be read */
  public static byte[] get(String bucket, String key, Map<String, String> env) throws java.io.IOException {
    AwsSettings aws = new AwsSettings(env);
    var b = aws.configure(S3Client.builder(), "S3");
    if (aws.endpoint("S3") != null) {
      b.forcePathStyle(true);
    }
    try (S3Client s3 = b.build()) {
      return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    } catch (SdkException e) {
      throw new java.io.IOException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
  }
}
