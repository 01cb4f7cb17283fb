package io.chio.kernel.guards.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.kernel.action.ActionClassifier;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import io.chio.kernel.guard.ToolCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symlink cases need a real file system, so they live here rather than in the YAML corpus. Layout
 * (all under a fresh temp dir):
 *
 * <pre>
 * home/u/.ssh/id_rsa            a fake private key, outside the session root
 * ws/                           the session root
 * ws/src/main.rs                an ordinary file
 * ws/notes.txt   -> ../home/u/.ssh/id_rsa      file symlink inside the root pointing out
 * ws/keys        -> home/u/.ssh (absolute)     directory symlink
 * ws/creds.ini   -> home/u/.aws/credentials    dangling link (target does not exist yet)
 * ws/loop1 -> loop2, ws/loop2 -> loop1          a symlink loop
 * wslink         -> ws                         the root itself reached through a link
 * </pre>
 */
class FilesystemSymlinkTest {
  private static final JsonNodeFactory J = JsonNodeFactory.instance;

  @TempDir Path tmp;
  private Path ws;
  private Path key;

  @BeforeEach
  void layout() throws Exception {
    Path base = tmp.toRealPath();
    Path ssh = Files.createDirectories(base.resolve("home/u/.ssh"));
    key = Files.writeString(ssh.resolve("id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY----- fake");
    ws = Files.createDirectories(base.resolve("ws"));
    Files.createDirectories(ws.resolve("src"));
    Files.writeString(ws.resolve("src/main.rs"), "fn main() {}");
    Files.createSymbolicLink(ws.resolve("notes.txt"), Path.of("../home/u/.ssh/id_rsa"));
    Files.createSymbolicLink(ws.resolve("keys"), ssh);
    Files.createSymbolicLink(ws.resolve("creds.ini"), base.resolve("home/u/.aws/credentials"));
    Files.createSymbolicLink(ws.resolve("loop1"), Path.of("loop2"));
    Files.createSymbolicLink(ws.resolve("loop2"), Path.of("loop1"));
    Files.createSymbolicLink(base.resolve("wslink"), ws);
  }

  private GuardResult run(Guard g, String tool, ObjectNode args, List<String> roots) throws Exception {
    ToolCall call = ToolCall.of("srv", tool, args);
    return g.evaluate(new GuardContext(call, ActionClassifier.classify(tool, args), roots, 0));
  }

  private static ObjectNode path(String p) {
    return J.objectNode().put("path", p);
  }

  // ---------------------------------------------------------------- forbidden-path

  @Test
  void fileSymlinkInsideRootToKeyIsForbidden() throws Exception {
    Guard g = ForbiddenPathGuard.create(J.objectNode());
    GuardResult r = run(g, "read_file", path(ws.resolve("notes.txt").toString()), List.of(ws.toString()));
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
    assertThat(((GuardResult.Deny) r).reason()).contains("symlink").contains("**/.ssh/**").contains(key.toString());
  }

  @Test
  void relativeSymlinkIsResolvedAgainstTheSessionRoot() throws Exception {
    Guard g = ForbiddenPathGuard.create(J.objectNode());
    assertThat(run(g, "read_file", path("notes.txt"), List.of(ws.toString()))).isInstanceOf(GuardResult.Deny.class);
    // Without roots a relative name cannot be anchored; lexically it is harmless.
    assertThat(run(g, "read_file", path("notes.txt"), List.of())).isInstanceOf(GuardResult.Allow.class);
  }

  @Test
  void symlinkedDirectoryIsFollowed() throws Exception {
    Guard g = ForbiddenPathGuard.create(J.objectNode());
    assertThat(run(g, "read_file", path(ws.resolve("keys/id_rsa").toString()), List.of(ws.toString()))).isInstanceOf(GuardResult.Deny.class);
    // A write of a new file under the linked directory lands in .ssh too.
    ObjectNode write = path(ws.resolve("keys/authorized_keys").toString()).put("content", "ssh-ed25519 AAAA");
    assertThat(run(g, "write_file", write, List.of(ws.toString()))).isInstanceOf(GuardResult.Deny.class);
    assertThat(run(g, "list_directory", path(ws.resolve("keys").toString()), List.of())).isInstanceOf(GuardResult.Deny.class);
  }

  @Test
  void danglingLinkIsJudgedByItsTarget() throws Exception {
    Guard g = ForbiddenPathGuard.create(J.objectNode());
    ObjectNode write = path(ws.resolve("creds.ini").toString()).put("content", "[default]");
    GuardResult r = run(g, "write_file", write, List.of(ws.toString()));
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
    assertThat(((GuardResult.Deny) r).reason()).contains("**/.aws/**");
  }

  @Test
  void ordinaryFilesAndLoopsAreAllowed() throws Exception {
    Guard g = ForbiddenPathGuard.create(J.objectNode());
    assertThat(run(g, "read_file", path(ws.resolve("src/main.rs").toString()), List.of(ws.toString()))).isInstanceOf(GuardResult.Allow.class);
    assertThat(run(g, "read_file", path(ws.resolve("loop1").toString()), List.of(ws.toString()))).isInstanceOf(GuardResult.Allow.class);
  }

  @Test
  void exceptionDoesNotCoverASymlinkTarget() throws Exception {
    ObjectNode cfg = J.objectNode();
    cfg.putArray("exceptions").add(ws + "/**");
    Guard g = ForbiddenPathGuard.create(cfg);
    assertThat(run(g, "read_file", path(ws.resolve("notes.txt").toString()), List.of())).isInstanceOf(GuardResult.Deny.class);
  }

  @Test
  void dotDotEscapeIsForbidden() throws Exception {
    Guard g = ForbiddenPathGuard.create(J.objectNode());
    assertThat(run(g, "read_file", path(ws.resolve("src/../../home/u/.ssh/id_rsa").toString()), List.of())).isInstanceOf(GuardResult.Deny.class);
    assertThat(run(g, "read_file", path("../home/u/.ssh/id_rsa"), List.of(ws.toString()))).isInstanceOf(GuardResult.Deny.class);
  }

  // ---------------------------------------------------------------- path-allowlist

  private static Guard allowlist() throws Exception {
    return PathAllowlistGuard.create(J.objectNode().put("enabled", true));
  }

  @Test
  void symlinkInsideRootPointingOutsideIsOutside() throws Exception {
    GuardResult r = run(allowlist(), "read_file", path(ws.resolve("notes.txt").toString()), List.of(ws.toString()));
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
    assertThat(((GuardResult.Deny) r).reason()).contains("symlink").contains("outside the session's filesystem roots");
    assertThat(run(allowlist(), "read_file", path("keys/id_rsa"), List.of(ws.toString()))).isInstanceOf(GuardResult.Deny.class);
  }

  @Test
  void dotDotEscapeIsOutsideTheRoot() throws Exception {
    assertThat(run(allowlist(), "read_file", path(ws + "/../home/u/notes.md"), List.of(ws.toString()))).isInstanceOf(GuardResult.Deny.class);
    assertThat(run(allowlist(), "read_file", path("src/../../home/u/notes.md"), List.of(ws.toString()))).isInstanceOf(GuardResult.Deny.class);
  }

  @Test
  void realFilesInsideTheRootPass() throws Exception {
    assertThat(run(allowlist(), "read_file", path(ws.resolve("src/main.rs").toString()), List.of(ws.toString()))).isInstanceOf(GuardResult.Allow.class);
    assertThat(run(allowlist(), "read_file", path("src/main.rs"), List.of(ws.toString()))).isInstanceOf(GuardResult.Allow.class);
    ObjectNode write = path("src/new_file.rs").put("content", "x");
    assertThat(run(allowlist(), "write_file", write, List.of(ws.toString()))).isInstanceOf(GuardResult.Allow.class);
  }

  @Test
  void rootReachedThroughASymlinkStillContainsItsFiles() throws Exception {
    String linkedRoot = ws.getParent().resolve("wslink").toString();
    assertThat(run(allowlist(), "read_file", path(linkedRoot + "/src/main.rs"), List.of(linkedRoot))).isInstanceOf(GuardResult.Allow.class);
    assertThat(run(allowlist(), "read_file", path(linkedRoot + "/notes.txt"), List.of(linkedRoot))).isInstanceOf(GuardResult.Deny.class);
  }

  // ---------------------------------------------------------------- shell-command

  @Test
  void shellArgumentsAreResolvedThroughSymlinks() throws Exception {
    Guard g = ShellCommandGuard.create(J.objectNode());
    GuardResult r = run(g, "run_command", J.objectNode().put("command", "cat notes.txt | head -1"), List.of(ws.toString()));
    assertThat(r).isInstanceOf(GuardResult.Deny.class);
    assertThat(((GuardResult.Deny) r).reason()).contains("symlink");
    assertThat(run(g, "run_command", J.objectNode().put("command", "cat src/main.rs"), List.of(ws.toString()))).isInstanceOf(GuardResult.Allow.class);
    ObjectNode withCwd = J.objectNode().put("command", "cat id_rsa").put("cwd", ws.resolve("keys").toString());
    assertThat(run(g, "run_command", withCwd, List.of())).isInstanceOf(GuardResult.Deny.class);
  }
}
