#include "shared/storage/value_text.h"

#include <gtest/gtest.h>

#include "shared/types/text_io.h"
#include "tests/unit/storage/storage_test_util.h"

namespace sb::storage {
namespace {

using namespace types;

// The storage fast paths must agree with PostgreSQL's input functions on every input.
TEST(ValueTextTest, FastDateTimePathsAgreeWithGeneralParser) {
  struct Case {
    Oid type;
    int32_t typmod;
    std::string text;
  };
  std::vector<Case> cases;
  for (std::string text : {"2024-02-29", "0001-01-01", "9999-12-31", "2000-01-01", "1999-12-31",
                           "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-32", "0000-01-01",
                           "2024-1-01", "20240101", "2024-01-01 BC", "2024-01-01x"}) {
    cases.push_back({kDate, -1, text});
  }
  for (std::string text :
       {"2024-02-29T12:34:56", "2024-02-29 12:34:56", "2024-02-29T12:34:56.5",
        "2024-02-29T12:34:56.123456", "2024-02-29T12:34:56.1234567", "2024-02-29T23:59:59.9999995",
        "2024-02-29T24:00:00", "2024-02-29T12:60:00", "2024-02-29T12:00:60", "2024-02-29T1:00:00",
        "2024-02-29T12:34:56.", "0001-01-01T00:00:00", "9999-12-31T23:59:59.999999",
        "2024-02-29T12:34:56 BC"}) {
    for (int32_t typmod : {-1, 0, 3}) {
      cases.push_back({kTimestamp, typmod, text});
      cases.push_back({kTimestamptz, typmod, text + "Z"});
      cases.push_back({kTimestamptz, typmod, text});
    }
  }
  FormatSettings settings;
  for (const Case& c : cases) {
    std::optional<Value> expected;
    std::string expected_error;
    try {
      expected = ParseText(c.type, c.typmod, c.text, settings);
    } catch (const SqlError& error) {
      expected_error = SqlStateCode(error.state());
    }
    try {
      Value actual = ParseStorageText(c.type, c.typmod, c.text);
      ASSERT_TRUE(expected.has_value()) << c.text << " accepted, PostgreSQL: " << expected_error;
      EXPECT_EQ(actual, *expected) << c.text << " typmod " << c.typmod;
    } catch (const SqlError& error) {
      EXPECT_FALSE(expected.has_value()) << c.text << ": " << error.what();
      EXPECT_EQ(SqlStateCode(error.state()), expected_error) << c.text;
    }
  }
}

TEST(ValueTextTest, StorageTextOfDatesAndTimes) {
  FormatSettings settings;
  auto text = [&](Oid type, std::string_view input) {
    std::string out;
    AppendStorageText(ParseText(type, -1, input, settings), out);
    return out;
  };
  EXPECT_EQ(text(kDate, "2024-02-29"), "2024-02-29");
  EXPECT_EQ(text(kDate, "0044-03-15 BC"), "0044-03-15 BC");
  EXPECT_EQ(text(kTimestamp, "2024-02-29 01:02:03.5"), "2024-02-29T01:02:03.5");
  EXPECT_EQ(text(kTimestamptz, "2024-02-29 01:02:03+01"), "2024-02-29T00:02:03Z");
  EXPECT_EQ(text(kTimestamptz, "0100-02-03 04:05:06+00 BC"), "0100-02-03T04:05:06Z BC");
  EXPECT_EQ(text(kTimestamp, "infinity"), "infinity");
  EXPECT_EQ(text(kTime, "04:05:06.789"), "04:05:06.789");
  EXPECT_EQ(text(kBytea, "\\x00ff"), "\\x00ff");
  testing::ExpectSqlError(SqlState::kFeatureNotSupported, [] {
    std::string out;
    AppendStorageText(Value::Array(kInt4, {}), out);
  });
}

}  // namespace
}  // namespace sb::storage
