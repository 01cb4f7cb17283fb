package io.chio.lambda.extension;

import java.io.IOException;
import java.time.Clock;

/**
 * Entry point of the extension process, configured by the environment only (the layer's
 * {@code extensions/chio} launcher runs {@code chio lambda extension}, which calls {@link #run}).
 * Diagnostics go to stderr (CloudWatch Logs in Lambda), one line each.
 */
public final class ExtensionMain {
  private ExtensionMain() {}

  public static void main(String[] args) {
    System.exit(run(ExtensionConfigHolder.fromEnv()));
  }

  /** Starts, runs until SHUTDOWN (or SIGTERM outside Lambda), and returns the exit code. */
  public static int run(ExtensionConfig cfg) {
    ChioExtension ext;
    try {
      ext = ChioExtension.start(cfg, line -> System.err.println(line), Clock.systemUTC());
    } catch (IOException | RuntimeException e) {
      System.err.println("chio: extension failed to start: " + e.getMessage());
      return 1;
    }
    Thread hook = new Thread(ext::requestStop, "chio-sigterm");
    Runtime.getRuntime().addShutdownHook(hook);
    int code = ext.run();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // SIGTERM in local mode: the hook is what ended run(); the JVM exits when it returns.
    }
    return code;
  }

  private static final class ExtensionConfigHolder {
    static ExtensionConfig fromEnv() {
      try {
        return ExtensionConfig.from(System.getenv(), null, null, null);
      } catch (IllegalArgumentException e) {
        System.err.println("chio: " + e.getMessage());
        System.exit(2);
        throw e;
      }
    }
  }
}
