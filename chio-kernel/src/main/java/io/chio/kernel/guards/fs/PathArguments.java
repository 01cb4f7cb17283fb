package io.chio.kernel.guards.fs;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Fields;
import io.chio.kernel.action.MalformedArgumentException;
import io.chio.kernel.action.ToolAction;
import io.chio.kernel.action.ToolAction.FileOp;
import io.chio.kernel.guard.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The file-system paths a call names. Besides the classified {@code path}/{@code file}/{@code
 * file_path}, tools name paths under other keys ({@code move_file {source, destination}}, a
 * shell's {@code cwd}, {@code paths: [...]}); leaving those unchecked would let
 * {@code copy_file {source: "~/.ssh/id_rsa"}} through. Only keys that unambiguously hold paths are
 * read, so an e-mail tool's {@code to} is not mistaken for one.
 */
final class PathArguments {
  /** Keys holding one path. A non-string value is malformed (deny). */
  static final List<String> SINGLE_KEYS = List.of(
      "source", "destination", "src", "dst", "source_path", "destination_path", "target_path", "old_path", "new_path",
      "from_path", "to_path", "directory", "dir", "dirname", "cwd", "working_dir", "working_directory", "workdir",
      "filename", "filepath", "root_path");

  /** Keys holding a list of paths; a bare string is accepted too. */
  static final List<String> LIST_KEYS = List.of("paths", "file_paths", "filenames");

  /** One named path: the argument key, its value, and whether the call may create or write it. */
  record PathArgument(String field, String value, boolean write) {}

  private static final List<String> MUTATING_WORDS = List.of("move", "copy", "rename", "write", "create", "save", "delete", "remove", "mkdir", "upload", "edit", "patch");

  private PathArguments() {}

  static List<PathArgument> collect(ToolCall call, ToolAction action) throws MalformedArgumentException {
    List<PathArgument> out = new ArrayList<>(2);
    FileOp op = action instanceof ToolAction.FileAccess fa ? fa.op() : impliedOp(call.toolName());
    boolean write = op == FileOp.WRITE || op == FileOp.PATCH;
    if (action instanceof ToolAction.FileAccess fa && fa.path() != null) {
      out.add(new PathArgument(primaryKey(call.arguments()), fa.path(), write));
    }
    JsonNode args = call.arguments();
    for (String k : SINGLE_KEYS) {
      JsonNode v = args.get(k);
      if (v == null || v.isNull()) {
        continue;
      }
      if (!v.isTextual()) {
        throw new MalformedArgumentException(k, "argument \"" + k + "\" must be a string path, got " + Fields.kind(v));
      }
      out.add(new PathArgument(k, v.textValue(), write));
    }
    for (String k : LIST_KEYS) {
      JsonNode v = args.get(k);
      if (v == null || v.isNull()) {
        continue;
      }
      if (v.isTextual()) {
        out.add(new PathArgument(k, v.textValue(), write));
      } else if (v.isArray()) {
        for (int i = 0; i < v.size(); i++) {
          JsonNode e = v.get(i);
          if (!e.isTextual()) {
            String f = k + "[" + i + "]";
            throw new MalformedArgumentException(f, "argument \"" + f + "\" must be a string path, got " + Fields.kind(e));
          }
          out.add(new PathArgument(k + "[" + i + "]", e.textValue(), write));
        }
      } else {
        throw new MalformedArgumentException(k, "argument \"" + k + "\" must be an array of string paths, got " + Fields.kind(v));
      }
    }
    return out;
  }

  /** The file operation a call that is not a classified file access implies by its tool name. */
  static FileOp impliedOp(String toolName) {
    String t = toolName.toLowerCase(Locale.ROOT);
    for (String w : MUTATING_WORDS) {
      if (t.contains(w)) {
        return FileOp.WRITE;
      }
    }
    return FileOp.READ;
  }

  private static String primaryKey(JsonNode args) {
    for (String k : List.of("path", "file", "file_path")) {
      if (args.hasNonNull(k)) {
        return k;
      }
    }
    return "path";
  }
}
