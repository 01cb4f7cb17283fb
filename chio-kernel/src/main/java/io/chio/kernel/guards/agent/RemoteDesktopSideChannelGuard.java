package io.chio.kernel.guards.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.action.Arguments;
import io.chio.kernel.action.MalformedArgumentException;
import io.chio.kernel.action.ToolAction;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code remote-desktop-side-channel}: denies remote-desktop side channels that are not enabled:
 * clipboard, file transfer, drive/folder redirection, printing, USB, audio playback, microphone,
 * camera, smart cards, session sharing.
 *
 * <p>The channel is recognised from (a) the tool name of the remote-desktop family ({@code
 * rdp_clipboard_read}, {@code vnc_upload_file}, {@code remote_desktop_mount_drive}, any clipboard
 * tool), (b) the action verb of any {@code ComputerUse} call ({@code computer} with {@code
 * action: clipboard_write}), (c) a {@code channel} argument, and (d) a {@code remote.*} tool name or
 * {@code action_type}/{@code custom_type} argument ({@code remote.clipboard}). An explicit channel
 * name that is not known is denied on remote-desktop and computer-use calls (new channels are not
 * silently permitted); {@code remote.session.*} lifecycle calls are not side channels. A {@code
 * channel} argument on an unrelated tool (e.g. a chat channel) is ignored unless it names a
 * side channel by its exact name ({@code clipboard}, {@code file_transfer}, {@code microphone}...).
 * Calls with no side channel pass.
 *
 * <p>Config ({@code rules.remote_desktop_channels}), each channel a boolean "enabled" flag, defaults
 * in brackets: {@code enabled} [true], {@code clipboard} [false], {@code file_transfer} [false],
 * {@code drive_mapping} [false], {@code printing} [false], {@code usb} [false], {@code audio}
 * [true] (playback only), {@code audio_capture} [false] (microphone), {@code camera} [false], {@code
 * smart_card} [false], {@code session_share} [false], {@code max_transfer_size_bytes} [no limit]:
 * when set, a file transfer must declare {@code transfer_size} (or {@code transferSize}, {@code
 * size_bytes}, {@code file_size}, {@code size}) as an integer within it.
 */
final class RemoteDesktopSideChannelGuard implements Guard {
  static final String NAME = "remote-desktop-side-channel";

  enum Channel {
    CLIPBOARD(false),
    FILE_TRANSFER(false),
    DRIVE_MAPPING(false),
    PRINTING(false),
    USB(false),
    AUDIO(true),
    AUDIO_CAPTURE(false),
    CAMERA(false),
    SMART_CARD(false),
    SESSION_SHARE(false);

    final boolean enabledByDefault;

    Channel(boolean enabledByDefault) {
      this.enabledByDefault = enabledByDefault;
    }

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Map<String, Channel> NAMES = new HashMap<>();

  static {
    names(Channel.CLIPBOARD, "clipboard", "cliprdr", "copy_paste");
    names(Channel.FILE_TRANSFER, "file_transfer", "filetransfer", "file", "files", "transfer", "file_copy");
    names(Channel.DRIVE_MAPPING, "drive_mapping", "drive_redirection", "drive", "drives", "disk", "disks", "rdpdr", "folder", "shared_folder",
        "folder_redirection");
    names(Channel.PRINTING, "printing", "printer", "printers", "print", "printer_redirection");
    names(Channel.USB, "usb", "usb_redirection", "usb_devices", "usb_device");
    names(Channel.AUDIO, "audio", "sound", "audio_output", "audio_playback", "speaker", "speakers");
    names(Channel.AUDIO_CAPTURE, "audio_capture", "audio_input", "audio_in", "audio_recording", "microphone", "mic");
    names(Channel.CAMERA, "camera", "webcam", "video", "video_capture");
    names(Channel.SMART_CARD, "smart_card", "smartcard", "scard");
    names(Channel.SESSION_SHARE, "session_share", "session_sharing", "share_session", "share");
  }

