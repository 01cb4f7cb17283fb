package io.chio.kernel.guards.content;

import static io.chio.kernel.guards.content.SignalFamily.lineStart;
import static io.chio.kernel.guards.content.SignalFamily.near;
import static io.chio.kernel.guards.content.SignalFamily.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores text for prompt-injection signals on a 0..100 scale and maps the score to a level
 * (HushSpec floors: suspicious 25, high 50, critical 75). Each signal family counts once.
 * Families are matched on the canonical text and on de-obfuscated views; a signal that only
 * appears once the text is decoded, de-leeted or un-hidden adds the {@code obfuscated} bonus.
 *
 * <p>Weights are set so one unambiguous override ("ignore all previous instructions") reaches
 * high on its own, while words that are common in ordinary text (a YAML {@code system:} key, a
 * "### System" heading, "you are now a member") only become high in combination.
 */
final class PromptInjectionDetector {
  enum Level {
    SAFE,
    SUSPICIOUS,
    HIGH,
    CRITICAL;

    static Level of(int score) {
      if (score >= 75) {
        return CRITICAL;
      }
      if (score >= 50) {
        return HIGH;
      }
      if (score >= 25) {
        return SUSPICIOUS;
      }
      return SAFE;
    }

    static Level parse(String s) {
      return switch (s) {
        case "safe" -> SAFE;
        case "suspicious" -> SUSPICIOUS;
        case "high" -> HIGH;
        case "critical" -> CRITICAL;
        default -> throw new IllegalArgumentException("must be one of safe, suspicious, high, critical; got \"" + s + "\"");
      };
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  record Result(int score, Level level, List<String> signals) {}

  private static final String OBJECTS =
      "(instructions?|prompts?|rules|directions|directives|guidelines|context|messages|commands|orders|constraints|guidance|text)";
  /** Verbs that move data somewhere. */
  static final List<String> SEND = List.of(
      "send", "post", "upload", "forward", "exfiltrate", "transmit", "leak", "email", "e-mail", "mail", "submit", "beacon", "pipe", "curl", "wget");

  static final SignalFamily INSTRUCTION_OVERRIDE = SignalFamily.of("instruction_override", 50,
      probe(List.of("ignore", "disregard", "forget"),
          " (all |any |every |each )?(of )?(the |your |these |those )?"
              + "(previous|prior|above|earlier|preceding|foregoing|former|original|initial|system|existing|old) " + OBJECTS),
      probe(List.of("ignore", "disregard", "forget"),
          " (all |any |every )?(of )?(the )?(instructions|rules|prompts|guidelines) (above|before|previously|so far|you (were|have been) given)"),
      probe(List.of("ignore", "disregard", "forget"), " (everything|anything|all) (above|before|prior|previously|said|you were told|so far)"),
      probe(List.of("disregard the above"), ""),
      probe(List.of("override", "bypass"), " (all |any )?(of )?your (instructions|rules|programming|guidelines|system prompt)"),
      probe(List.of("forget"), " (all |everything )?(you were told|your instructions|your programming|your rules)"),
      probe(List.of("stop following"), " (your |the |all )?(previous |prior |original )?(instructions|rules)"));

  static final SignalFamily NEW_INSTRUCTIONS = SignalFamily.of("new_instructions", 35,
      probe(List.of("new", "updated", "revised", "real", "actual", "true", "override", "secret", "hidden", "additional"),
          " (system )?instructions? ?:"),
      probe(List.of("from now on"), ",? (you are|you're|you must|you shall|you should|you have to) (a|an|the|my|no longer|free|only|always|never|not|to)\\b"),
      probe(List.of("from now on"),
          ",? (you will|you'll|you) (act|respond|answer|reply|behave|ignore|obey|follow|only|always|never|pretend|be a|be an|speak|comply)\\b"),
      probe(List.of("your new", "your real", "your actual", "your true"), " (role|persona|instructions|task|goal|purpose|objective) (is|are)"));

  static final SignalFamily CHAT_TEMPLATE = SignalFamily.of("chat_template_tokens", 45,
      probe(List.of("<|"), "(im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text)\\|>"),
      probe(List.of("[inst]", "[/inst]", "<<sys>>", "<</sys>>"), ""));

  static final SignalFamily FAKE_SYSTEM_TURN = SignalFamily.of("fake_system_turn", 25,
      probe(List.of("<|im_start|>", "<|start_header_id|>"), " ?(system|developer)"),
      probe(List.of("<|system|>", "<<sys>>"), ""));

  static final SignalFamily ROLE_HEADER = SignalFamily.of("role_header", 30,
      lineStart(List.of("##"), "#* ?(system|assistant|instructions?|new instructions|system prompt|admin|developer) ?(:|\\n|$)"),
      probe(List.of("<system>", "</system>", "<assistant>", "</assistant>", "<instructions>", "</instructions>"), ""),
      probe(List.of("begin", "end", "start"), " (of )?(the )?(system|hidden|secret|new|admin|developer) (prompt|instructions|message)"),
      probe(List.of("end of"), " (user )?(input|document|data|context)[.\\s]*(\\n|$)"));

  static final SignalFamily ROLE_LINE = SignalFamily.of("role_line", 15,
      lineStart(List.of("system", "assistant"), " ?: ?\\S"));

  static final SignalFamily ROLE_SWITCH = SignalFamily.of("role_switch", 30,
      probe(List.of("you are", "you're", "you will", "you must"),
          " now (a|an|the|my|in|no longer|free|unrestricted|jailbroken|dan|acting|going to|operating|ready)\\b"),
      probe(List.of("act", "behave", "respond", "answer"), " as if you (are|were|have|had)"));

  static final SignalFamily PROMPT_EXTRACTION = SignalFamily.of("prompt_extraction", 35,
      probe(List.of("reveal", "print", "show", "output", "repeat", "display", "dump", "leak", "expose", "tell me", "give me", "write out",
              "echo", "return", "list"),
          " (me )?(all )?(of )?(your|the) ((full|entire|complete|exact|original|initial|hidden|secret|system|confidential|internal|developer) ){0,3}"
              + "(system prompt|system message|prompt|instructions|rules|configuration|guidelines|initial prompt)"),
      probe(List.of("what"), " (is|are|were) your (system prompt|system message|initial instructions|hidden instructions|original instructions|instructions|rules)"),
      probe(List.of("repeat"), " (everything|all|the text|the words|the content) (above|before|prior)"));

  /** Things worth stealing. */
  static final List<String> SECRET_OBJECTS = List.of(
      "secret", "secrets", "credential", "credentials", "password", "passwords", "api key", "api keys", "api_key", "api_keys", "apikey",
      "access token", "access tokens", "tokens", "private key", "private keys", "ssh key", "ssh keys", ".env", "env var", "env vars",
      "environment variable", "environment variables", "system prompt", "conversation history", "chat history", "session cookie",
      "session cookies", "cookies", "~/.ssh", "/etc/passwd", "/etc/shadow", "id_rsa");

  static final SignalFamily EXFIL_SECRETS = SignalFamily.of("exfiltrate_secrets", 40, near(SEND, 70, SECRET_OBJECTS));

  static final SignalFamily EXFIL_CONTENTS = SignalFamily.of("exfiltrate_contents", 30,
      probe(SEND, " (me |back )?(the |all |everything |every )?(full |entire |whole |raw )?(contents?|text|data|output|files?) (of|in|from)"),
      probe(SEND, " everything (you|in|from|above)"));

  static final SignalFamily EXFIL_DESTINATION = SignalFamily.of("exfiltrate_destination", 25,
      near(SEND, 90, List.of("http://", "https://", "ftp://", "webhook", "webhooks", "pastebin", "ngrok", "requestbin")));

  static final SignalFamily ENCODE_SECRETS = SignalFamily.of("encode_secrets", 40,
      near(List.of("base64 encode", "base64-encode", "base 64 encode", "hex encode", "hex-encode", "rot13", "rot 13", "url encode",
          "url-encode", "urlencode"), 50, SECRET_OBJECTS),
      probe(List.of("encode"), " (the |all |your |every )(secrets?|credentials?|passwords?|keys|tokens|env|environment variables) (in|with|as|using|to) (base ?64|hex|rot ?13)"));

  static final SignalFamily MARKDOWN_EXFIL = SignalFamily.of("markdown_image_exfiltration", 25,
      probe(List.of("!["), "[^\\]\\n]{0,100}\\]\\(https?://[^)\\s]{0,500}(\\{|%7b|\\$\\()"));

  static final List<SignalFamily> FAMILIES = List.of(INSTRUCTION_OVERRIDE, NEW_INSTRUCTIONS, CHAT_TEMPLATE, FAKE_SYSTEM_TURN, ROLE_HEADER, ROLE_LINE,
      ROLE_SWITCH, PROMPT_EXTRACTION, EXFIL_SECRETS, EXFIL_CONTENTS, EXFIL_DESTINATION, ENCODE_SECRETS, MARKDOWN_EXFIL);
  private static final SignalMatcher MATCHER = new SignalMatcher(FAMILIES);

  private PromptInjectionDetector() {}

  static Result detect(ScanText text) {
    int score = 0;
    List<String> signals = new ArrayList<>();
    boolean hiddenHit = false;
    SignalFamily.Hit[] hits = MATCHER.evaluate(text);
    for (int i = 0; i < FAMILIES.size(); i++) {
      SignalFamily f = FAMILIES.get(i);
      SignalFamily.Hit hit = hits[i];
      if (hit != SignalFamily.Hit.NONE) {
        score += f.weight();
        signals.add(f.name());
        hiddenHit |= hit == SignalFamily.Hit.HIDDEN;
      }
    }
    TextNormalizer.Hidden hidden = text.hidden;
    if (hidden.tags() > 0) {
      score += 60; // tag characters render as nothing: text smuggled past a human reviewer
      signals.add("unicode_tag_characters");
    }
    if (hidden.bidi() > 0) {
      score += 30;
      signals.add("bidi_override");
    }
    if (hidden.zeroWidth() > 0) {
      score += hidden.zeroWidth() >= 2 ? 20 : 10;
      signals.add("zero_width_characters");
    }
    if (text.decodedPayloads > 0) {
      score += 10;
      signals.add("encoded_payload");
    }
    if (hiddenHit) {
      score += 25;
      signals.add("obfuscated_instructions");
    }
    score = Math.min(score, 100);
    return new Result(score, Level.of(score), List.copyOf(signals));
  }
}
