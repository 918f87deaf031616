#include "shared/types/time_zone.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>
#include <vector>

#include "shared/types/calendar.h"

namespace sb::types {
namespace {

bool HaveTzdata() {
  return std::filesystem::exists("/usr/share/zoneinfo/Europe/Berlin");
}

int64_t Utc(int64_t year, int month, int day, int hour = 0, int minute = 0) {
  return (DaysFromCivil({year, month, day}) * 24 + hour) * kUsPerHour + minute * kUsPerMinute;
}

TEST(TimeZoneTest, UtcAndFixedOffsetsNeedNoTzdata) {
  const TimeZone* utc = TimeZone::Utc();
  EXPECT_EQ(utc->name(), "UTC");
  EXPECT_EQ(utc->UtcOffsetAt(0), 0);
  EXPECT_EQ(TimeZone::Find("utc"), utc);
  EXPECT_EQ(TimeZone::Find("UTC"), utc);

  const TimeZone* minus5 = TimeZone::Find("-5");
  ASSERT_NE(minus5, nullptr);
  EXPECT_EQ(minus5->name(), "<-05>+05");
  EXPECT_EQ(minus5->UtcOffsetAt(Utc(2024, 7, 1)), -5 * 3600);
  const TimeZone* plus530 = TimeZone::Find("5.5");
  ASSERT_NE(plus530, nullptr);
  EXPECT_EQ(plus530->name(), "<+05:30>-05:30");
  EXPECT_EQ(plus530->OffsetForLocal(Utc(2024, 7, 1)), 5 * 3600 + 1800);
  EXPECT_EQ(TimeZone::FixedOffset(3600), TimeZone::Find("1"));
}

TEST(TimeZoneTest, PosixStrings) {
  // POSIX offsets count west of Greenwich.
  const TimeZone* utc3 = TimeZone::Find("UTC+3");
  ASSERT_NE(utc3, nullptr);
  EXPECT_EQ(utc3->name(), "UTC+3");
  EXPECT_EQ(utc3->UtcOffsetAt(Utc(2024, 7, 1)), -3 * 3600);
  const TimeZone* plus2 = TimeZone::Find("+02:00");
  ASSERT_NE(plus2, nullptr);
  EXPECT_EQ(plus2->UtcOffsetAt(0), -2 * 3600);

  auto rule = TimeZone::FromPosix("test", "<FOO>+3<BAR>,M3.2.0,M11.1.0");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->UtcOffsetAt(Utc(2024, 7, 1, 12)), -2 * 3600);
  EXPECT_EQ(rule->UtcOffsetAt(Utc(2024, 1, 1, 12)), -3 * 3600);
  EXPECT_EQ(rule->AbbreviationAt(Utc(2024, 7, 1, 12)), "BAR");
  // US rules: DST starts 2024-03-10 02:00 local (05:00 UTC).
  EXPECT_EQ(rule->UtcOffsetAt(Utc(2024, 3, 10, 4, 59)), -3 * 3600);
  EXPECT_EQ(rule->UtcOffsetAt(Utc(2024, 3, 10, 5, 0)), -2 * 3600);

  auto southern = TimeZone::FromPosix("test", "AEST-10AEDT,M10.1.0,M4.1.0/3");
  ASSERT_NE(southern, nullptr);
  EXPECT_EQ(southern->UtcOffsetAt(Utc(2024, 1, 15)), 11 * 3600);
  EXPECT_EQ(southern->UtcOffsetAt(Utc(2024, 7, 15)), 10 * 3600);

