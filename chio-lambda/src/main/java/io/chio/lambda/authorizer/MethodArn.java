package io.chio.lambda.authorizer;

/**
 * The parts of an execute-api ARN ({@code arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH})
 * the authorizer decides on: the HTTP method and the resource path.
 */
record MethodArn(String arn, String method, String path) {
  /** Null when {@code arn} is not an execute-api method or route ARN. */
  static MethodArn parse(String arn) {
    if (arn == null || !arn.startsWith("arn:")) {
      return null;
    }
    String[] parts = arn.split(":", 6);
    if (parts.length != 6 || !parts[2].equals("execute-api")) {
      return null;
    }
    String[] segs = parts[5].split("/", 4);
    if (segs.length < 3 || segs[2].isEmpty()) {
      return null;
    }
    String path = segs.length == 4 ? "/" + segs[3] : "/";
    return new MethodArn(arn, segs[2], path);
  }
}
