package io.chio.lambda.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.chio.core.crypto.Ed25519SigningKey;
import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The SQS sink against ElasticMQ (an SQS-compatible server from Maven Central), started in process on loopback. */
@Timeout(60)
class ElasticMqSinkTest {
  @Test
  void everyReceiptArrivesAsOneMessage() throws Exception {
    SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(0).start();
    try {
      int port = server.waitUntilStarted().localAddress().getPort();
      String endpoint = "http://127.0.0.1:" + port;
      try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
          .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
        String url = sqs.createQueue(b -> b.queueName("chio-receipts")).queueUrl();
        ReceiptSink sink = Sinks.open("sqs:" + url, Map.of("CHIO_SQS_ENDPOINT", endpoint, "AWS_ACCESS_KEY_ID", "x",
            "AWS_SECRET_ACCESS_KEY", "y", "AWS_REGION", "us-east-1"), Ed25519SigningKey.fromSeedHex("31".repeat(32)), "e");
        sink.write(AwsSinksTest.records(23));
        sink.close();
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < 20 && bodies.size() < 23; i++) {
          for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
            bodies.add(m.body());
          }
        }
        assertThat(bodies).hasSize(23).contains("{\"id\":\"rcpt-0\"}", "{\"id\":\"rcpt-22\"}");
      }
    } finally {
      server.stopAndWait();
    }
  }
}