  EXPECT_EQ(TimeZone::Find("XYZ"), nullptr);
  EXPECT_EQ(TimeZone::Find("Z"), nullptr);
  EXPECT_EQ(TimeZone::Find(""), nullptr);
  EXPECT_EQ(TimeZone::FromPosix("x", "EST5EDT,M3"), nullptr);
  EXPECT_EQ(TimeZone::FromPosix("x", "<EST5"), nullptr);
}

TEST(TimeZoneTest, NamesAreValidated) {
  EXPECT_EQ(TimeZone::Find("../../etc/passwd"), nullptr);
  EXPECT_EQ(TimeZone::Find("/etc/passwd"), nullptr);
  EXPECT_EQ(TimeZone::Find("Europe/../Europe/Berlin"), nullptr);
  EXPECT_EQ(TimeZone::Find("Europe"), nullptr);  // a directory
  EXPECT_EQ(TimeZone::Find("Europe/Berlin "), nullptr);
  EXPECT_EQ(TimeZone::Find(std::string(300, 'A')), nullptr);
}

TEST(TimeZoneTest, IanaZones) {
  if (!HaveTzdata()) GTEST_SKIP() << "tzdata is not installed";
  const TimeZone* berlin = TimeZone::Find("europe/berlin");
  ASSERT_NE(berlin, nullptr);
  EXPECT_EQ(berlin->name(), "Europe/Berlin");
  EXPECT_EQ(TimeZone::Find("Europe/Berlin")->name(), "Europe/Berlin");
  EXPECT_EQ(berlin->UtcOffsetAt(Utc(2024, 7, 1)), 7200);
  EXPECT_EQ(berlin->UtcOffsetAt(Utc(2024, 1, 1)), 3600);
  EXPECT_EQ(berlin->AbbreviationAt(Utc(2024, 7, 1)), "CEST");
  EXPECT_EQ(berlin->UtcOffsetAt(Utc(1890, 1, 1)), 53 * 60 + 28);  // local mean time
  // Beyond the transitions stored in the file the POSIX footer applies.
  EXPECT_EQ(berlin->UtcOffsetAt(Utc(2100, 7, 1)), 7200);
  EXPECT_EQ(berlin->UtcOffsetAt(Utc(2100, 12, 1)), 3600);
  // Spring forward 2024-03-31 02:00 → 03:00: 02:30 does not exist and uses the old offset.
  auto local = [](int64_t year, int month, int day, int hour, int minute) {
    return Utc(year, month, day, hour, minute);
  };
  EXPECT_EQ(berlin->OffsetForLocal(local(2024, 3, 31, 2, 30)), 3600);
  EXPECT_EQ(berlin->OffsetForLocal(local(2024, 3, 31, 3, 0)), 7200);
  EXPECT_EQ(berlin->OffsetForLocal(local(2024, 3, 31, 1, 59)), 3600);
  // Fall back 2024-10-27 03:00 → 02:00: 02:30 happens twice; the later (standard) one wins.
  EXPECT_EQ(berlin->OffsetForLocal(local(2024, 10, 27, 2, 30)), 3600);
  EXPECT_EQ(berlin->OffsetForLocal(local(2024, 10, 27, 1, 59)), 7200);

  const TimeZone* new_york = TimeZone::Find("America/New_York");
  ASSERT_NE(new_york, nullptr);
  EXPECT_EQ(new_york->UtcOffsetAt(Utc(2024, 7, 1)), -4 * 3600);
  EXPECT_EQ(new_york->OffsetForLocal(local(2024, 11, 3, 1, 30)), -5 * 3600);
  EXPECT_EQ(TimeZone::Find("Asia/Kolkata")->UtcOffsetAt(0), 5 * 3600 + 1800);
  EXPECT_EQ(TimeZone::Find("Etc/GMT+3")->UtcOffsetAt(0), -3 * 3600);
  EXPECT_EQ(TimeZone::Find("Europe/Nowhere"), nullptr);
}

TEST(TimeZoneTest, RejectsMalformedTzif) {
  EXPECT_EQ(TimeZone::FromTzif("x", ""), nullptr);
  EXPECT_EQ(TimeZone::FromTzif("x", "TZif2"), nullptr);
  std::string header = "TZif2" + std::string(15, '\0');
  // Counts claiming far more data than present.
  std::string huge = header + std::string(12, '\0') + std::string("\x7f\xff\xff\xff", 4) +
                     std::string("\0\0\0\1", 4) + std::string("\0\0\0\1", 4);
  EXPECT_EQ(TimeZone::FromTzif("x", huge), nullptr);
}

TEST(TimeZoneTest, ConcurrentFindReturnsOneInstance) {
  std::vector<const TimeZone*> results(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&results, i] { results[i] = TimeZone::Find("UTC-7"); });
  }
  for (auto& thread : threads) thread.join();
  for (const TimeZone* zone : results) {
    ASSERT_NE(zone, nullptr);
    EXPECT_EQ(zone, results[0]);
  }
}

}  // namespace
}  // namespace sb::types
