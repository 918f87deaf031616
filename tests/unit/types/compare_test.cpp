#include "shared/types/compare.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "shared/types/calendar.h"
#include "shared/types/time_zone.h"
#include "tests/unit/types/test_util.h"

namespace sb::types {
namespace {

using testing::ExpectSqlError;

Value Num(std::string_view text) {
  return Value::FromNumeric(Numeric::Parse(text));
}

TEST(CompareTest, NumbersAcrossTypes) {
  EXPECT_EQ(Compare(Value::Int2(1), Value::Int8(1)), 0);
  EXPECT_LT(Compare(Value::Int4(-5), Value::Int8(3)), 0);
  EXPECT_EQ(Compare(Value::Int4(1), Num("1.000")), 0);
  EXPECT_GT(Compare(Num("1.5"), Value::Int4(1)), 0);
  EXPECT_EQ(Compare(Value::Float4(0.5f), Value::Float8(0.5)), 0);
  EXPECT_EQ(Compare(Value::Float8(-0.0), Value::Float8(0.0)), 0);
  EXPECT_GT(Compare(Value::Float8(NAN), Value::Float8(INFINITY)), 0);
  EXPECT_EQ(Compare(Value::Float8(NAN), Value::Float8(NAN)), 0);
  EXPECT_LT(Compare(Value::Int8(INT64_MIN), Value::Int8(INT64_MAX)), 0);
  EXPECT_GT(Compare(Num("NaN"), Num("1e100")), 0);
  EXPECT_EQ(Compare(Value::OidValue(4294967295u), Value::Int8(4294967295)), 0);

  EXPECT_EQ(Hash(Value::Int2(7)), Hash(Value::Int8(7)));
  EXPECT_EQ(Hash(Value::Int4(7)), Hash(Num("7.00")));
  EXPECT_EQ(Hash(Value::Float8(7.0)), Hash(Value::Int4(7)));
  EXPECT_EQ(Hash(Value::Float8(-0.0)), Hash(Value::Float8(0.0)));
  EXPECT_EQ(Hash(Num("1.50")), Hash(Num("1.5")));
  EXPECT_EQ(Hash(Value::Float8(NAN)), Hash(Num("NaN")));
  EXPECT_NE(Hash(Value::Int4(7)), Hash(Value::Int4(8)));
}

TEST(CompareTest, Strings) {
  EXPECT_LT(Compare(Value::Text("B"), Value::Text("a")), 0);  // C collation: bytes
  EXPECT_LT(Compare(Value::Text("abc"), Value::Text("abd")), 0);
  EXPECT_LT(Compare(Value::Text("ab"), Value::Text("abc")), 0);
  EXPECT_LT(Compare(Value::Text("z"), Value::Text("é")), 0);  // high bytes sort last
  EXPECT_EQ(Compare(Value::Text("a  ", kBpchar), Value::Text("a", kBpchar)), 0);
  EXPECT_EQ(Compare(Value::Text("a  ", kBpchar), Value::Text("a")), 0);
  EXPECT_NE(Compare(Value::Text("a  ", kVarchar), Value::Text("a")), 0);
  EXPECT_EQ(Hash(Value::Text("a  ", kBpchar)), Hash(Value::Text("a", kVarchar)));
  EXPECT_EQ(Compare(Value::Text("x", kName), Value::Text("x")), 0);
}

TEST(CompareTest, OtherTypes) {
  EXPECT_LT(Compare(Value::Bool(false), Value::Bool(true)), 0);
  Uuid low{}, high{};
  high[0] = 1;
  EXPECT_LT(Compare(Value::FromUuid(low), Value::FromUuid(high)), 0);
  EXPECT_LT(Compare(Value::Bytea(std::string("\x01", 1)), Value::Bytea(std::string("\xff", 1))), 0);
  EXPECT_EQ(Compare(Value::Date(1), Value::Timestamp(kUsPerDay)), 0);
  EXPECT_LT(Compare(Value::Date(kDateMinusInfinity), Value::Timestamp(kMinTimestamp)), 0);
  EXPECT_EQ(Compare(Value::Date(kDatePlusInfinity), Value::Timestamp(kTimestampPlusInfinity)), 0);
  EXPECT_EQ(Hash(Value::Date(1)), Hash(Value::Timestamp(kUsPerDay)));
  EXPECT_EQ(Compare(Value::Timestamptz(0), Value::Timestamp(0)), 0);
  const TimeZone* plus2 = TimeZone::FixedOffset(7200);
  // 2000-01-01 02:00 local (+02) is 00:00 UTC.
  EXPECT_EQ(Compare(Value::Timestamp(2 * kUsPerHour), Value::Timestamptz(0), plus2), 0);
  // Intervals compare by 30-day months and 24-hour days.
  EXPECT_EQ(Compare(Value::FromInterval({0, 30, 0}), Value::FromInterval({0, 0, 1})), 0);
  EXPECT_EQ(Compare(Value::FromInterval({kUsPerDay, 0, 0}), Value::FromInterval({0, 1, 0})), 0);
  EXPECT_EQ(Hash(Value::FromInterval({0, 30, 0})), Hash(Value::FromInterval({0, 0, 1})));
  EXPECT_LT(Compare(Value::FromInterval({-1, 0, 0}), Value::FromInterval({})), 0);
  EXPECT_LT(Compare(Value::Time(1), Value::Time(2)), 0);
}

TEST(CompareTest, Arrays) {
  auto array = [](std::vector<Value> elements) { return Value::Array(kInt4, std::move(elements)); };
  EXPECT_EQ(
      Compare(array({Value::Int4(1), Value::Int4(2)}), array({Value::Int4(1), Value::Int4(2)})), 0);
  EXPECT_LT(Compare(array({Value::Int4(1)}), array({Value::Int4(1), Value::Int4(0)})), 0);
  EXPECT_LT(Compare(array({Value::Int4(1), Value::Int4(9)}), array({Value::Int4(2)})), 0);
  EXPECT_GT(Compare(array({Value::Null(kInt4)}), array({Value::Int4(5)})), 0);
  EXPECT_EQ(Compare(array({Value::Null(kInt4)}), array({Value::Null(kInt4)})), 0);
  EXPECT_EQ(Hash(array({Value::Int4(1), Value::Null(kInt4)})),
            Hash(array({Value::Int4(1), Value::Null(kInt4)})));
  EXPECT_NE(Hash(array({Value::Int4(1), Value::Int4(2)})),
            Hash(array({Value::Int4(2), Value::Int4(1)})));
}

TEST(CompareTest, IncomparableTypes) {
  ExpectSqlError([] { Compare(Value::Int4(1), Value::Text("1")); }, "42883",
                 "operator does not exist: integer = text");
  ExpectSqlError([] { Compare(Value::Text("{}", kJson), Value::Text("{}", kJson)); }, "42883");
  ExpectSqlError([] { Compare(Value::Null(kInt4), Value::Int4(1)); }, "42883");
}

}  // namespace
}  // namespace sb::types
