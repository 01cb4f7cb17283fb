package io.chio.cli;

import io.chio.core.ChioFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns every failure into one line on stderr and exit code 2. Users never see a stack trace
 * unless they set {@code CHIO_DEBUG=1}.
 */
final class Errors {
  private Errors() {}

  static String describe(Throwable e) {
    if (e instanceof UncheckedIOException u) {
      e = u.getCause();
    }
    if (e instanceof NoSuchFileException n) {
      return "no such file: " + n.getFile();
    }
    if (e instanceof AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    if (e instanceof ChioFormatException || e instanceof UserError) {
      return e.getMessage();
    }
    if (e instanceof IOException) {
      return "I/O error: " + e.getMessage();
    }
    String msg = e.getMessage();
    return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.replace('\n', ' '));
  }

  static final class Handler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
      PrintWriter err = cl.getErr();
      err.println("chio: error: " + describe(ex));
      if ("1".equals(System.getenv("CHIO_DEBUG"))) {
        ex.printStackTrace(err);
      }
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
  }

  static final class UsageHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("chio: " + ex.getMessage());
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
  }
}
