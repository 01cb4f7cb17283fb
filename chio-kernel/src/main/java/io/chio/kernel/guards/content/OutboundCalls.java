package io.chio.kernel.guards.content;

import io.chio.kernel.action.ToolAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Recognises calls that send content out (messages, third-party APIs) and payment calls, by tool name and action. */
final class OutboundCalls {
  /** Providers whose calls deliver messages to people. */
  static final Set<String> MESSAGING_PROVIDERS = Set.of(
      "slack", "email", "gmail", "outlook", "teams", "discord", "twilio", "sendgrid", "mailgun", "postmark", "telegram", "whatsapp",
      "sms", "mattermost", "zulip", "intercom", "messenger", "signal");
  private static final Set<String> SEND_VERBS = Set.of("send", "post", "reply", "publish", "notify", "broadcast", "tweet", "forward", "dm");
  private static final Set<String> MESSAGE_NOUNS = Set.of("message", "messages", "email", "emails", "mail", "sms", "chat", "dm", "tweet");
  private static final Set<String> READ_VERBS = Set.of("get", "list", "read", "search", "fetch", "find", "query", "delete", "archive", "count");
  private static final Set<String> PAYMENT_PROVIDERS = Set.of("stripe", "paypal", "square", "braintree", "adyen", "plaid", "wise", "razorpay");
  private static final Set<String> PAYMENT_WORDS = Set.of(
      "payment", "payments", "pay", "payout", "payouts", "transfer", "transfers", "charge", "refund", "remit", "wire", "purchase", "checkout");

  private OutboundCalls() {}

  /** Lower-case words of a tool name: {@code slack_postMessage} -> [slack, post, message]. */
  static List<String> words(String toolName) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    char prev = 0;
    for (int i = 0; i < toolName.length(); i++) {
      char c = toolName.charAt(i);
      boolean boundary = !Character.isLetterOrDigit(c);
      boolean camel = Character.isUpperCase(c) && Character.isLowerCase(prev);
      if ((boundary || camel) && w.length() > 0) {
        out.add(w.toString().toLowerCase(Locale.ROOT));
        w.setLength(0);
      }
      if (!boundary) {
        w.append(c);
      }
      prev = c;
    }
    if (w.length() > 0) {
      out.add(w.toString().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /**
   * A call that delivers a message to people: a messaging provider's tool or a send/post/reply-style
   * tool, unless its name says it only reads ({@code slack_list_messages}, {@code gmail_search}).
   */
  static boolean isMessaging(String toolName, ToolAction action) {
    List<String> words = words(toolName);
    if (words.isEmpty()) {
      return false;
    }
    boolean send = false;
    boolean noun = false;
    for (String w : words) {
      if (READ_VERBS.contains(w)) {
        return false;
      }
      send |= SEND_VERBS.contains(w);
      noun |= MESSAGE_NOUNS.contains(w);
    }
    if (MESSAGING_PROVIDERS.contains(words.get(0))
        || (action instanceof ToolAction.ExternalApi api && MESSAGING_PROVIDERS.contains(api.provider()))) {
      return true;
    }
    // An http_post is network egress and a save_message file write is a file write: judge by name only for plain tools.
    return (action instanceof ToolAction.Generic || action instanceof ToolAction.ExternalApi) && (send || noun);
  }

  /** A third-party API call or a message: its string arguments leave the organisation. */
  static boolean isOutbound(String toolName, ToolAction action) {
    return action instanceof ToolAction.ExternalApi || isMessaging(toolName, action);
  }

  /** A tool that may move money (only treated as a payment when it also carries an amount). */
  static boolean isPaymentTool(String toolName) {
    List<String> words = words(toolName);
    if (!words.isEmpty() && PAYMENT_PROVIDERS.contains(words.get(0))) {
      return true;
    }
    for (String w : words) {
      if (PAYMENT_WORDS.contains(w)) {
        return true;
      }
    }
    return false;
  }
}
