package io.chio.kernel;

import io.chio.core.capability.Constraint;
import java.util.Objects;

/** The model behind the calling agent, as the edge reports it; checked by {@code model_constraint}. */
public record ModelMetadata(String modelId, Constraint.ModelSafetyTier safetyTier) {
  public ModelMetadata {
    Objects.requireNonNull(modelId, "modelId");
  }
}
