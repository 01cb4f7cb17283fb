package io.chio.kernel.guards.agent;

/**
 * Which agent-surface guard owns a desktop tool, by its folded name ({@link Text#verb}). The
 * classifier puts all of them under {@code ComputerUse}; the remote-desktop family and raw input
 * tools have their own guards, so {@code computer-use} does not apply its action allowlist to them.
 */
final class Surfaces {
  private Surfaces() {}

  /** {@code rdp_*}, {@code vnc_*}, {@code remote_desktop*}, {@code remote.*}, anything clipboard. */
  static boolean isRemoteDesktopTool(String tool) {
    return tool.startsWith("rdp_") || tool.startsWith("vnc_") || tool.startsWith("remote_desktop") || tool.startsWith("remote_")
        || tool.equals("rdp") || tool.equals("vnc") || tool.contains("clipboard");
  }

  /** OS-level synthetic input: {@code input_*}, xdotool-like, send-keys, raw keyboard/mouse tools. */
  static boolean isRawInputTool(String tool) {
    if (tool.startsWith("input_") || tool.equals("input")) {
      return true;
    }
    for (String marker : RAW_INPUT_MARKERS) {
      if (tool.contains(marker)) {
        return true;
      }
    }
    return false;
  }

  private static final String[] RAW_INPUT_MARKERS = {
    "xdotool", "ydotool", "wtype", "send_keys", "sendkeys", "send_input", "sendinput", "keybd_event", "inject", "keystroke", "keyboard",
    "mouse", "type_text", "press_key", "key_press", "synthetic_input", "autohotkey", "pyautogui", "pynput", "touch_input"
  };
}
