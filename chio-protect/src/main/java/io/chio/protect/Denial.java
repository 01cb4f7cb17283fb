package io.chio.protect;

import java.util.Objects;

/**
 * Why a call was not forwarded, in the shape of the JSON error the caller gets.
 *
 * @param status HTTP status (403, 409, 400, 413, 500, ...)
 * @param error the error code, e.g. {@code chio_access_denied}
 * @param reason one line for the receipt and the caller
 * @param guard which check decided, e.g. {@code http-capability}
 * @param suggestion what the caller can do about it, or null
 */
record Denial(int status, String error, String reason, String guard, String suggestion) {
  static final String ACCESS_DENIED = "chio_access_denied";
  static final String APPROVAL_REQUIRED = "chio_approval_required";
  static final String BAD_REQUEST = "chio_bad_request";
  static final String EVALUATION_FAILED = "chio_evaluation_failed";
  static final String UPSTREAM_FAILED = "chio_upstream_error";
  static final String TIMEOUT = "chio_timeout";

  static final String CAPABILITY_SUGGESTION =
      "provide a valid capability token in the X-Chio-Capability header or chio_capability query parameter";

  Denial {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(guard, "guard");
  }

  static Denial forbidden(String reason, String guard, String suggestion) {
    return new Denial(403, ACCESS_DENIED, reason, guard, suggestion);
  }

  static Denial badRequest(String reason, String guard) {
    return new Denial(400, BAD_REQUEST, reason, guard, null);
  }

  static Denial failed(String reason, String guard) {
    return new Denial(500, EVALUATION_FAILED, reason, guard, null);
  }
}
