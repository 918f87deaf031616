#include "coordinator/ctl/copy_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/unit/ctl/ctl_test_util.h"

namespace sb::ctl {
namespace {

using testing::Parse;
using types::Value;

std::string Field(const Value& value) {
  std::string out;
  AppendCopyField(value, out);
  return out;
}

TEST(CopyEscapeTest, EscapesEveryByteThatEndsAFieldOrARow) {
  std::string out;
  AppendCopyEscaped("a\tb\nc\rd\\e", out);
  EXPECT_EQ(out, "a\\tb\\nc\\rd\\\\e");
  out.clear();
  AppendCopyEscaped("\b\f\v", out);
  EXPECT_EQ(out, "\\b\\f\\v");
  out.clear();
  // A lone "\." line would end the data early; with the backslash escaped it cannot occur.
  AppendCopyEscaped("\\.", out);
  EXPECT_EQ(out, "\\\\.");
  out.clear();
  AppendCopyEscaped("ünïcödé 😀 'quotes' \"double\"", out);
  EXPECT_EQ(out, "ünïcödé 😀 'quotes' \"double\"");
}

TEST(CopyFieldTest, NullIsBackslashN) {
  EXPECT_EQ(Field(Value::Null(types::kText)), "\\N");
  EXPECT_EQ(Field(Value::Null(types::kInt4)), "\\N");
  // The text "\N" is data, not NULL.
  EXPECT_EQ(Field(Value::Text("\\N")), "\\\\N");
  EXPECT_EQ(Field(Value::Text("")), "");
}

TEST(CopyFieldTest, IntegersBooleansAndUuid) {
  EXPECT_EQ(Field(Value::Int2(-32768)), "-32768");
  EXPECT_EQ(Field(Value::Int4(42)), "42");
  EXPECT_EQ(Field(Value::Int8(std::numeric_limits<int64_t>::max())), "9223372036854775807");
  EXPECT_EQ(Field(Value::Bool(true)), "t");
  EXPECT_EQ(Field(Value::Bool(false)), "f");
  EXPECT_EQ(Field(Parse(types::kUuid, "019363E8-7C1A-7D5E-8F00-1B2C3D4E5F60")),
            "019363e8-7c1a-7d5e-8f00-1b2c3d4e5f60");
}

TEST(CopyFieldTest, FloatsRoundTripIncludingSpecialValues) {
  EXPECT_EQ(Field(Value::Float8(0.1)), "0.1");
  EXPECT_EQ(Field(Value::Float8(1.0 / 3.0)), "0.3333333333333333");
  EXPECT_EQ(Field(Value::Float8(1e100)), "1e+100");
  EXPECT_EQ(Field(Value::Float8(-0.0)), "-0");
  EXPECT_EQ(Field(Value::Float8(std::nan(""))), "NaN");
  EXPECT_EQ(Field(Value::Float8(std::numeric_limits<double>::infinity())), "Infinity");
  EXPECT_EQ(Field(Value::Float8(-std::numeric_limits<double>::infinity())), "-Infinity");
  EXPECT_EQ(Field(Value::Float4(1.1f)), "1.1");
  EXPECT_EQ(Field(Value::Float8(5e-324)), "5e-324");
}

TEST(CopyFieldTest, NumericKeepsEveryDigit) {
  EXPECT_EQ(Field(Parse(types::kNumeric, "123456789012345678901234567890.123456789")),
            "123456789012345678901234567890.123456789");
  EXPECT_EQ(Field(Parse(types::kNumeric, "1.50")), "1.50");
  EXPECT_EQ(Field(Parse(types::kNumeric, "NaN")), "NaN");
  EXPECT_EQ(Field(Parse(types::kNumeric, "-0.000001")), "-0.000001");
}

TEST(CopyFieldTest, TextTypesAreEscaped) {
  EXPECT_EQ(Field(Value::Text("tab\there\nnew\\line\r")), "tab\\there\\nnew\\\\line\\r");
  EXPECT_EQ(Field(Parse(types::kBpchar, "ab", types::VarcharTypmod(4))), "ab  ");
  EXPECT_EQ(Field(Parse(types::kVarchar, "it's", types::VarcharTypmod(10))), "it's");
}

TEST(CopyFieldTest, ByteaIsHexWithTheBackslashEscaped) {
  EXPECT_EQ(Field(Value::Bytea(std::string("\x01\xab\x00\n", 4))), "\\\\x01ab000a");
  EXPECT_EQ(Field(Value::Bytea("")), "\\\\x");
}

TEST(CopyFieldTest, DatesAndTimesInIsoWithInfinityAndBc) {
  EXPECT_EQ(Field(Parse(types::kDate, "2024-02-29")), "2024-02-29");
  EXPECT_EQ(Field(Parse(types::kDate, "0044-03-15 BC")), "0044-03-15 BC");
  EXPECT_EQ(Field(Parse(types::kDate, "infinity")), "infinity");
  EXPECT_EQ(Field(Parse(types::kDate, "-infinity")), "-infinity");
  EXPECT_EQ(Field(Parse(types::kTime, "23:59:58.5")), "23:59:58.5");
  EXPECT_EQ(Field(Parse(types::kTimestamp, "2024-02-29 12:34:56.789")), "2024-02-29 12:34:56.789");
  EXPECT_EQ(Field(Parse(types::kTimestamp, "0001-01-01 00:00:00 BC")), "0001-01-01 00:00:00 BC");
  EXPECT_EQ(Field(Parse(types::kTimestamp, "-infinity")), "-infinity");
  // timestamptz carries its offset (UTC), so the loading session's TimeZone does not matter.
  EXPECT_EQ(Field(Parse(types::kTimestamptz, "2024-02-29 12:34:56+02")), "2024-02-29 10:34:56+00");
  EXPECT_EQ(Field(Parse(types::kTimestamptz, "infinity")), "infinity");
  EXPECT_EQ(Field(Parse(types::kInterval, "1 year 2 months 3 days 04:05:06.5")),
            "1 year 2 mons 3 days 04:05:06.5");
  EXPECT_EQ(Field(Parse(types::kInterval, "-1 day +02:00")), "-1 days +02:00:00");
}

TEST(CopyFieldTest, JsonIsEmbeddedTextAndEscaped) {
  EXPECT_EQ(Field(Value::Text("{\"a\": \"x\\ty\",\n \"b\": [1, 2]}", types::kJson)),
            "{\"a\": \"x\\\\ty\",\\n \"b\": [1, 2]}");
  EXPECT_EQ(Field(Parse(types::kJsonb, "{\"b\": 1,   \"a\": [true, null]}")),
            "{\"a\": [true, null], \"b\": 1}");
}

TEST(CopyFieldTest, ArraysUsePostgresArrayLiteralsThenCopyEscapes) {
  EXPECT_EQ(Field(Parse(types::kInt4Array, "{1,NULL,-3}")), "{1,NULL,-3}");
  // Array quoting first ("a b", \" and \\ inside quotes), then COPY doubles each backslash.
  EXPECT_EQ(Field(Parse(types::kTextArray, "{\"a b\",NULL,\"q\\\"t\",\"back\\\\slash\",\"NULL\"}")),
            "{\"a b\",NULL,\"q\\\\\"t\",\"back\\\\\\\\slash\",\"NULL\"}");
  EXPECT_EQ(Field(Parse(types::kTextArray, "{}")), "{}");
  EXPECT_EQ(Field(Parse(types::kTextArray, "{\"tab\there\"}")), "{\"tab\\there\"}");
  EXPECT_EQ(Field(Parse(types::kDateArray, "{2024-01-01,infinity}")), "{2024-01-01,infinity}");
  EXPECT_EQ(Field(Parse(types::kFloat8Array, "{NaN,-Infinity,0.5}")), "{NaN,-Infinity,0.5}");
}

TEST(CopyRowTest, TabsBetweenFieldsAndANewlineAtTheEnd) {
  std::string out;
  AppendCopyRow({Value::Int4(1), Value::Null(types::kText), Value::Text("x\ty")}, out);
  EXPECT_EQ(out, "1\t\\N\tx\\ty\n");
  out.clear();
  AppendCopyRow({}, out);
  EXPECT_EQ(out, "\n");
}

}  // namespace
}  // namespace sb::ctl
