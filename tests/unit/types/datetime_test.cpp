#include "shared/types/datetime.h"

#include <gtest/gtest.h>

#include "shared/types/calendar.h"
#include "shared/types/time_zone.h"
#include "tests/unit/types/test_util.h"

namespace sb::types {
namespace {

using testing::ExpectSqlError;

FormatSettings Utc() {
  FormatSettings settings;
  settings.now = 0;
  return settings;
}

std::string DateText(int32_t days) {
  std::string out;
  AppendDate(out, days);
  return out;
}

std::string TimestampText(int64_t micros) {
  std::string out;
  AppendTimestamp(out, micros);
  return out;
}

TEST(CalendarTest, CivilRoundTrip) {
  EXPECT_EQ(DaysFromCivil({2000, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), -kUnixToPostgresDays);
  EXPECT_EQ(DaysFromCivil({2024, 2, 29}), 8825);
  for (int64_t days = -2451545; days < 3000000; days += 997) {
    CivilDate date = CivilFromDays(days);
    EXPECT_EQ(DaysFromCivil(date), days);
    EXPECT_GE(date.day, 1);
    EXPECT_LE(date.day, DaysInMonth(date.year, date.month));
  }
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(0));        // 1 BC
  EXPECT_EQ(WeekdayFromDays(0), 6);  // 2000-01-01 was a Saturday
}

TEST(DateTimeTest, DateInputOutput) {
  FormatSettings settings = Utc();
  EXPECT_EQ(ParseDate("2024-02-29", settings), 8825);
  EXPECT_EQ(DateText(ParseDate("2024-02-29", settings)), "2024-02-29");
  EXPECT_EQ(DateText(ParseDate("epoch", settings)), "1970-01-01");
  EXPECT_EQ(ParseDate("infinity", settings), kDatePlusInfinity);
  EXPECT_EQ(DateText(kDateMinusInfinity), "-infinity");
  EXPECT_EQ(DateText(ParseDate("0044-03-15 BC", settings)), "0044-03-15 BC");
  EXPECT_EQ(DateText(ParseDate("Feb 29 2024", settings)), "2024-02-29");
  EXPECT_EQ(DateText(ParseDate("20240229", settings)), "2024-02-29");
  EXPECT_EQ(DateText(ParseDate("02/03/2024", settings)), "2024-02-03");
  settings.date_order = DateOrder::kDmy;
  EXPECT_EQ(DateText(ParseDate("02/03/2024", settings)), "2024-03-02");
  EXPECT_EQ(DateText(ParseDate("5874897-12-31", settings)), "5874897-12-31");
  ExpectSqlError([&] { ParseDate("2024-02-30", settings); }, "22008",
                 "date/time field value out of range: \"2024-02-30\"");
  ExpectSqlError([&] { ParseDate("abc", settings); }, "22007",
                 "invalid input syntax for type date: \"abc\"");
  ExpectSqlError([&] { ParseDate("5874898-01-01", settings); }, "22008",
                 "date out of range: \"5874898-01-01\"");
}

TEST(DateTimeTest, TodayUsesTheSessionClockAndZone) {
  FormatSettings settings;
  // 2024-07-01 23:30 UTC
  settings.now = (DaysFromCivil({2024, 7, 1}) * 24 + 23) * kUsPerHour + 30 * kUsPerMinute;
  EXPECT_EQ(DateText(ParseDate("today", settings)), "2024-07-01");
  EXPECT_EQ(DateText(ParseDate("tomorrow", settings)), "2024-07-02");
  EXPECT_EQ(TimestampText(ParseTimestamp("now", -1, settings)), "2024-07-01 23:30:00");
  EXPECT_EQ(ParseTimestamptz("now", -1, settings), *settings.now);
  settings.time_zone = TimeZone::Find("+05");  // five hours east: already July 2nd
  ASSERT_NE(settings.time_zone, nullptr);
  EXPECT_EQ(DateText(ParseDate("today", settings)), "2024-07-02");
  std::string text;
  AppendTimestamptz(text, ParseTimestamptz("today", -1, settings), *settings.time_zone);
  EXPECT_EQ(text, "2024-07-02 00:00:00+05");
}

TEST(DateTimeTest, TimestampsWithZones) {
  FormatSettings settings = Utc();
  auto tz_text = [&](std::string_view input, const TimeZone& zone) {
    std::string out;
    AppendTimestamptz(out, ParseTimestamptz(input, -1, settings), zone);
    return out;
  };
  const TimeZone& utc = *TimeZone::Utc();
  EXPECT_EQ(tz_text("2024-02-29 23:59:58.123456", utc), "2024-02-29 23:59:58.123456+00");
  EXPECT_EQ(tz_text("2024-02-29T23:59:58.123456+00:00", utc), "2024-02-29 23:59:58.123456+00");
  EXPECT_EQ(tz_text("2024-02-29 23:59:58+05:30", utc), "2024-02-29 18:29:58+00");
  EXPECT_EQ(tz_text("2024-02-29 23:59:58 Z", utc), "2024-02-29 23:59:58+00");
  EXPECT_EQ(tz_text("2024-02-29 12:00:00.5-08", utc), "2024-02-29 20:00:00.5+00");
  const TimeZone* kolkata = TimeZone::FixedOffset(5 * 3600 + 1800);
  EXPECT_EQ(tz_text("2024-02-29 12:00+00", *kolkata), "2024-02-29 17:30:00+05:30");
  EXPECT_EQ(TimestampText(ParseTimestamp("2024-02-29 23:59:58+05:30", -1, settings)),
            "2024-02-29 23:59:58");
  EXPECT_EQ(TimestampText(ParseTimestamp("2024-01-01 12:00:00.12345", 3, settings)),
            "2024-01-01 12:00:00.123");
  EXPECT_EQ(TimestampText(ParseTimestamp("2024-01-01 23:59:59.9999995", -1, settings)),
            "2024-01-02 00:00:00");
  EXPECT_EQ(ParseTimestamp("-infinity", -1, settings), kTimestampMinusInfinity);
  EXPECT_EQ(TimestampText(kTimestampPlusInfinity), "infinity");
  ExpectSqlError([&] { ParseTimestamp("294277-01-01 00:00:00", -1, settings); }, "22008",
                 "timestamp out of range: \"294277-01-01 00:00:00\"");
  ExpectSqlError([&] { ParseTimestamptz("2024-01-01 12:00 Foo/Bar", -1, settings); }, "22023",
                 "time zone \"foo/bar\" not recognized");
  ExpectSqlError([&] { ParseTimestamptz("2024-01-01 12:00+16", -1, settings); }, "22009");
  ExpectSqlError([&] { ParseTimestamp("12:00", -1, settings); }, "22007");
}

TEST(DateTimeTest, Times) {
  FormatSettings settings = Utc();
  auto time_text = [&](std::string_view input, int32_t typmod = -1) {
    std::string out;
    AppendTime(out, ParseTime(input, typmod, settings));
    return out;
  };
  EXPECT_EQ(time_text("23:59:58.123456"), "23:59:58.123456");
  EXPECT_EQ(time_text("24:00:00"), "24:00:00");
  EXPECT_EQ(time_text("12:34 pm"), "12:34:00");
  EXPECT_EQ(time_text("12:34 am"), "00:34:00");
  EXPECT_EQ(time_text("1:2:3"), "01:02:03");
  EXPECT_EQ(time_text("12:34:56.789", 1), "12:34:56.8");
  EXPECT_EQ(time_text("allballs"), "00:00:00");
  ExpectSqlError([&] { ParseTime("24:00:01", -1, settings); }, "22008");
  ExpectSqlError([&] { ParseTime("12:60:00", -1, settings); }, "22008");
  ExpectSqlError([&] { ParseTime("abc", -1, settings); }, "22007",
                 "invalid input syntax for type time: \"abc\"");
}

TEST(DateTimeTest, UtcOffsetText) {
  std::string out;
  AppendUtcOffset(out, 0);
  AppendUtcOffset(out, -8 * 3600);
  AppendUtcOffset(out, 5 * 3600 + 30 * 60);
  AppendUtcOffset(out, 53 * 60 + 28);
  EXPECT_EQ(out, "+00-08+05:30+00:53:28");
}

TEST(DateTimeTest, HostileInputDoesNotCrash) {
  FormatSettings settings = Utc();
  const char* inputs[] = {"",
                          " ",
                          "-",
                          "+",
                          "9999999999999999999999-01-01",
                          "2024-01-01 99:99",
                          "::::",
                          "2024--01",
                          "T",
                          "2024-01-01T",
                          "1 2 3 4 5",
                          "+99:99",
                          "2024-01-01 12:00:00.",
                          "Feb Feb 2024",
                          "2024-01-01 12:00 +",
                          "2024-01-01 12:00 Europe/../../etc/passwd",
                          "\xff\xfe"};
  for (const char* input : inputs) {
    for (int kind = 0; kind < 4; ++kind) {
      try {
        switch (kind) {
          case 0:
            ParseDate(input, settings);
            break;
          case 1:
            ParseTime(input, -1, settings);
            break;
          case 2:
            ParseTimestamp(input, -1, settings);
            break;
          default:
            ParseTimestamptz(input, -1, settings);
            break;
        }
      } catch (const SqlError&) {
      }
    }
  }
}

}  // namespace
}  // namespace sb::types
