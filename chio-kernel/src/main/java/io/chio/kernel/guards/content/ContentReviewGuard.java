package io.chio.kernel.guards.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.pii.PiiDetector;
import io.chio.kernel.pii.PiiMatch;
import io.chio.kernel.pii.PiiType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code content-review}: reviews what an agent sends to people and money it moves.
 *
 * <p><b>Messages</b> — calls to messaging providers ({@code slack_*}, {@code email_*}, {@code
 * gmail_*}, {@code teams_*}, {@code discord_*}, {@code twilio_*}, ...) and send/post/reply-style
 * tools ({@code send_email}, {@code post_message}) — are denied when their text contains PII of
 * the configured types, profanity, or a banned word. The text is every string argument except
 * routing fields ({@code to}, {@code cc}, {@code channel}, {@code recipient}, {@code email},
 * {@code phone}, ...), which name the destination rather than carry content. Text is
 * NFKC-normalised with invisible characters removed before the PII check, and words are matched
 * through look-alike letters, leetspeak ({@code sh1t}), spaced letters and elongation.
 *
 * <p><b>Payments</b> — a call whose governed-intent amount ({@code ToolCall.amountUnits}) or, for
 * payment tools ({@code stripe_*}, {@code *_payment}, {@code transfer_*}, ...), whose {@code
 * amount}-style arguments (summed, at any depth) reach {@code approval_threshold_units} goes to
 * pending approval. A payment tool whose amount cannot be read as whole minor units (a decimal,
 * a negative or a non-numeric string) also goes to approval.
 *
 * <p>Config:
 *
 * <ul>
 *   <li>{@code enabled} (default {@code true});
 *   <li>{@code block_pii} (default {@code true}) and {@code pii_types} (default {@code [ssn,
 *       credit_card]}; any {@link PiiType} config name, e.g. {@code email}, {@code phone}, {@code
 *       iban}, {@code uk_nino}, {@code aadhaar} — email and phone are off by default because
 *       signatures and "reply to me at ..." are everywhere in ordinary mail);
 *   <li>{@code block_profanity} (default {@code true}): a built-in list of strong profanity and
 *       slurs;
 *   <li>{@code banned_words} (default {@code []}): words or phrases; a trailing {@code *} also
 *       matches longer words;
 *   <li>{@code approval_threshold_units} (default none: payments are not gated): amount in minor
 *       units at or above which a payment needs a human.
 * </ul>
 */
public final class ContentReviewGuard implements Guard {
  public static final String NAME = "content-review";
  private static final Set<String> KEYS = Set.of("enabled", "block_pii", "pii_types", "block_profanity", "banned_words", "approval_threshold_units");
  private static final List<String> DEFAULT_PII = List.of("ssn", "credit_card");
  /** Keys that address a message rather than carry its content. */
  private static final Set<String> ROUTING_KEYS = Set.of(
      "to", "cc", "bcc", "from", "sender", "recipient", "recipients", "reply_to", "replyto", "channel", "channel_id", "channelid",
      "chat_id", "thread_ts", "thread_id", "ts", "user", "user_id", "userid", "users", "email", "email_address", "phone", "phone_number",
      "to_number", "from_number", "webhook_url", "url", "id", "username", "workspace", "team", "team_id", "conversation_id");
  private static final Set<String> AMOUNT_KEYS = Set.of("amount", "amount_units", "amountunits", "amount_cents", "amount_minor", "amount_in_cents");
  private static final List<String> PROFANITY = List.of(
      "fuck*", "motherfuck*", "shit", "shits", "shitty", "shitting", "shithead*", "shithole*", "shitshow", "bullshit*", "horseshit",
      "cunt*", "asshole*", "arsehole*", "bitch*", "bastard", "bastards", "dickhead*", "wanker*", "twat*", "slut*", "whore*",
      "douchebag*", "jackass", "dumbass", "cocksucker*", "nigger*", "nigga*", "faggot*");
  private static final WordFilter PROFANITY_FILTER = new WordFilter(PROFANITY);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private final boolean enabled;
  private final PiiDetector pii;
  private final boolean blockProfanity;
  private final WordFilter banned;
  private final Long approvalThreshold;

  private ContentReviewGuard(boolean enabled, PiiDetector pii, boolean blockProfanity, WordFilter banned, Long approvalThreshold) {
    this.enabled = enabled;
    this.pii = pii;
    this.blockProfanity = blockProfanity;
    this.banned = banned;
    this.approvalThreshold = approvalThreshold;
  }

