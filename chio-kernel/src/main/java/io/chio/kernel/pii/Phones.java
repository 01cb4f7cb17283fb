package io.chio.kernel.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.List;

/**
 * Phone validation with Google libphonenumber. Candidates come from three shapes the rules
 * accept — international ({@code +44 20 7946 0958}), NANP ({@code (212) 555-0187}) and national
 * with a trunk prefix ({@code 020 7946 0958}) — so bare digit runs, dates and versions never
 * reach the (comparatively costly) parser. A national number is valid when it is valid in one of
 * the configured regions.
 */
final class Phones {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private Phones() {}

  static boolean validInternational(String candidate) {
    try {
      Phonenumber.PhoneNumber n = UTIL.parse(candidate, "ZZ");
      return UTIL.isValidNumber(n);
    } catch (NumberParseException e) {
      return false;
    }
  }

  /** A North American number (one parse: US and Canada share the +1 plan). */
  static boolean validNanp(String candidate) {
    try {
      return UTIL.isValidNumber(UTIL.parse(candidate, "US"));
    } catch (NumberParseException e) {
      return false;
    }
  }

  /** Valid in one of {@code regions} (ISO 3166 alpha-2, e.g. {@code US}, {@code GB}). */
  static boolean validNational(String candidate, List<String> regions) {
    for (String region : regions) {
      try {
        Phonenumber.PhoneNumber n = UTIL.parse(candidate, region);
        if (UTIL.isValidNumberForRegion(n, region)) {
          return true;
        }
      } catch (NumberParseException e) {
        // not a number for this region; try the next
      }
    }
    return false;
  }

  /** Forces metadata loading, so the first request does not pay for it. */
  static void warmUp() {
    validInternational("+1 212 555 0187");
  }
}