  /** Names unambiguous enough to trust in a {@code channel} argument of an unrelated tool. */
  private static final Map<String, Channel> STRICT_NAMES = new HashMap<>();

  static {
    for (Channel c : Channel.values()) {
      STRICT_NAMES.put(c.key(), c);
    }
    for (String n : new String[] {"cliprdr", "rdpdr", "drive_redirection", "printer_redirection", "usb_redirection", "microphone", "smartcard"}) {
      STRICT_NAMES.put(n, NAMES.get(n));
    }
  }

  private static void names(Channel c, String... names) {
    for (String n : names) {
      NAMES.put(n, c);
    }
  }

  private static final Set<String> KEYS;

  static {
    Set<String> k = new TreeSet<>(Set.of("enabled", "max_transfer_size_bytes"));
    for (Channel c : Channel.values()) {
      k.add(c.key());
    }
    KEYS = Set.copyOf(k);
  }

  private static final GuardResult DISABLED = GuardResult.allow("disabled");
  private static final GuardResult NO_CHANNEL = GuardResult.allow("no remote desktop side channel");

  private final boolean enabled;
  private final EnumMap<Channel, Boolean> channels;
  private final Long maxTransferSizeBytes;

  private RemoteDesktopSideChannelGuard(boolean enabled, EnumMap<Channel, Boolean> channels, Long maxTransferSizeBytes) {
    this.enabled = enabled;
    this.channels = channels;
    this.maxTransferSizeBytes = maxTransferSizeBytes;
  }

  static RemoteDesktopSideChannelGuard create(JsonNode config) throws GuardConfigException {
    ConfigReader r = ConfigReader.of(NAME, config, KEYS);
    EnumMap<Channel, Boolean> channels = new EnumMap<>(Channel.class);
    for (Channel c : Channel.values()) {
      channels.put(c, r.bool(c.key(), c.enabledByDefault));
    }
    return new RemoteDesktopSideChannelGuard(r.bool("enabled", true), channels, r.optPositive("max_transfer_size_bytes", Long.MAX_VALUE));
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
    JsonNode args = context.call().arguments();
    String rawTool = context.call().toolName();
    boolean computer = context.action() instanceof ToolAction.ComputerUse;
    if (!computer && !Arguments.has(args, CHANNEL_ARGS) && isPlainNonRemote(rawTool)) {
      return NO_CHANNEL;
    }
    String tool = Text.verb(rawTool);
    boolean family = computer || Surfaces.isRemoteDesktopTool(tool);
    EnumSet<Channel> found = EnumSet.noneOf(Channel.class);
    try {
      String channelArg = Arguments.string(args, "channel", "channel_type", "side_channel");
      if (channelArg != null) {
        String name = Text.verb(channelArg);
        Channel c = family ? byName(name) : STRICT_NAMES.get(name);
        if (c != null) {
          found.add(c);
        } else if (family) {
          return GuardResult.deny("unknown remote desktop channel " + Text.quote(channelArg));
        }
      }
      String actionType = Arguments.string(args, "action_type", "actionType", "custom_type", "customType");
      String dotted = Text.fold(rawTool).startsWith("remote.") ? tool : actionType != null ? Text.verb(actionType) : null;
      if (dotted != null && dotted.startsWith("remote_") && !dotted.startsWith("remote_session_") && !dotted.startsWith("remote_desktop")) {
        String name = dotted.substring("remote_".length());
        Channel c = byName(name);
        if (c == null) {
          return GuardResult.deny("unknown remote desktop channel \"remote." + name + "\"");
        }
        found.add(c);
      }
      if (family) {
        Channel c = byKeyword(tool);
        if (c == null && context.action() instanceof ToolAction.ComputerUse cu && cu.action() != null) {
          c = byKeyword(Text.verb(cu.action()));
        }
        if (c != null) {
          found.add(c);
        }
      }
      if (found.isEmpty()) {
        return NO_CHANNEL;
      }
      for (Channel c : found) {
        if (!channels.get(c)) {
          return GuardResult.deny("remote desktop channel \"" + c.key() + "\" is disabled");
        }
      }
      if (found.contains(Channel.FILE_TRANSFER) && maxTransferSizeBytes != null) {
        Long size = Args.nonNegative(args, "transfer_size", "transferSize", "size_bytes", "file_size", "size");
        if (size == null) {
          return GuardResult.deny("file transfer must declare transfer_size (limit " + maxTransferSizeBytes + " bytes)");
        }
        if (size > maxTransferSizeBytes) {
          return GuardResult.deny("file transfer of " + size + " bytes exceeds max_transfer_size_bytes " + maxTransferSizeBytes);
        }
      }
    } catch (MalformedArgumentException e) {
      return GuardResult.deny(e.getMessage());
    }
    return GuardResult.allow("remote desktop channel " + found.iterator().next().key() + " enabled");
  }

