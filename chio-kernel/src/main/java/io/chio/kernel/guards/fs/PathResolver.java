package io.chio.kernel.guards.fs;

import java.io.File;
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
 * symlink followed, {@code ..} applied after the link it follows. For a write, a path that does not
 * exist yet resolves to where it would be created: its deepest existing ancestor resolved, plus the
 * rest as written, and a dangling final symlink is followed to its (missing) target, because
 * writing through it creates that target.
 *
 * <p>Cost matters (guards run on every call): an existing path costs one {@code stat} and one
 * {@code realpath}; a missing path costs one {@code stat} for a read and a few for a write. Java
 * raises exceptions for missing files, which are slow, so existence is tested first with {@link
 * File#exists()}, which does not.
 */
final class PathResolver {
  /** Linux gives up after 40 links (ELOOP); so do we. */
  private static final int MAX_LINK_HOPS = 40;

  private PathResolver() {}

  /**
   * The resolved absolute path of {@code absolute} as written (not lexically normalised: {@code
   * link/..} must follow the link first), or null when there is nothing to resolve (missing and not
   * a write, symlink loop, permission denied, not a path here). Null means "judge the lexical path
   * only".
   */
  static String resolve(String absolute, boolean forWrite) {
    if (!absolute.startsWith("/") || absolute.indexOf('\0') >= 0) {
      return null;
    }
    Path p;
    try {
      p = Path.of(absolute);
    } catch (InvalidPathException e) {
      return null;
    }
    if (new File(absolute).exists()) {
      return real(p);
    }
    if (!forWrite) {
      return null;
    }
    Path parent = p.getParent();
    if (parent == null || p.getFileName() == null) {
      return null;
    }
    if (new File(parent.toString()).exists()) {
      if (isSymlink(p)) {
        return walk(p); // dangling link: the write creates its target
      }
      String realParent = real(parent);
      return realParent == null ? null : join(realParent, p.getFileName().toString());
    }
    Path ancestor = parent.getParent();
    while (ancestor != null && !new File(ancestor.toString()).exists()) {
      ancestor = ancestor.getParent();
    }
    if (ancestor == null) {
      return null;
    }
    String resolved = real(ancestor);
    if (resolved == null) {
      return null;
    }
    for (int i = ancestor.getNameCount(); i < p.getNameCount(); i++) {
      resolved = join(resolved, p.getName(i).toString());
    }
    return resolved;
  }

  private static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  private static String real(Path p) {
    try {
      return p.toRealPath().toString();
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  private static boolean isSymlink(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isSymbolicLink();
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /** Component-by-component resolution that follows dangling links and appends a missing tail. */
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
        missing = true; // everything from here on does not exist yet: append it lexically
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
