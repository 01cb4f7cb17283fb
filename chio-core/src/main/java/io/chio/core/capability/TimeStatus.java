package io.chio.core.capability;

/** Where {@code now} falls relative to {@code issued_at <= now < expires_at}. */
public enum TimeStatus implements Wire.Named {
  VALID("valid"),
  EXPIRED("expired"),
  NOT_YET_VALID("not_yet_valid");

  private final String wireName;

  TimeStatus(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  public static TimeStatus of(long issuedAt, long expiresAt, long now) {
    if (now < issuedAt) {
      return NOT_YET_VALID;
    }
    return now < expiresAt ? VALID : EXPIRED;
  }
}
