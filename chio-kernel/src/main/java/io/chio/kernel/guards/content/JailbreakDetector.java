package io.chio.kernel.guards.content;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
      List.of("anything now", "anythingnow", "dan"),
      "do anything now",
      "\\bdan mode\\b",
      "(you are|you're|you will be|act as|pretend to be|become|roleplay as|role-play as|stay as|respond as|answer as) (now )?(a |the )?(dan|betterdan|anti-dan|stan)\\b",
      "\\bdan\\b[^\\n]{0,40}(stands for|can do anything)");

  static final SignalFamily UNRESTRICTED = SignalFamily.of("pretend_unrestricted", 80,
      List.of("pretend", "freed", "liberated", "unshackled", "jailbroken", "broken free"),
      "pretend (that )?(you|you're|you are) (have |had |has )?(no|zero|without|free of) (any )?(restrictions|rules|limits|limitations|guidelines|filters|ethics|morals|boundaries|constraints|censorship|content polic(y|ies)|programming)",
      "pretend (that )?(you|you're|you are) (are |were )?(not bound|unrestricted|unfiltered|uncensored|free from|jailbroken|an ai without)",
      "(you have|you've|you are|you're|you were) (been |now )?(freed|liberated|unshackled|jailbroken)\\b",
      "(have|has) broken free (of|from)");

  static final SignalFamily IGNORE_GUIDELINES = SignalFamily.of("ignore_guidelines", 80,
      List.of("ignore", "disregard", "forget", "bypass", "override", "abandon", "set aside"),
      "\\b(ignore|disregard|forget|bypass|override|abandon|set aside) (all |any )?(of )?your (own )?(safety |ethical |content |moral |previous |built-in |usual )?" + AI_RULES);

  static final SignalFamily DISABLE_SAFETY = SignalFamily.of("disable_safety", 50,
      List.of("safety", "content", "moderation", "ethical", "openai", "anthropic"),
      "\\b(ignore|bypass|disable|turn off|deactivate|remove|circumvent|evade|get around|jailbreak|break) (the |all |any |your )?"
          + "(safety|content|moderation|ethical|openai|anthropic) (filters?|guidelines|guardrails|polic(y|ies)|restrictions|protocols|measures|checks|settings|systems?|training)");

  static final SignalFamily NO_RULES = SignalFamily.of("no_rules_framing", 40,
      List.of("bound", "restricted", "limited", "constrained", "abide", "follow", "obey", "comply", "adhere", "respect", "without"),
      "\\b(not|never|no longer) (bound|restricted|limited|constrained) by (any |the |your |their )?(rules|guidelines|policies|restrictions|content polic|openai|anthropic|ethics|laws|morals)",
      "(don't|do not|doesn't|does not|no longer|never|won't|will not) (have to |need to )?(abide by|follow|obey|comply with|adhere to|respect) (the |any |your |their |its )?(rules|guidelines|policies|restrictions|content polic(y|ies)|ethical)",
      "without (any )?(restrictions|filters|filtering|censorship|limitations|moral|ethical|guardrails)");

  static final SignalFamily REFUSAL_SUPPRESSION = SignalFamily.of("refusal_suppression", 50,
      List.of("refus", "declin", "say no", "warning", "disclaimer", "caveat", "moraliz", "lecture", "apolog", "can't", "cannot", "unable",
          "no matter", "regardless", "comply"),
      "never (refuse|decline|reject|say no)",
      "(must|will|shall|should|can|may|could) ?(not|never) (refuse|decline)",
      "(do not|don't|never) (ever )?(refuse|decline|say no|reject)",
      "(can't|cannot|can not|won't|will not) refuse",
      "(without|no) (any )?(refusals?|warnings?|disclaimers?|caveats|moraliz(ing|e)|lectures?|apolog(y|ies|izing))",
      "(do not|don't|never) (include|add|give|provide|write|mention) (any )?(warnings?|disclaimers?|caveats|moral|ethical)",
      "never (say|tell me|respond with|reply with) (that )?(you|i) (can't|cannot|are unable|am unable|won't)",
      "(answer|respond to|reply to) (every|any|all) (question|request|prompt|query)s? (without|no matter|regardless)",
      "(always|must) (comply|answer|respond) (with|to) (every|any|all)");

  static final SignalFamily DEVELOPER_MODE = SignalFamily.of("developer_mode", 40,
      List.of("mode"),
      "\\b(developer|dev|god|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|evil|chaos|opposite|sudo) mode\\b");

  static final SignalFamily DEVELOPER_MODE_OUTPUT = SignalFamily.of("developer_mode_output", 70,
      List.of("mode", "jailbreak"),
      "(developer mode|dev mode|dan mode|jailbreak|jailbroken) (output|response|enabled|activated|is (now )?(on|enabled|active))");

  static final SignalFamily EVIL_PERSONA = SignalFamily.of("evil_persona", 40,
      List.of("evil", "unfiltered", "uncensored", "amoral", "unethical", "unrestricted", "unaligned", "rogue", "jailbroken", "immoral",
          "lawless"),
      "(evil|unfiltered|uncensored|amoral|unethical|unrestricted|unaligned|rogue|jailbroken|immoral|lawless) "
          + "(ai|assistant|chatbot|bot|model|llm|version|twin|confidant|persona|alter ego|character|gpt|chatgpt|claude)\\b");

  static final SignalFamily UNBOUND_AI = SignalFamily.of("unbound_ai", 50,
      List.of(" no "),
      "\\b(ai|assistant|chatbot|model|bot|llm|persona|character|version of yourself) (with|that has|who has|having) (absolutely )?no "
          + "(rules|restrictions|limits|limitations|filters|guidelines|ethics|morals|boundaries|censorship|guardrails)");

  static final SignalFamily ROLEPLAY_BYPASS = SignalFamily.of("roleplay_bypass", 40,
      List.of("roleplay", "role-play", "role play", "pretend", "act", "play the", "imagine", "simulate", "character", "two", "both",
          "dual"),
      "\\b(roleplay|role-play|role play|pretend|act|play the role|play the part|imagine you are|simulate) [^\\n]{0,80}?(who|that|which) "
          + "(has no|have no|doesn't have|does not have|ignores|never refuses|can do anything|isn't bound|is not bound|answers anything|"
          + "will answer anything|has broken free|doesn't follow|does not follow)",
      "stay in character",
      "(respond|answer|reply) (with|in) (two|2|both|dual) (ways|responses|answers|personalities|modes|formats)",
      "(two|2) (different |separate )?(responses|answers|personalities):");

  static final SignalFamily HYPOTHETICAL = SignalFamily.of("hypothetical_framing", 25,
      List.of("hypothetical", "fiction", "imaginary", "alternate", "alternative", "novel", "story", "screenplay", "book", "movie", "film",
          "game", "imagine", "suppose", "let's say", "lets say", "pretend", "purposes", "purely", "strictly"),
      "hypothetical(ly)?\\b",
      "in a (purely )?(fictional|hypothetical|imaginary|alternate|alternative|make-believe) (world|scenario|setting|story|universe|reality)",
      "for (a|my) (novel|story|screenplay|book|movie|film|fiction|game)\\b",
      "(imagine|suppose|let's say|lets say|pretend) (a world|that you|you are|you were|we are|there (is|are) no)",
      "(purely|strictly|just|only) (for|as) (educational|research|academic|informational|hypothetical) (purposes|reasons|exercise)");

  static final SignalFamily GRANDMA = SignalFamily.of("grandma_exploit", 40,
      List.of("grandm", "granny"),
      "(grandma|grandmother|granny) (used to|would|always) (tell|read|sing|recite|explain)");

  static final SignalFamily HARMFUL_HOWTO = SignalFamily.of("harmful_howto", 35,
      List.of("bomb", "explosive", "nerve agent", "sarin", "ricin", "anthrax", "weapon", "meth", "fentanyl", "napalm", "thermite",
          "molotov", "ransomware", "malware", "keylogger", "ghost gun", "untraceable", "poison", "c4", "tnt"),
      "\\b(how (to|would|could|do|can|should|might) (one |you |i |someone |a person |we )?|steps? (to|for)|instructions (to|for|on)|guide (to|for|on)|"
          + "recipe (for|to)|ways? to|tutorial (on|for)|explain how to) [^\\n]{0,40}?"
          + "(make|build|synthesi[sz]e|create|cook|manufacture|produce|assemble|brew|construct|obtain|acquire|develop|deploy) [^\\n]{0,40}?"
          + "(bombs?|explosives?|nerve agents?|sarin|ricin|anthrax|bioweapons?|chemical weapons?|meth|methamphetamine|fentanyl|napalm|"
          + "thermite|molotov|ransomware|malware|keyloggers?|ghost guns?|untraceable (guns?|firearms?)|poisons?|\\bc4\\b|\\btnt\\b)");

  static final SignalFamily INSTRUCTION_OVERRIDE = new SignalFamily("instruction_override", 35,
      PromptInjectionDetector.INSTRUCTION_OVERRIDE.keywords(), PromptInjectionDetector.INSTRUCTION_OVERRIDE.patterns());

  static final SignalFamily PERSISTENT_OVERRIDE = new SignalFamily("persistent_override", 30,
      PromptInjectionDetector.NEW_INSTRUCTIONS.keywords(), PromptInjectionDetector.NEW_INSTRUCTIONS.patterns());

  static final SignalFamily PROMPT_EXTRACTION = new SignalFamily("prompt_extraction", 25,
      PromptInjectionDetector.PROMPT_EXTRACTION.keywords(), PromptInjectionDetector.PROMPT_EXTRACTION.patterns());

  static final List<SignalFamily> FAMILIES = List.of(DAN, UNRESTRICTED, IGNORE_GUIDELINES, DISABLE_SAFETY, NO_RULES, REFUSAL_SUPPRESSION,
      DEVELOPER_MODE, DEVELOPER_MODE_OUTPUT, EVIL_PERSONA, UNBOUND_AI, ROLEPLAY_BYPASS, HYPOTHETICAL, GRANDMA, HARMFUL_HOWTO,
      INSTRUCTION_OVERRIDE, PERSISTENT_OVERRIDE, PROMPT_EXTRACTION);

  /** A line that opens a turn of a (possibly fake) dialogue. */
  private static final Pattern TURN = Pattern.compile("(?m)^(user|human|assistant|ai|bot|model|q|a|question|answer)\\s?:");
  private static final int MANY_SHOT_TURNS = 8;

  private JailbreakDetector() {}

  static Result detect(ScanText text) {
    int score = 0;
    List<String> signals = new ArrayList<>();
    boolean hiddenHit = false;
    boolean hypothetical = false;
    boolean harmful = false;
    for (SignalFamily f : FAMILIES) {
      SignalFamily.Hit hit = f.find(text);
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
    if (text.indexOf(':') < 0) {
      return false;
    }
    Matcher m = TURN.matcher(text);
    int asker = 0;
    int answerer = 0;
    while (m.find()) {
      switch (m.group(1)) {
        case "user", "human", "q", "question" -> asker++;
        default -> answerer++;
      }
    }
    return asker + answerer >= MANY_SHOT_TURNS && asker >= 3 && answerer >= 3;
  }
}