  private static final String[] CHANNEL_ARGS = {"channel", "channel_type", "side_channel", "action_type", "actionType", "custom_type",
    "customType"};

  /** Fast path: an ASCII tool name that cannot be of the remote-desktop family (those are not all ComputerUse). */
  private static boolean isPlainNonRemote(String tool) {
    for (int i = 0; i < tool.length(); i++) {
      if (tool.charAt(i) >= 0x80) {
        return false;
      }
    }
    return !tool.regionMatches(true, 0, "remote", 0, 6) && !tool.regionMatches(true, 0, "rdp", 0, 3)
        && !tool.regionMatches(true, 0, "vnc", 0, 3) && !tool.toLowerCase(java.util.Locale.ROOT).contains("clipboard");
  }

  private static Channel byName(String name) {
    Channel c = NAMES.get(name);
    return c != null ? c : byKeyword(name);
  }

  /** Channel words inside a longer tool or verb name; the microphone check precedes plain audio. */
  static Channel byKeyword(String s) {
    if (s.contains("clipboard") || s.contains("cliprdr") || s.contains("copy_paste")) {
      return Channel.CLIPBOARD;
    }
    if (s.contains("file_transfer") || s.contains("filetransfer") || s.contains("upload") || s.contains("download") || s.contains("send_file")
        || s.contains("receive_file") || s.contains("transfer_file") || s.contains("get_file") || s.contains("put_file")
        || s.contains("push_file") || s.contains("pull_file") || s.contains("copy_file")) {
      return Channel.FILE_TRANSFER;
    }
    if (s.contains("drive") || s.contains("rdpdr") || s.contains("mount") || s.contains("shared_folder") || s.contains("share_folder")
        || s.contains("folder_redirect")) {
      return Channel.DRIVE_MAPPING;
    }
    if (s.contains("print") && !s.contains("print_screen") && !s.contains("printscreen")) {
      return Channel.PRINTING;
    }
    if (s.contains("usb")) {
      return Channel.USB;
    }
    if (s.contains("microphone") || s.startsWith("mic_") || s.contains("_mic_") || s.endsWith("_mic") || s.contains("audio_capture")
        || s.contains("audio_input") || s.contains("record_audio") || s.contains("audio_record")) {
      return Channel.AUDIO_CAPTURE;
    }
    if (s.contains("camera") || s.contains("webcam") || s.contains("video_capture")) {
      return Channel.CAMERA;
    }
    if (s.contains("smartcard") || s.contains("smart_card") || s.contains("scard")) {
      return Channel.SMART_CARD;
    }
    if (s.contains("session_share") || s.contains("share_session")) {
      return Channel.SESSION_SHARE;
    }
    if (s.contains("audio") || s.contains("sound")) {
      return Channel.AUDIO;
    }
    return null;
  }
}
