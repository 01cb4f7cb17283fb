package io.chio.kernel.pii;

/** Calendar checks for dates embedded in identifiers and dates of birth. */
final class Dates {
  private Dates() {}

  static boolean valid(int year, int month, int day) {
    if (year < 1870 || year > 2099 || month < 1 || month > 12 || day < 1) {
      return false;
    }
    return day <= daysIn(year, month);
  }

  static int daysIn(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }
}
