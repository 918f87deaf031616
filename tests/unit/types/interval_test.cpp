#include "shared/types/interval_io.h"

#include <gtest/gtest.h>

#include "shared/types/calendar.h"
#include "tests/unit/types/test_util.h"

namespace sb::types {
namespace {

using testing::ExpectSqlError;

std::string Text(const Interval& value) {
  std::string out;
  AppendInterval(out, value);
  return out;
}

std::string RoundTrip(std::string_view input, int32_t typmod = -1) {
  return Text(ParseInterval(input, typmod));
}

TEST(IntervalTest, Output) {
  EXPECT_EQ(Text(Interval{}), "00:00:00");
  EXPECT_EQ(Text(Interval{2 * kUsPerHour, 1, 0}), "1 day 02:00:00");
  EXPECT_EQ(Text(Interval{2 * kUsPerHour, -1, 0}), "-1 days +02:00:00");
  EXPECT_EQ(Text(Interval{0, 0, 14}), "1 year 2 mons");
  EXPECT_EQ(Text(Interval{0, 0, -14}), "-1 years -2 mons");
  EXPECT_EQ(Text(Interval{-1500000, 0, 0}), "-00:00:01.5");
  EXPECT_EQ(Text(Interval{100 * kUsPerHour, 0, 0}), "100:00:00");
  EXPECT_EQ(Text(Interval{INT64_MIN, 0, 0}), "-2562047788:00:54.775808");
}

TEST(IntervalTest, Input) {
  EXPECT_EQ(ParseInterval("1 day 02:00:00", -1), (Interval{2 * kUsPerHour, 1, 0}));
  EXPECT_EQ(ParseInterval("5 minutes", -1), (Interval{5 * kUsPerMinute, 0, 0}));
  EXPECT_EQ(ParseInterval("1 hour", -1), (Interval{kUsPerHour, 0, 0}));
  EXPECT_EQ(ParseInterval("00:00:05", -1), (Interval{5 * kUsPerSecond, 0, 0}));
  EXPECT_EQ(RoundTrip("-1 day 2 hours"), "-1 days +02:00:00");
  EXPECT_EQ(RoundTrip("1.5 days"), "1 day 12:00:00");
  EXPECT_EQ(RoundTrip("1.5 months"), "1 mon 15 days");
  EXPECT_EQ(RoundTrip("1.5 years"), "1 year 6 mons");
  EXPECT_EQ(RoundTrip("@ 1 day ago"), "-1 days");
  EXPECT_EQ(RoundTrip("5"), "00:00:05");
  EXPECT_EQ(RoundTrip("1-2"), "1 year 2 mons");
  EXPECT_EQ(RoundTrip("3 4:05:06"), "3 days 04:05:06");
  EXPECT_EQ(RoundTrip("P1Y2M3DT4H5M6S"), "1 year 2 mons 3 days 04:05:06");
  EXPECT_EQ(RoundTrip("PT1.5S"), "00:00:01.5");
  EXPECT_EQ(RoundTrip("1h 30m"), "01:30:00");
  EXPECT_EQ(RoundTrip("2 weeks ago"), "-14 days");
  EXPECT_EQ(RoundTrip("1 millisecond"), "00:00:00.001");
  EXPECT_EQ(RoundTrip("1 century"), "100 years");
}

TEST(IntervalTest, Errors) {
  ExpectSqlError([] { ParseInterval("abc", -1); }, "22007",
                 "invalid input syntax for type interval: \"abc\"");
  ExpectSqlError([] { ParseInterval("", -1); }, "22007");
  ExpectSqlError([] { ParseInterval("1 fortnight", -1); }, "22007");
  ExpectSqlError([] { ParseInterval("2147483648 days", -1); }, "22015",
                 "interval field value out of range: \"2147483648 days\"");
  ExpectSqlError([] { ParseInterval("178956971 years", -1); }, "22008", "interval out of range");
  ExpectSqlError([] { ParseInterval("99999999999999999999 seconds", -1); }, "22015");
}

TEST(IntervalTest, Typmod) {
  int32_t year_to_month = IntervalTypmod(kIntervalFullPrecision, kIntervalYear | kIntervalMonth);
  EXPECT_EQ(RoundTrip("1 year 2 months 3 days 04:00", year_to_month), "1 year 2 mons");
  int32_t hour = IntervalTypmod(kIntervalFullPrecision, kIntervalHour);
  EXPECT_EQ(RoundTrip("1 day 04:05:06", hour), "1 day 04:00:00");
  EXPECT_EQ(RoundTrip("5", IntervalTypmod(kIntervalFullPrecision, kIntervalMinute)), "00:05:00");
  EXPECT_EQ(RoundTrip("1.25 seconds", IntervalTypmod(1, kIntervalFullRange)), "00:00:01.3");
}

}  // namespace
}  // namespace sb::types
