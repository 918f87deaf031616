#include "shared/types/calendar.h"

namespace sb::types {

bool IsLeapYear(int64_t year) {
  return FloorMod(year, 4) == 0 && (FloorMod(year, 100) != 0 || FloorMod(year, 400) == 0);
}

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Counts in 400-year eras starting on March 1st, so the leap day is the last day of a
// (shifted) year and month lengths follow a fixed pattern.
int64_t DaysFromCivil(const CivilDate& date) {
  int64_t year = date.month <= 2 ? date.year - 1 : date.year;
  int64_t era = FloorDiv(year, 400);
  int64_t year_of_era = year - era * 400;                                    // 0..399
  int64_t shifted_month = date.month > 2 ? date.month - 3 : date.month + 9;  // Mar = 0
  int64_t day_of_year = (153 * shifted_month + 2) / 5 + date.day - 1;        // 0..365
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  int64_t days_since_0000_03_01 = era * 146097 + day_of_era;
  // 0000-03-01 is 730425 days before 2000-01-01.
  return days_since_0000_03_01 - 730425;
}

CivilDate CivilFromDays(int64_t days) {
  int64_t z = days + 730425;
  int64_t era = FloorDiv(z, 146097);
  int64_t day_of_era = z - era * 146097;  // 0..146096
  int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t shifted_month = (5 * day_of_year + 2) / 153;
  CivilDate out;
  out.day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  out.month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  out.year = year_of_era + era * 400 + (out.month <= 2 ? 1 : 0);
  return out;
}

int WeekdayFromDays(int64_t days) {
  // 2000-01-01 was a Saturday.
  return static_cast<int>(FloorMod(days + 6, 7));
}

bool IsValidJulianDate(const CivilDate& date) {
  bool after_start =
      date.year > -4713 ||
      (date.year == -4713 && (date.month > 11 || (date.month == 11 && date.day >= 24)));
  bool before_end = date.year < 5874898 || (date.year == 5874898 && date.month < 6);
  return after_start && before_end;
}

}  // namespace sb::types
