package io.chio.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import io.chio.lambda.client.ChioVerdict;

/** What a wrapped handler returns instead of running when Chio denies the invocation. */
@FunctionalInterface
public interface DenialHandler<I, O> {
  O deny(ChioVerdict verdict, I input, Context context);
}
