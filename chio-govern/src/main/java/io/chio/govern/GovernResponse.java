package io.chio.govern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** An HTTP-style answer: status 200 for decisions (allow, modify and block alike), 4xx/5xx for requests that could not be evaluated. */
public record GovernResponse(int status, ObjectNode body) {
  public GovernResponse {
    Objects.requireNonNull(body, "body");
  }
}
