package io.chio.lambda.extension;

import io.chio.lambda.policy.LambdaPolicyException;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** Runs independent INIT steps on their own daemon threads and hands their outcome back, failures included. */
final class InitThreads {
  private InitThreads() {}

  static void start(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
  }

  /** The task's result; its failure rethrown as it was thrown (an unexpected one as a policy failure, so INIT fails closed). */
  static <T> T join(FutureTask<T> task) throws LambdaPolicyException, IOException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof LambdaPolicyException lpe) {
            throw lpe;
          }
          if (c instanceof IOException io) {
            throw io;
          }
          if (c instanceof Error err) {
            throw err;
          }
          throw new LambdaPolicyException("policy could not be compiled: " + c, c);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
