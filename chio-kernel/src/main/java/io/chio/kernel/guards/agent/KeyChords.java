package io.chio.kernel.guards.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses key-press text into chords (sets of canonical key names) so a denied combo matches however
 * it is spelled: xdotool ({@code ctrl+alt+t}, {@code Super_L+r}, space-separated sequences), dashed
 * ({@code ctrl-alt-t}), pynput ({@code <cmd>+r}), Mac symbols ({@code ⌘R}), SendKeys/AutoHotkey
 * prefixes ({@code ^%t}, {@code #r}, {@code !{F2}}), any case, any order, full-width letters.
 */
final class KeyChords {
  private static final Map<String, String> ALIASES = new HashMap<>();
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  static {
    alias("ctrl", "ctrl", "control", "ctl", "control_l", "control_r", "ctrl_l", "ctrl_r", "lctrl", "rctrl", "leftctrl", "rightctrl", "lcontrol",
        "rcontrol", "strg", "⌃", "^");
    alias("alt", "alt", "alt_l", "alt_r", "lalt", "ralt", "leftalt", "rightalt", "option", "opt", "lmenu", "rmenu", "menu_alt", "⌥");
    alias("shift", "shift", "shift_l", "shift_r", "lshift", "rshift", "leftshift", "rightshift", "⇧");
    alias("super", "super", "super_l", "super_r", "win", "windows", "lwin", "rwin", "win_l", "win_r", "winkey", "windows_key", "cmd",
        "command", "cmd_l", "cmd_r", "meta", "meta_l", "meta_r", "lmeta", "rmeta", "os", "hyper", "hyper_l", "hyper_r", "⌘", "⊞");
    alias("enter", "enter", "return", "kp_enter", "ret", "⏎", "↵", "⌤");
    alias("escape", "escape", "esc", "⎋");
    alias("delete", "delete", "del", "kp_delete", "⌦");
    alias("backspace", "backspace", "back_space", "bksp", "⌫");
    alias("space", "space", "spacebar", "␣");
    alias("tab", "tab", "⇥");
    alias("plus", "plus", "+");
  }

  private static void alias(String canonical, String... names) {
    for (String n : names) {
      ALIASES.put(n, canonical);
    }
  }

  private KeyChords() {}

  /** Every chord in {@code text}; whitespace separates chords. */
  static List<Set<String>> parse(String text) {
    List<Set<String>> out = new ArrayList<>();
    for (String token : WHITESPACE.split(Text.fold(text).strip())) {
      if (!token.isEmpty()) {
        out.add(chord(token));
      }
    }
    return out;
  }

  /** A single chord, e.g. a configured denied combo; null when {@code text} is not exactly one. */
  static Set<String> parseOne(String text) {
    List<Set<String>> chords = parse(text);
    return chords.size() == 1 && !chords.get(0).isEmpty() ? chords.get(0) : null;
  }

  private static Set<String> chord(String token) {
    Set<String> keys = new TreeSet<>();
    String t = token;
    if (isPrefixNotation(t)) {
      int i = 0;
      while (i < t.length() - 1 && "^%#!".indexOf(t.charAt(i)) >= 0) {
        keys.add(switch (t.charAt(i)) {
          case '^' -> "ctrl";
          case '#' -> "super";
          default -> "alt";
        });
        i++;
      }
      keys.add(key(t.substring(i)));
      return keys;
    }
    if (t.equals("+")) {
      keys.add("plus");
    } else if (t.indexOf('+') >= 0) {
      splitInto(t, '+', keys);
    } else if (t.length() > 1 && t.indexOf('-') > 0 && t.indexOf('-') < t.length() - 1) {
      splitInto(t, '-', keys);
    } else if (t.length() > 1 && ALIASES.containsKey(t.substring(0, 1)) && !ALIASES.containsKey(t)) {
      // Mac symbol prefixes glued to the key: "⌘r", "⌃⌥t"
      int i = 0;
      while (i < t.length() - 1 && ALIASES.containsKey(t.substring(i, i + 1)) && isModifier(ALIASES.get(t.substring(i, i + 1)))) {
        keys.add(ALIASES.get(t.substring(i, i + 1)));
        i++;
      }
      keys.add(key(t.substring(i)));
    } else {
      keys.add(key(t));
    }
    return keys;
  }

  private static void splitInto(String t, char sep, Set<String> keys) {
    int start = 0;
    boolean lastWasEmpty = false;
    for (int i = 0; i <= t.length(); i++) {
      if (i == t.length() || t.charAt(i) == sep) {
        String part = t.substring(start, i);
        if (part.isEmpty()) {
          // "ctrl++" or a trailing separator: the separator key itself
          if (!lastWasEmpty && i > 0) {
            keys.add(sep == '+' ? "plus" : "minus");
          }
          lastWasEmpty = true;
        } else {
          keys.add(key(part));
          lastWasEmpty = false;
        }
        start = i + 1;
      }
    }
  }

  /** {@code ^%t}, {@code #r}, {@code !{f2}}: one or more prefix symbols then one key. */
  private static boolean isPrefixNotation(String t) {
    if (t.length() < 2 || "^%#!".indexOf(t.charAt(0)) < 0) {
      return false;
    }
    int i = 0;
    while (i < t.length() && "^%#!".indexOf(t.charAt(i)) >= 0) {
      i++;
    }
    String rest = t.substring(i);
    return rest.length() == 1 && Character.isLetterOrDigit(rest.charAt(0))
        || rest.length() > 2 && rest.charAt(0) == '{' && rest.charAt(rest.length() - 1) == '}';
  }

  private static boolean isModifier(String canonical) {
    return canonical.equals("ctrl") || canonical.equals("alt") || canonical.equals("shift") || canonical.equals("super");
  }

  private static String key(String raw) {
    String k = raw;
    if (k.length() > 2 && (k.charAt(0) == '<' && k.endsWith(">") || k.charAt(0) == '{' && k.endsWith("}"))) {
      k = k.substring(1, k.length() - 1);
    }
    if (k.startsWith("key.")) {
      k = k.substring(4);
    }
    if (k.startsWith("vk_")) {
      k = k.substring(3);
    }
    if (k.length() > 1) {
      k = k.replace('-', '_');
    }
    String a = ALIASES.get(k);
    return a != null ? a : k;
  }
}
