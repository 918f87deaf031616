// Calendar arithmetic shared by the date/time codecs and time zones: proleptic Gregorian
// dates as day counts, PostgreSQL's epoch and range limits.
//
// Pure functions, used from any thread.
#pragma once

#include <cstdint>
#include <limits>

namespace sb::types {

inline constexpr int64_t kUsPerSecond = 1000000;
inline constexpr int64_t kUsPerMinute = 60 * kUsPerSecond;
inline constexpr int64_t kUsPerHour = 60 * kUsPerMinute;
inline constexpr int64_t kUsPerDay = 24 * kUsPerHour;
inline constexpr int64_t kSecondsPerDay = 86400;

// Days from 1970-01-01 to 2000-01-01 (PostgreSQL's epoch).
inline constexpr int64_t kUnixToPostgresDays = 10957;
inline constexpr int64_t kUnixToPostgresSeconds = kUnixToPostgresDays * kSecondsPerDay;
// Julian day number of 2000-01-01.
inline constexpr int64_t kPostgresEpochJulian = 2451545;

// PostgreSQL's supported ranges (dates: 4714-11-24 BC .. 5874897-12-31; timestamps:
// 4714-11-24 00:00 BC .. 294276-12-31 23:59:59.999999).
inline constexpr int64_t kMinDate = -kPostgresEpochJulian;              // Julian day 0
inline constexpr int64_t kEndDate = 2147483494 - kPostgresEpochJulian;  // exclusive
inline constexpr int64_t kMinTimestamp = -211813488000000000LL;         // inclusive
inline constexpr int64_t kEndTimestamp = 9223371331200000000LL;         // exclusive

// ±infinity as stored in date and timestamp values.
inline constexpr int32_t kDateMinusInfinity = std::numeric_limits<int32_t>::min();
inline constexpr int32_t kDatePlusInfinity = std::numeric_limits<int32_t>::max();
inline constexpr int64_t kTimestampMinusInfinity = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kTimestampPlusInfinity = std::numeric_limits<int64_t>::max();

// Years are astronomical: 1 BC is year 0, 2 BC is -1.
struct CivilDate {
  int64_t year = 2000;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

bool IsLeapYear(int64_t year);
int DaysInMonth(int64_t year, int month);
// Days since 2000-01-01 (negative before). No range checks; valid for |year| < 2^40.
int64_t DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(int64_t days);
// 0 = Sunday .. 6 = Saturday.
int WeekdayFromDays(int64_t days);

// PostgreSQL's IS_VALID_JULIAN: the date is within 4714-11-24 BC .. 5874898-05-31.
bool IsValidJulianDate(const CivilDate& date);

inline bool IsValidDate(int64_t days) {
  return days >= kMinDate && days < kEndDate;
}
inline bool IsValidTimestamp(int64_t micros) {
  return micros >= kMinTimestamp && micros < kEndTimestamp;
}

// Floor division / modulo for negative operands.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline int64_t FloorMod(int64_t a, int64_t b) {
  return a - FloorDiv(a, b) * b;
}

}  // namespace sb::types
