package io.chio.protect;

import static io.chio.protect.ProxyFixture.CONTROL_TOKEN;
import static io.chio.protect.ProxyFixture.grant;
import static io.chio.protect.ProxyFixture.json;
import static io.chio.protect.ProxyFixture.mint;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.capability.MonetaryAmount;
import io.chio.core.receipt.HttpReceipt;
import io.chio.kernel.store.BudgetKey;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApprovalAndBudgetTest {
  static ProxyFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = new ProxyFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  private static HttpResponse<String> delete(String path, String... headers) throws Exception {
    return f.send(HttpRequest.newBuilder(f.uri(path)).DELETE().headers(headers));
  }

  private static HttpResponse<String> control(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(f.uri(path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return f.send(b);
  }

  @Test
  void approvalRequiredCallWaitsForTheOperatorAndGoesThroughOnce() throws Exception {
    String cap = mint("cap-delete", grant("DELETE /orders/{orderId}"));
    int before = f.upstream.seen.size();
    HttpResponse<String> first = delete("/orders/ord-5", "X-Chio-Capability", cap, "X-Chio-Cost", "100");
    assertThat(first.statusCode()).isEqualTo(409);
    JsonNode body = json(first);
    assertThat(body.get("error").asText()).isEqualTo("chio_approval_required");
    String approvalId = body.get("approval_id").asText();
    assertThat(body.get("resume_path").asText()).isEqualTo("/approvals/" + approvalId + "/respond");
    HttpReceipt pending = f.receipt(first.headers().firstValue("X-Chio-Receipt-Id").orElseThrow());
    assertThat(pending.responseStatus()).isEqualTo(409);
    assertThat(pending.metadata().orElseThrow().at("/http/approval_id").asText()).isEqualTo(approvalId);

    // The same call again (no approval id yet) names the same pending approval.
    assertThat(json(delete("/orders/ord-5", "X-Chio-Capability", cap, "X-Chio-Cost", "100")).get("approval_id").asText()).isEqualTo(approvalId);
    // Presenting the id before the operator decided: still pending.
    assertThat(delete("/orders/ord-5", "X-Chio-Capability", cap, "X-Chio-Cost", "100", "X-Chio-Approval-Id", approvalId).statusCode()).isEqualTo(409);

    // The operator lists and approves it (control token required).
    assertThat(control("GET", "/approvals/pending", null, null).statusCode()).isEqualTo(401);
    assertThat(control("GET", "/approvals/pending", null, "wrong").statusCode()).isEqualTo(401);
    JsonNode list = json(control("GET", "/approvals/pending", null, CONTROL_TOKEN));
    assertThat(list.get("pending").findValuesAsText("approval_id")).contains(approvalId);
    assertThat(control("POST", "/approvals/" + approvalId + "/respond", "{\"decision\":\"approve\"}", null).statusCode()).isEqualTo(401);
    HttpResponse<String> approved = control("POST", "/approvals/" + approvalId + "/respond", "{\"decision\":\"approve\",\"note\":\"ok\"}", CONTROL_TOKEN);
    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(json(approved).get("status").asText()).isEqualTo("approved");
    assertThat(f.upstream.seen.size()).isEqualTo(before);

    // A different call cannot use the approval.
    assertThat(delete("/orders/ord-6", "X-Chio-Capability", cap, "X-Chio-Cost", "100", "X-Chio-Approval-Id", approvalId).statusCode()).isEqualTo(403);
    // The approved call goes through exactly once.
    HttpResponse<String> go = delete("/orders/ord-5", "X-Chio-Capability", cap, "X-Chio-Cost", "100", "X-Chio-Approval-Id", approvalId);
    assertThat(go.statusCode()).isEqualTo(204);
    assertThat(f.upstream.last().method()).isEqualTo("DELETE");
    assertThat(f.upstream.last().header("X-Chio-Approval-Id")).isNull();
    HttpResponse<String> again = delete("/orders/ord-5", "X-Chio-Capability", cap, "X-Chio-Cost", "100", "X-Chio-Approval-Id", approvalId);
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(json(again).get("message").asText()).contains("already been used");
    assertThat(json(control("GET", "/approvals/" + approvalId, null, CONTROL_TOKEN)).get("status").asText()).isEqualTo("consumed");
  }

  @Test
  void deniedApprovalStaysDenied() throws Exception {
    String cap = mint("cap-delete-2", grant("DELETE /orders/*"));
    String id = json(delete("/orders/ord-8", "X-Chio-Capability", cap, "X-Chio-Cost", "1")).get("approval_id").asText();
    assertThat(control("POST", "/approvals/" + id + "/respond", "{\"decision\":\"deny\"}", CONTROL_TOKEN).statusCode()).isEqualTo(200);
    assertThat(control("POST", "/approvals/" + id + "/respond", "{\"decision\":\"approve\"}", CONTROL_TOKEN).statusCode()).isEqualTo(409);
    HttpResponse<String> r = delete("/orders/ord-8", "X-Chio-Capability", cap, "X-Chio-Cost", "1", "X-Chio-Approval-Id", id);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).get("message").asText()).contains("denied by the operator");
    assertThat(control("POST", "/approvals/nope/respond", "{\"decision\":\"approve\"}", CONTROL_TOKEN).statusCode()).isEqualTo(404);
    assertThat(control("POST", "/approvals/" + id + "/respond", "{\"decision\":\"maybe\"}", CONTROL_TOKEN).statusCode()).isEqualTo(400);
  }

  @Test
  void maxInvocationsIsEnforcedAndDeniedCallsDoNotSpendIt() throws Exception {
    String cap = mint("cap-two-calls", grant("POST /orders/*/refund").withMaxInvocations(2L));
    assertThat(f.post("/orders/a/refund", "{}", "X-Chio-Capability", cap).statusCode()).isEqualTo(200);
    assertThat(f.post("/orders/b/refund", "{}", "X-Chio-Capability", cap).statusCode()).isEqualTo(200);
    HttpResponse<String> third = f.post("/orders/c/refund", "{}", "X-Chio-Capability", cap);
    assertThat(third.statusCode()).isEqualTo(403);
    assertThat(json(third).get("message").asText()).startsWith("budget exhausted: invocation limit reached");
    assertThat(f.budgets.state(new BudgetKey("cap-two-calls", 0)).invocations()).isEqualTo(2);
  }

  @Test
  void maxTotalCostIsEnforcedAgainstDeclaredCosts() throws Exception {
    String cap =
        mint("cap-total", grant("POST /orders/*/refund").withMaxTotalCost(new MonetaryAmount(10_000, "USD")));
    assertThat(f.post("/orders/a/refund", "{}", "X-Chio-Capability", cap, "X-Chio-Cost", "6000").statusCode()).isEqualTo(200);
    assertThat(f.post("/orders/b/refund", "{}", "X-Chio-Capability", cap, "X-Chio-Cost", "6000").statusCode()).isEqualTo(403);
    assertThat(f.post("/orders/c/refund", "{}", "X-Chio-Capability", cap, "X-Chio-Cost", "4000").statusCode()).isEqualTo(200);
    // Holds settle when the upstream exchange completes, which may trail the response by a moment.
    long deadline = System.currentTimeMillis() + 5000;
    while (f.budgets.state(new BudgetKey("cap-total", 0)).realizedUnits() != 10_000 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(f.budgets.state(new BudgetKey("cap-total", 0)).realizedUnits()).isEqualTo(10_000);
    assertThat(f.budgets.state(new BudgetKey("cap-total", 0)).exposedUnits()).isZero();
    // A cost above the route's x-chio-budget-limit (50000) is refused, and a malformed one is a bad request.
    assertThat(f.post("/orders/d/refund", "{}", "X-Chio-Capability", cap, "X-Chio-Cost", "50001").statusCode()).isEqualTo(403);
    assertThat(f.post("/orders/d/refund", "{}", "X-Chio-Capability", cap, "X-Chio-Cost", "-5").statusCode()).isEqualTo(400);
  }

  @Test
  void sensitiveReadNeedsACapability() throws Exception {
    assertThat(f.get("/orders/ord-1").statusCode()).isEqualTo(403);
    HttpResponse<String> ok = f.get("/orders/ord-1", "X-Chio-Capability", mint("cap-read", grant("GET /orders/{orderId}")));
    assertThat(ok.statusCode()).isEqualTo(200);
    HttpReceipt fin = f.receipt(ok.headers().firstValue("X-Chio-Receipt-Id").orElseThrow());
    assertThat(fin.evidence()).anySatisfy(e -> assertThat(e.details()).contains("sensitivity confidential"));
    assertThat(fin.metadata().orElseThrow().at("/http/sensitivity").asText()).isEqualTo("confidential");
  }

  @Test
  void sidecarEvaluateVerifyHealthAndManifest() throws Exception {
    HttpResponse<String> health = control("GET", "/chio/health", null, null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("kernel_key").asText()).isEqualTo(ProxyFixture.KERNEL.publicKey().toHex());

    String cap = mint("cap-eval", grant("POST /orders/*/refund").withMaxInvocations(1L));
    String req = "{\"method\":\"POST\",\"path\":\"/orders/o1/refund?x=1\",\"headers\":{\"X-Chio-Capability\":" + io.chio.core.json.Json.mapper().writeValueAsString(cap) + "},\"body\":\"{}\"}";
    assertThat(control("POST", "/chio/evaluate", req, null).statusCode()).isEqualTo(401);
    int before = f.upstream.seen.size();
    for (int i = 0; i < 3; i++) {
      // A dry run: the one allowed invocation is never used up.
      JsonNode ev = json(control("POST", "/chio/evaluate", req, CONTROL_TOKEN));
      assertThat(ev.get("verdict").asText()).isEqualTo("allow");
      assertThat(ev.get("route_pattern").asText()).isEqualTo("/orders/{orderId}/refund");
    }
    assertThat(f.upstream.seen.size()).isEqualTo(before);
    JsonNode denied = json(control("POST", "/chio/evaluate", "{\"method\":\"DELETE\",\"path\":\"/orders/o1\"}", CONTROL_TOKEN));
    assertThat(denied.get("verdict").asText()).isEqualTo("deny");
    assertThat(denied.get("status").asInt()).isEqualTo(403);
    assertThat(control("POST", "/chio/evaluate", "{\"method\":\"BREW\",\"path\":\"/\"}", CONTROL_TOKEN).statusCode()).isEqualTo(400);

    JsonNode receipt = json(control("POST", "/chio/evaluate", req, CONTROL_TOKEN)).get("receipt");
    JsonNode verified = json(control("POST", "/chio/verify", receipt.toString(), CONTROL_TOKEN));
    assertThat(verified.get("ok").asBoolean()).isTrue();
    String tampered = receipt.toString().replace("/orders/{orderId}/refund", "/orders/{orderId}/refunx");
    assertThat(json(control("POST", "/chio/verify", tampered, CONTROL_TOKEN)).get("ok").asBoolean()).isFalse();
    assertThat(control("POST", "/chio/verify", "not json", CONTROL_TOKEN).statusCode()).isEqualTo(400);

    JsonNode manifest = json(control("GET", "/chio/manifest", null, CONTROL_TOKEN));
    assertThat(manifest.get("server_id").asText()).isEqualTo("orders-api");
    assertThat(manifest.get("tools").findValuesAsText("tool_name")).contains("POST /orders/{orderId}/refund", "GET /orders");
    assertThat(control("GET", "/chio/nothing", null, CONTROL_TOKEN).statusCode()).isEqualTo(404);
  }
}
