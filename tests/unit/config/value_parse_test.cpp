#include "shared/config/value_parse.h"

#include <gtest/gtest.h>

namespace sb::config {
namespace {

TEST(ParseInteger, AcceptsDecimalInRange) {
  EXPECT_EQ(ParseInteger("5433", 1, 65535), 5433);
  EXPECT_EQ(ParseInteger("1", 1, 65535), 1);
  EXPECT_EQ(ParseInteger("65535", 1, 65535), 65535);
}

TEST(ParseInteger, RejectsOutOfRangeAndGarbage) {
  for (const char* bad : {"0", "65536", "-1", "+5", "abc", "", "5433x", "0x10", "5.0", " 5",
                          "99999999999999999999999"}) {
    EXPECT_FALSE(ParseInteger(bad, 1, 65535)) << bad;
  }
}

TEST(ParseBool, AcceptsCommonSpellings) {
  for (const char* yes : {"true", "TRUE", "yes", "On", "1"}) EXPECT_EQ(ParseBool(yes), true) << yes;
  for (const char* no : {"false", "No", "off", "0"}) EXPECT_EQ(ParseBool(no), false) << no;
  for (const char* bad : {"", "2", "tru", "yess", "y"}) EXPECT_FALSE(ParseBool(bad)) << bad;
}

TEST(ParseDuration, UnitsConvertToBase) {
  EXPECT_EQ(ParseDuration("250", 1, 0, 1'000'000), 250);
  EXPECT_EQ(ParseDuration("2s", 1, 0, 1'000'000), 2000);
  EXPECT_EQ(ParseDuration("10min", 1, 0, 1'000'000), 600'000);
  EXPECT_EQ(ParseDuration("1h", 1000, 0, 86400), 3600);
  EXPECT_EQ(ParseDuration("1d", 1000, 0, 86400), 86400);
  EXPECT_EQ(ParseDuration("30", 1000, 0, 86400), 30);
  EXPECT_EQ(ParseDuration("2000ms", 1000, 0, 86400), 2);
}

TEST(ParseDuration, RejectsFractionsUnknownUnitsAndOverflow) {
  EXPECT_FALSE(ParseDuration("1500ms", 1000, 0, 86400));  // not whole seconds
  EXPECT_FALSE(ParseDuration("5 weeks", 1, 0, 1'000'000));
  EXPECT_FALSE(ParseDuration("2d", 1000, 0, 86400));  // above max
  EXPECT_FALSE(ParseDuration("-1", 1, 0, 100));
  EXPECT_FALSE(ParseDuration("9223372036854775807d", 1, 0, INT64_MAX));
  EXPECT_FALSE(ParseDuration("s", 1, 0, 100));
}

TEST(ParseSize, UnitsAre1024Based) {
  EXPECT_EQ(ParseSize("8192", 0, INT64_MAX), 8192);
  EXPECT_EQ(ParseSize("8kB", 0, INT64_MAX), 8192);
  EXPECT_EQ(ParseSize("1 MB", 0, INT64_MAX), 1 << 20);
  EXPECT_EQ(ParseSize("1GB", 0, INT64_MAX), 1 << 30);
  EXPECT_FALSE(ParseSize("1GB", 0, (1 << 30) - 1));
  EXPECT_FALSE(ParseSize("1kb", 0, INT64_MAX));  // PostgreSQL spelling only
  EXPECT_FALSE(ParseSize("9223372036854775807GB", 0, INT64_MAX));
}

TEST(ParseAddressList, SplitsAndTrims) {
  auto list = ParseAddressList(" 127.0.0.1, ::1 ,localhost");
  ASSERT_TRUE(list);
  EXPECT_EQ(*list, (std::vector<std::string>{"127.0.0.1", "::1", "localhost"}));
  EXPECT_EQ(*ParseAddressList("*"), std::vector<std::string>{"*"});
  EXPECT_TRUE(ParseAddressList("")->empty());
}

TEST(ParseAddressList, RejectsMalformed) {
  for (const char* bad : {"a,,b", "a,", "*,127.0.0.1", "1.2.*.4", "a b", "host;rm", "a\nb"}) {
    EXPECT_FALSE(ParseAddressList(bad)) << bad;
  }
  EXPECT_FALSE(ParseAddressList(std::string(300, 'a')));
}

}  // namespace
}  // namespace sb::config