  public static ContentReviewGuard create(JsonNode config) throws GuardConfigException {
    ConfigReader r = new ConfigReader(NAME, config, KEYS);
    boolean enabled = r.bool("enabled", true);
    boolean blockPii = r.bool("block_pii", true);
    Set<PiiType> types = EnumSet.noneOf(PiiType.class);
    for (String t : r.strings("pii_types", DEFAULT_PII)) {
      try {
        types.add(PiiType.parse(t));
      } catch (IllegalArgumentException e) {
        throw r.error("\"pii_types\": " + e.getMessage());
      }
    }
    boolean blockProfanity = r.bool("block_profanity", true);
    List<String> banned = r.strings("banned_words", List.of());
    for (int i = 0; i < banned.size(); i++) {
      String w = banned.get(i).strip();
      if (w.isEmpty() || w.equals("*")) {
        throw r.error("\"banned_words[" + i + "]\" must contain a word");
      }
    }
    Long threshold = r.integer("approval_threshold_units", null, 0, Long.MAX_VALUE);
    return new ContentReviewGuard(enabled, PiiDetector.of(blockPii ? types : Set.of()), blockProfanity, new WordFilter(banned), threshold);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GuardResult evaluate(GuardContext context) {
    if (!enabled) {
      return GuardResult.allow("disabled");
    }
    String tool = context.call().toolName();
    JsonNode args = context.call().arguments();
    boolean messaging = OutboundCalls.isMessaging(tool, context.action());
    if (messaging) {
      List<String> texts = new ArrayList<>();
      contentStrings(args, null, texts);
      String text = TextNormalizer.clean(String.join("\n", texts));
      List<PiiMatch> found = pii.scan(text);
      if (!found.isEmpty()) {
        Map<String, Integer> counts = new TreeMap<>();
        for (PiiMatch f : found) {
          counts.merge(f.type().configName(), 1, Integer::sum);
        }
        return GuardResult.deny("message contains PII (" + String.join(", ", counts.keySet()) + ")", "outbound message PII: " + counts);
      }
      if (blockProfanity && PROFANITY_FILTER.find(text) != null) {
        return GuardResult.deny("message contains profanity", "outbound message matched the profanity list");
      }
      String word = banned.find(text);
      if (word != null) {
        return GuardResult.deny("message contains banned word \"" + word + "\"", "outbound message matched banned_words entry \"" + word + "\"");
      }
    }
    if (approvalThreshold != null) {
      GuardResult payment = payment(context, tool, args);
      if (payment != null) {
        return payment;
      }
    }
    return GuardResult.allow(messaging ? "message reviewed" : "not an outbound message");
  }

  private GuardResult payment(GuardContext context, String tool, JsonNode args) {
    Long intent = context.call().amountUnits();
    if (intent != null && (intent < 0 || intent >= approvalThreshold)) {
      return new GuardResult.PendingApproval(
          "payment of " + intent + " units requires approval (threshold " + approvalThreshold + ")", "governed intent amount " + intent);
    }
    if (!OutboundCalls.isPaymentTool(tool)) {
      return null;
    }
    Amount amount = new Amount();
    sumAmounts(args, amount);
    if (amount.unreadable != null) {
      return new GuardResult.PendingApproval("payment amount " + amount.unreadable + " is not whole minor units; approval required",
          "unreadable amount argument in payment tool " + tool);
    }
    if (amount.found && amount.total >= approvalThreshold) {
      return new GuardResult.PendingApproval("payment of " + amount.total + " units requires approval (threshold " + approvalThreshold + ")",
          "payment tool " + tool + " amount " + amount.total);
    }
    return null;
  }

  private static final class Amount {
    boolean found;
    long total;
    String unreadable;

    void add(long v) {
      found = true;
      total = total > Long.MAX_VALUE - v ? Long.MAX_VALUE : total + v;
    }
  }

  private static void sumAmounts(JsonNode n, Amount acc) {
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (AMOUNT_KEYS.contains(e.getKey().toLowerCase(java.util.Locale.ROOT)) && !e.getValue().isContainerNode()) {
          readAmount(e.getValue(), acc);
        } else {
          sumAmounts(e.getValue(), acc);
        }
      }
    } else if (n.isArray()) {
      for (JsonNode c : n) {
        sumAmounts(c, acc);
      }
    }
  }

  private static void readAmount(JsonNode v, Amount acc) {
    if (v.isNull()) {
      return;
    }
    BigInteger units = null;
    if (v.isIntegralNumber()) {
      units = v.bigIntegerValue();
    } else if (v.isTextual() && v.textValue().matches("[0-9]{1,30}")) {
      units = new BigInteger(v.textValue());
    }
    if (units == null || units.signum() < 0) {
      if (acc.unreadable == null) {
        acc.unreadable = v.isTextual() ? "\"" + v.textValue() + "\"" : v.toString();
      }
      return;
    }
    acc.add(units.compareTo(LONG_MAX) > 0 ? Long.MAX_VALUE : units.longValue());
  }

  /** Every string that is message content: all strings except under routing keys. */
  private static void contentStrings(JsonNode n, String key, List<String> out) {
    if (key != null && ROUTING_KEYS.contains(key.toLowerCase(java.util.Locale.ROOT))) {
      return;
    }
    if (n.isTextual()) {
      out.add(n.textValue());
    } else if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        contentStrings(e.getValue(), e.getKey(), out);
      }
    } else if (n.isArray()) {
      for (JsonNode c : n) {
        contentStrings(c, null, out);
      }
    }
  }
}
