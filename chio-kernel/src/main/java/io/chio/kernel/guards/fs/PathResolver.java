package io.chio.kernel.guards.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path through the real file system the way the kernel's {@code open(2)} would: every
 * symlink followed (including a dangling final link, which a write would create the target of),
 * {@code ..} applied after the link it follows, and a missing tail appended as written so a write to
 * a new file under a symlinked directory resolves to where the file would land.
 */
final class PathResolver {
  /** Linux gives up after 40 links (ELOOP); so do we. */
  private static final int MAX_LINK_HOPS = 40;

  private PathResolver() {}

  /**
   * The resolved absolute path of {@code absolute} as written (not lexically normalised: {@code
   * link/..} must follow the link first), or null when it cannot be resolved (symlink loop,
   * permission denied, not a path on this platform). Null means "judge the lexical path only".
   */
  static String resolve(String absolute) {
    Path p;
    try {
      p = Path.of(absolute);
    } catch (InvalidPathException e) {
      return null;
    }
    if (!p.isAbsolute()) {
      return null;
    }
    try {
      return p.toRealPath().toString();
    } catch (NoSuchFileException | NotDirectoryException e) {
      return walk(p);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  private static String walk(Path p) {
    Deque<String> todo = new ArrayDeque<>();
    for (Path part : p) {
      todo.addLast(part.toString());
    }
    Path cur = p.getRoot();
    int hops = 0;
    boolean missing = false;
    while (!todo.isEmpty()) {
      String seg = todo.removeFirst();
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        Path parent = cur.getParent();
        cur = parent == null ? cur : parent;
        continue;
      }
      Path next = cur.resolve(seg);
      if (missing) {
        cur = next;
        continue;
      }
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(next, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException | NotDirectoryException e) {
        // Everything from here on does not exist yet: append it lexically.
        missing = true;
        cur = next;
        continue;
      } catch (IOException | SecurityException e) {
        return null;
      }
      if (!attrs.isSymbolicLink()) {
        cur = next;
        continue;
      }
      if (++hops > MAX_LINK_HOPS) {
        return null;
      }
      Path target;
      try {
        target = Files.readSymbolicLink(next);
      } catch (IOException | SecurityException e) {
        return null;
      }
      if (target.isAbsolute()) {
        cur = target.getRoot();
      }
      Deque<String> spliced = new ArrayDeque<>();
      for (Path part : target) {
        spliced.addLast(part.toString());
      }
      while (!spliced.isEmpty()) {
        todo.addFirst(spliced.removeLast());
      }
    }
    return cur.toString();
  }
}
