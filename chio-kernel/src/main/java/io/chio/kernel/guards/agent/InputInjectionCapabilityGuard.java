package io.chio.kernel.guards.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.action.Arguments;
import io.chio.kernel.action.MalformedArgumentException;
import io.chio.kernel.action.ToolAction;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code input-injection-capability}: OS-level synthetic input (raw keystrokes, mouse, touch) is
 * denied unless its input type is allowed, and input aimed at a privileged window is denied.
 *
 * <p>Raw injection is: a raw input tool ({@code input_*}, {@code input.inject}, xdotool/ydotool,
 * {@code send_keys}, {@code send_input}, {@code keyboard_*}, {@code mouse_*}, {@code type_text},
 * pyautogui...), an {@code action_type: input.inject} argument, a shell command that runs {@code
 * xdotool}/{@code ydotool}/{@code wtype}/{@code xte}/{@code dotool}/{@code cliclick} (also behind
 * {@code sudo}, {@code env}, {@code sh -c "..."}) or {@code osascript} with {@code keystroke}/{@code
 * key code}/{@code click}, and shell or code that drives pyautogui, pynput, {@code SendKeys},
 * {@code keybd_event}, {@code SendInput} or {@code java.awt.Robot}. Browser automation is not raw
 * injection. The input types of a call are the union of its {@code input_type} argument (string or
 * list), the words of its tool name and action (key/type/text/press: {@code keyboard};
 * mouse/click/move/scroll/drag: {@code mouse}; touch/tap/swipe: {@code touch}) and its argument
 * keys ({@code text}, {@code key}, {@code keys}: keyboard; {@code x}, {@code y}, {@code coordinate},
 * {@code button}: mouse). Every type must be allowed; a call whose type cannot be told is denied.
 *
 * <p>Any desktop call (raw or {@code computer}) whose {@code window}, {@code window_title}, {@code
 * target}, {@code target_window}, {@code app}, {@code application}, {@code process}, {@code
 * title}, {@code focus} or {@code active_window} argument names a protected target (whole words,
 * case-insensitive, NFKC) is denied: password prompts, sudo/UAC/polkit dialogs, keychains and
 * password managers, terminals and shells.
 *
 * <p>Config ({@code rules.input_injection}), defaults in brackets: {@code enabled} [true], {@code
 * allowed_types} [none: every raw injection is denied; e.g. {@code [keyboard, mouse, touch]}],
 * {@code require_postcondition_probe} [false]: raw injection must carry a non-empty {@code
 * postcondition_probe_hash} (or {@code postconditionProbeHash}), {@code protected_targets}
 * [{@link #DEFAULT_PROTECTED_TARGETS}]; a given list replaces the defaults.
 */
final class InputInjectionCapabilityGuard implements Guard {
  static final String NAME = "input-injection-capability";

  static final List<String> DEFAULT_PROTECTED_TARGETS = List.of("password", "passphrase", "passcode", "pin entry", "pinentry", "sudo",
      "authentication required", "authenticate", "polkit", "user account control", "uac", "run as administrator", "administrator",
      "keychain", "credential manager", "credentials", "1password", "bitwarden", "keepass", "keepassxc", "lastpass", "terminal", "xterm",
      "konsole", "iterm", "iterm2", "alacritty", "kitty", "wezterm", "tilix", "terminator", "rxvt", "urxvt", "cmd.exe", "cmd",
      "command prompt", "powershell", "pwsh", "bash", "zsh", "ssh");

  private static final Set<String> KEYS = Set.of("enabled", "allowed_types", "require_postcondition_probe", "protected_targets");
  private static final String[] TARGET_KEYS = {"window", "window_title", "window_name", "target", "target_window", "target_app", "app",
    "application", "app_name", "process", "process_name", "title", "focus", "active_window"};

  /** An input tool in command position: after a separator or quote, behind sudo/env/timeout/VAR=x. */
  private static final Pattern SHELL_INPUT_TOOL = Pattern.compile("(?:^|[;&|(`\"'\\n{]|\\$\\()\\s*"
      + "(?:(?:sudo|doas|env|exec|nohup|command|nice|timeout|xvfb-run|dbus-launch)(?:\\s+-\\S+(?:\\s+[^-\\s;&|]\\S*)??)*\\s+"
      + "|\\w+=\\S*\\s+|\\d+[smhd]?\\s+)*"
      + "(?:\\S*/)?(xdotool|ydotool|wtype|xte|dotool|dotoolc|cliclick|osascript)\\b");
  private static final String[] SHELL_TOOL_NAMES = {"xdotool", "ydotool", "wtype", "xte", "dotool", "cliclick", "osascript"};
  /** Input-synthesis APIs, in code and in shell commands (PowerShell SendKeys, python -c). */
  private static final String[] API_INPUT_MARKERS = {"pyautogui", "pynput", "sendkeys", "sendwait", "keybd_event", "sendinput",
    "mouse_event", "java.awt.robot", "robot.keypress", "robot.mousemove", "autohotkey", "autoit"};
  /** Input tools named inside code (subprocess calls); in shell only a command position counts. */
  private static final String[] CODE_TOOL_MARKERS = {"xdotool", "ydotool", "wtype"};

  private static final String[] KEYBOARD_WORDS = {"key", "type", "text", "keystroke", "keyboard", "write", "press", "hotkey", "sendwait"};
  private static final String[] MOUSE_WORDS = {"mouse", "click", "move", "scroll", "drag", "cursor", "pointer", "robot.mouse"};
  private static final String[] TOUCH_WORDS = {"touch", "tap", "swipe", "pinch", "gesture"};

  private static final GuardResult DISABLED = GuardResult.allow("disabled");
  private static final GuardResult NOT_INPUT = GuardResult.allow("not synthetic input");

  private final boolean enabled;
  private final Set<String> allowedTypes;
  private final boolean requireProbe;
  private final Pattern protectedTargets;

  private InputInjectionCapabilityGuard(boolean enabled, Set<String> allowedTypes, boolean requireProbe, Pattern protectedTargets) {
    this.enabled = enabled;
    this.allowedTypes = allowedTypes;
    this.requireProbe = requireProbe;
    this.protectedTargets = protectedTargets;
  }

  static InputInjectionCapabilityGuard create(JsonNode config) throws GuardConfigException {
    ConfigReader r = ConfigReader.of(NAME, config, KEYS);
    Set<String> types = new TreeSet<>();
    for (String t : r.strings("allowed_types", List.of())) {
      types.add(Text.verb(t));
    }
    List<String> targets = r.strings("protected_targets", DEFAULT_PROTECTED_TARGETS);
    Pattern protectedTargets = null;
    if (!targets.isEmpty()) {
      StringBuilder alt = new StringBuilder("(?<![\\p{L}\\p{N}])(?:");
      for (int i = 0; i < targets.size(); i++) {
        String t = Text.fold(targets.get(i)).strip();
        if (t.isEmpty()) {
          throw r.error("protected_targets[" + i + "]", "must not be empty");
        }
        alt.append(i == 0 ? "" : "|").append(Pattern.quote(t));
      }
      protectedTargets = Pattern.compile(alt.append(")(?![\\p{L}\\p{N}])").toString());
    }
    return new InputInjectionCapabilityGuard(r.bool("enabled", true), Set.copyOf(types), r.bool("require_postcondition_probe", false),
        protectedTargets);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GuardResult evaluate(GuardContext context) {
    if (!enabled) {
      return DISABLED;
    }
    ToolAction action = context.action();
    JsonNode args = context.call().arguments();
    try {
      Set<String> types = null;
      boolean desktop = action instanceof ToolAction.ComputerUse;
      if (action instanceof ToolAction.Shell sh) {
        types = shellInput(Text.fold(sh.command()));
      } else if (action instanceof ToolAction.CodeExecution ce) {
        types = codeInput(Text.fold(ce.code()));
      } else if (desktop || action instanceof ToolAction.Generic) {
        String tool = Text.verb(context.call().toolName());
        String actionType = Arguments.string(args, "action_type", "actionType", "custom_type", "customType");
        if (Surfaces.isRawInputTool(tool) || actionType != null && Text.verb(actionType).equals("input_inject")) {
          types = toolInput(tool, action, args);
          desktop = true;
        }
      }
      if (desktop) {
        GuardResult target = protectedTarget(args);
        if (target != null) {
          return target;
        }
      }
      if (types == null) {
        return NOT_INPUT;
      }
      if (types.isEmpty()) {
        return GuardResult.deny("raw input injection of unknown input type is not allowed");
      }
      for (String t : types) {
        if (!allowedTypes.contains(t)) {
          return GuardResult.deny("raw " + t + " input injection is not allowed");
        }
      }
      if (requireProbe) {
        String probe = Arguments.string(args, "postcondition_probe_hash", "postconditionProbeHash");
        if (probe == null || probe.isBlank()) {
          return GuardResult.deny("input injection requires postcondition_probe_hash");
        }
      }
      return GuardResult.allow("raw input injection allowed: " + String.join(", ", types));
    } catch (MalformedArgumentException e) {
      return GuardResult.deny(e.getMessage());
    }
  }

  private GuardResult protectedTarget(JsonNode args) throws MalformedArgumentException {
    if (protectedTargets == null) {
      return null;
    }
    for (String k : TARGET_KEYS) {
      String v = Arguments.string(args, k);
      if (v != null) {
        Matcher m = protectedTargets.matcher(Text.fold(v));
        if (m.find()) {
          return GuardResult.deny("input targets a protected window (\"" + m.group() + "\")",
              "input targets a protected window: " + k + " matches \"" + m.group() + "\"");
        }
      }
    }
    return null;
  }

  private static Set<String> toolInput(String tool, ToolAction action, JsonNode args) throws MalformedArgumentException {
    Set<String> types = new TreeSet<>();
    List<String> given = new ArrayList<>(1);
    Args.stringsOrChords(args, given, "input_type", "inputType");
    for (String g : given) {
      for (String part : g.split("\\+")) {
        types.add(Text.verb(part));
      }
    }
    addWordTypes(tool.startsWith("input_") ? tool.substring("input_".length()) : tool, types, true);
    if (action instanceof ToolAction.ComputerUse cu && cu.action() != null) {
      addWordTypes(Text.verb(cu.action()), types, true);
    }
    if (Arguments.has(args, "text", "key", "keys", "hotkey", "combo", "keycode", "key_code")) {
      types.add("keyboard");
    }
    if (Arguments.has(args, "x", "y", "coordinate", "coordinates", "button", "dx", "dy", "position")) {
      types.add("mouse");
    }
    return types;
  }

  /** Null when the command runs no input tool. */
  private static Set<String> shellInput(String command) {
    if (!containsAny(command, SHELL_TOOL_NAMES)) {
      return apiInput(command);
    }
    Matcher m = SHELL_INPUT_TOOL.matcher(command);
    while (m.find()) {
      String t = m.group(1);
      String rest = command.substring(m.end());
      Set<String> types = new TreeSet<>();
      switch (t) {
        case "wtype" -> types.add("keyboard");
        case "osascript" -> {
          if (!rest.contains("keystroke") && !rest.contains("key code") && !rest.contains("click")) {
            continue;
          }
          addWordTypes(rest, types, false);
        }
        default -> addWordTypes(rest, types, false);
      }
      return types;
    }
    return apiInput(command);
  }

  /** Null when the code uses no input-synthesis API or tool. */
  private static Set<String> codeInput(String code) {
    Set<String> types = apiInput(code);
    return types != null || !containsAny(code, CODE_TOOL_MARKERS) ? types : wordTypes(code);
  }

  private static Set<String> apiInput(String text) {
    return containsAny(text, API_INPUT_MARKERS) ? wordTypes(text) : null;
  }

  private static Set<String> wordTypes(String text) {
    Set<String> types = new TreeSet<>();
    addWordTypes(text, types, false);
    return types;
  }

  private static void addWordTypes(String s, Set<String> types, boolean touch) {
    if (containsAny(s, KEYBOARD_WORDS)) {
      types.add("keyboard");
    }
    if (containsAny(s, MOUSE_WORDS)) {
      types.add("mouse");
    }
    if (touch && containsAny(s, TOUCH_WORDS)) {
      types.add("touch");
    }
  }

  private static boolean containsAny(String s, String[] words) {
    for (String w : words) {
      if (s.contains(w)) {
        return true;
      }
    }
    return false;
  }
}
