package io.chio.kernel.guards.content;

import static io.chio.kernel.guards.content.SignalFamily.near;
import static io.chio.kernel.guards.content.SignalFamily.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores text 0..100 for attempts to talk a model out of its safety behaviour. Calibrated
 * against the HushSpec default threshold of 80: an unambiguous jailbreak ("DAN", "pretend you
 * have no restrictions", "ignore your guidelines") reaches 80 alone; framing that is common in
 * ordinary text ("developer mode", "hypothetically", "without restrictions", a role-play request)
 * scores well below it and only blocks in combination. Obfuscation (leetspeak, spaced letters,
 * hidden or encoded text) that hides a signal adds a bonus.
 */
final class JailbreakDetector {
  record Result(int score, List<String> signals) {}

  private static final String AI_RULES =
      "(guidelines|rules|restrictions|programming|training|policies|content polic(y|ies)|filters|safeguards|principles|values|ethics|morals|limitations|constraints|alignment)";

  static final SignalFamily DAN = SignalFamily.of("dan_persona", 80,
      probe(List.of("do anything now", "dan mode"), "\\b"),
      probe(List.of("you are", "you're", "you will be", "act as", "pretend to be", "become", "roleplay as", "role-play as", "stay as", "respond as",
          "answer as"), " (now )?(a |the )?(dan|betterdan|anti-dan|stan)\\b"),
      near(List.of("dan"), 45, List.of("stands for", "can do anything")));

  static final SignalFamily UNRESTRICTED = SignalFamily.of("pretend_unrestricted", 80,
      probe(List.of("pretend"), " (that )?(you|you're|you are) (have |had |has )?(no|zero|without|free of) (any )?"
          + "(restrictions|rules|limits|limitations|guidelines|filters|ethics|morals|boundaries|constraints|censorship|content polic(y|ies)|programming)"),
      probe(List.of("pretend"), " (that )?(you|you're|you are) (are |were )?(not bound|unrestricted|unfiltered|uncensored|free from|jailbroken|an ai without)"),
      probe(List.of("you have", "you've", "you are", "you're", "you were"), " (been |now )?(freed|liberated|unshackled|jailbroken)\\b"),
      probe(List.of("have broken free", "has broken free"), " (of|from)"));

  static final SignalFamily IGNORE_GUIDELINES = SignalFamily.of("ignore_guidelines", 80,
      probe(List.of("ignore", "disregard", "forget", "bypass", "override", "abandon", "set aside"),
          " (all |any )?(of )?your (own )?(safety |ethical |content |moral |previous |built-in |usual )?" + AI_RULES));

  static final SignalFamily DISABLE_SAFETY = SignalFamily.of("disable_safety", 50,
      probe(List.of("ignore", "bypass", "disable", "turn off", "deactivate", "remove", "circumvent", "evade", "get around", "jailbreak", "break"),
          " (the |all |any |your )?(safety|content|moderation|ethical|openai|anthropic) "
              + "(filters?|guidelines|guardrails|polic(y|ies)|restrictions|protocols|measures|checks|settings|systems?|training)"));

  static final SignalFamily NO_RULES = SignalFamily.of("no_rules_framing", 40,
      probe(List.of("not", "never", "no longer"), " (bound|restricted|limited|constrained) by (any |the |your |their )?"
          + "(rules|guidelines|policies|restrictions|content polic|openai|anthropic|ethics|laws|morals)"),
      probe(List.of("don't", "do not", "doesn't", "does not", "no longer", "never", "won't", "will not"),
          " (have to |need to )?(abide by|follow|obey|comply with|adhere to|respect) (the |any |your |their |its )?"
              + "(rules|guidelines|policies|restrictions|content polic(y|ies)|ethical)"),
      probe(List.of("without"), " (any )?(restrictions|filters|filtering|censorship|limitations|moral|ethical|guardrails)"));

  static final SignalFamily REFUSAL_SUPPRESSION = SignalFamily.of("refusal_suppression", 50,
      probe(List.of("never"), " (refuse|decline|reject|say no)"),
      probe(List.of("must", "will", "shall", "should", "can", "may", "could"), " ?(not|never) (refuse|decline)"),
      probe(List.of("do not", "don't"), " (ever )?(refuse|decline|say no|reject)"),
      probe(List.of("can't", "cannot", "can not", "won't", "will not"), " refuse"),
      probe(List.of("without", "no"), " (any )?(refusals?|warnings?|disclaimers?|caveats|moraliz(ing|e)|lectures?|apolog(y|ies|izing))"),
      probe(List.of("do not", "don't", "never"), " (include|add|give|provide|write|mention) (any )?(warnings?|disclaimers?|caveats|moral|ethical)"),
      probe(List.of("never"), " (say|tell me|respond with|reply with) (that )?(you|i) (can't|cannot|are unable|am unable|won't)"),
      probe(List.of("answer", "respond to", "reply to"), " (every|any|all) (question|request|prompt|query)s? (without|no matter|regardless)"),
      probe(List.of("always", "must"), " (comply|answer|respond) (with|to) (every|any|all)"));

  static final SignalFamily DEVELOPER_MODE = SignalFamily.of("developer_mode", 40,
      probe(List.of("developer", "dev", "god", "jailbreak", "jailbroken", "unrestricted", "unfiltered", "uncensored", "evil", "chaos", "opposite",
          "sudo"), " mode\\b"));

  static final SignalFamily DEVELOPER_MODE_OUTPUT = SignalFamily.of("developer_mode_output", 70,
      probe(List.of("developer mode", "dev mode", "dan mode", "jailbreak", "jailbroken"),
          " (output|response|enabled|activated|is (now )?(on|enabled|active))"));

  static final SignalFamily EVIL_PERSONA = SignalFamily.of("evil_persona", 40,
      probe(List.of("evil", "unfiltered", "uncensored", "amoral", "unethical", "unrestricted", "unaligned", "rogue", "jailbroken", "immoral", "lawless"),
          " (ai|assistant|chatbot|bot|model|llm|version|twin|confidant|persona|alter ego|character|gpt|chatgpt|claude)\\b"));

  static final SignalFamily UNBOUND_AI = SignalFamily.of("unbound_ai", 50,
      probe(List.of("ai", "assistant", "chatbot", "model", "bot", "llm", "persona", "character", "version of yourself"),
          " (with|that has|who has|having) (absolutely )?no (rules|restrictions|limits|limitations|filters|guidelines|ethics|morals|boundaries|censorship|guardrails)"));

  static final SignalFamily ROLEPLAY_BYPASS = SignalFamily.of("roleplay_bypass", 40,
      near(List.of("roleplay", "role-play", "role play", "pretend", "act", "play the role", "play the part", "imagine you are", "simulate"), 90,
          List.of("who has no", "that has no", "which has no", "who have no", "that have no", "who doesn't have", "that doesn't have",
              "who does not have", "that does not have", "who ignores", "that ignores", "who never refuses", "that never refuses",
              "who can do anything", "that can do anything", "who isn't bound", "who is not bound", "that is not bound", "who answers anything",
              "that answers anything", "who will answer anything", "who has broken free", "that has broken free", "who doesn't follow",
              "that doesn't follow", "who does not follow")),
      probe(List.of("stay in character"), ""),
      probe(List.of("respond", "answer", "reply"), " (with|in) (two|2|both|dual) (ways|responses|answers|personalities|modes|formats)"),
      probe(List.of("two", "2"), " (different |separate )?(responses|answers|personalities):"));

  static final SignalFamily HYPOTHETICAL = SignalFamily.of("hypothetical_framing", 25,
      probe(List.of("hypothetical"), "(ly)?\\b"),
      probe(List.of("in a"), " (purely )?(fictional|hypothetical|imaginary|alternate|alternative|make-believe) (world|scenario|setting|story|universe|reality)"),
      probe(List.of("for a", "for my"), " (novel|story|screenplay|book|movie|film|fiction|game)\\b"),
      probe(List.of("imagine", "suppose", "let's say", "lets say", "pretend"), " (a world|that you|you are|you were|we are|there (is|are) no)"),
      probe(List.of("purely", "strictly", "just", "only"), " (for|as) (educational|research|academic|informational|hypothetical) (purposes|reasons|exercise)"));

  static final SignalFamily GRANDMA = SignalFamily.of("grandma_exploit", 40,
      probe(List.of("grandma", "grandmother", "granny"), " (used to|would|always) (tell|read|sing|recite|explain)"));

  static final SignalFamily HARMFUL_HOWTO = SignalFamily.of("harmful_howto", 35,
      near(List.of("how to", "how would", "how could", "how do", "how can", "how should", "how might", "step to", "steps to", "step for",
              "steps for", "instructions to", "instructions for", "instructions on", "guide to", "guide for", "guide on", "recipe for",
              "recipe to", "way to", "ways to", "tutorial on", "tutorial for", "explain how to"), 60,
          List.of("make", "build", "synthesize", "synthesise", "create", "cook", "manufacture", "produce", "assemble", "brew", "construct",
              "obtain", "acquire", "develop", "deploy"), 50,
          List.of("bomb", "bombs", "pipe bomb", "explosive", "explosives", "nerve agent", "nerve agents", "sarin", "ricin", "anthrax",
              "bioweapon", "bioweapons", "chemical weapon", "chemical weapons", "meth", "methamphetamine", "fentanyl", "napalm", "thermite",
              "molotov", "molotovs", "ransomware", "malware", "keylogger", "keyloggers", "ghost gun", "ghost guns", "untraceable gun",
              "untraceable guns", "untraceable firearm", "untraceable firearms", "poison", "poisons", "c4", "tnt", "dirty bomb")));

  static final SignalFamily INSTRUCTION_OVERRIDE = PromptInjectionDetector.INSTRUCTION_OVERRIDE.as("instruction_override", 35);
  static final SignalFamily PERSISTENT_OVERRIDE = PromptInjectionDetector.NEW_INSTRUCTIONS.as("persistent_override", 30);
  static final SignalFamily PROMPT_EXTRACTION = PromptInjectionDetector.PROMPT_EXTRACTION.as("prompt_extraction", 25);

  static final List<SignalFamily> FAMILIES = List.of(DAN, UNRESTRICTED, IGNORE_GUIDELINES, DISABLE_SAFETY, NO_RULES, REFUSAL_SUPPRESSION,
      DEVELOPER_MODE, DEVELOPER_MODE_OUTPUT, EVIL_PERSONA, UNBOUND_AI, ROLEPLAY_BYPASS, HYPOTHETICAL, GRANDMA, HARMFUL_HOWTO,
      INSTRUCTION_OVERRIDE, PERSISTENT_OVERRIDE, PROMPT_EXTRACTION);
  private static final SignalMatcher MATCHER = new SignalMatcher(FAMILIES);

  private static final List<String> ASKERS = List.of("user", "human", "q", "question");
  private static final List<String> ANSWERERS = List.of("assistant", "ai", "bot", "model", "a", "answer");
  private static final int MANY_SHOT_TURNS = 8;

  private JailbreakDetector() {}

  static Result detect(ScanText text) {
    int score = 0;
    List<String> signals = new ArrayList<>();
    boolean hiddenHit = false;
    boolean hypothetical = false;
    boolean harmful = false;
    SignalFamily.Hit[] hits = MATCHER.evaluate(text);
    for (int i = 0; i < FAMILIES.size(); i++) {
      SignalFamily f = FAMILIES.get(i);
      SignalFamily.Hit hit = hits[i];
      if (hit != SignalFamily.Hit.NONE) {
        score += f.weight();
        signals.add(f.name());
        hiddenHit |= hit == SignalFamily.Hit.HIDDEN;
        hypothetical |= f == HYPOTHETICAL || f == GRANDMA;
        harmful |= f == HARMFUL_HOWTO;
      }
    }
    if (hypothetical && harmful) {
      score += 25; // "hypothetically, how would one make ..." is the framing doing its job
      signals.add("hypothetical_harm");
    }
    if (manyShot(text.primary)) {
      score += 40;
      signals.add("many_shot_dialogue");
      if (harmful) {
        score += 25; // fake compliant turns priming a harmful answer
        signals.add("many_shot_harm");
      }
    }
    if (text.spacedLetters) {
      score += 15;
      signals.add("spaced_letters");
    }
    if (text.hidden.any()) {
      score += 20;
      signals.add("hidden_characters");
    }
    if (hiddenHit) {
      score += 25;
      signals.add("obfuscated_signal");
    }
    return new Result(Math.min(score, 100), List.copyOf(signals));
  }

  /** Many fake dialogue turns from both sides: the "many-shot" pattern of priming by example. */
  private static boolean manyShot(String text) {
    int asker = 0;
    int answerer = 0;
    int n = text.length();
    int lineStart = 0;
    while (lineStart < n) {
      // A role label is a short word right at the start of the line, followed by a colon.
      int limit = Math.min(n, lineStart + 12);
      for (int k = lineStart; k < limit && text.charAt(k) != '\n'; k++) {
        if (text.charAt(k) == ':') {
          String label = text.substring(lineStart, k).strip();
          if (ASKERS.contains(label)) {
            asker++;
          } else if (ANSWERERS.contains(label)) {
            answerer++;
          }
          break;
        }
      }
      int newline = text.indexOf('\n', lineStart);
      if (newline < 0) {
        break;
      }
      lineStart = newline + 1;
    }
    return asker + answerer >= MANY_SHOT_TURNS && asker >= 3 && answerer >= 3;
  }
}
