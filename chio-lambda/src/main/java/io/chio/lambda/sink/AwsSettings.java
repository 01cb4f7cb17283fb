package io.chio.lambda.sink;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Region, credentials and endpoint for the SDK clients, from the environment Lambda gives the
 * extension ({@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code
 * AWS_SESSION_TOKEN}: the function's role). {@code CHIO_<SERVICE>_ENDPOINT} or {@code
 * CHIO_AWS_ENDPOINT} point a client elsewhere (tests, VPC endpoints). Only loaded when an AWS sink
 * or policy source is used.
 */
final class AwsSettings {
  private final Map<String, String> env;

  AwsSettings(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  /** Applies region, credentials, the light URL-connection HTTP client and any endpoint override. */
  <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
    String region = first("AWS_REGION", "AWS_DEFAULT_REGION");
    builder.region(Region.of(region == null ? "us-east-1" : region));
    builder.credentialsProvider(credentials());
    String endpoint = endpoint(service);
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
      sync.httpClientBuilder(UrlConnectionHttpClient.builder()
          .connectionTimeout(java.time.Duration.ofSeconds(2))
          .socketTimeout(java.time.Duration.ofSeconds(5)));
    }
    return builder;
  }

  String endpoint(String service) {
    return first("CHIO_" + service + "_ENDPOINT", "CHIO_AWS_ENDPOINT");
  }

  private AwsCredentialsProvider credentials() {
    String id = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (id != null && secret != null) {
      String token = env.get("AWS_SESSION_TOKEN");
      return StaticCredentialsProvider.create(
          token == null ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private String first(String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
