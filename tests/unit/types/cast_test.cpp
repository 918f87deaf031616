#include "shared/types/cast.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "shared/types/calendar.h"
#include "shared/types/time_zone.h"
#include "tests/unit/types/test_util.h"

namespace sb::types {
namespace {

using testing::ExpectSqlError;

FormatSettings Settings() {
  return FormatSettings();
}

std::string CastText(const Value& value, Oid target, int32_t typmod = -1,
                     CastKind kind = CastKind::kExplicit,
                     const FormatSettings& settings = FormatSettings()) {
  return FormatText(Cast(value, target, typmod, kind, settings), settings);
}

TEST(CastTest, Contexts) {
  EXPECT_TRUE(CanCast(kInt4, kInt8, CastKind::kImplicit));
  EXPECT_FALSE(CanCast(kInt8, kInt4, CastKind::kImplicit));
  EXPECT_TRUE(CanCast(kInt8, kInt4, CastKind::kAssignment));
  EXPECT_TRUE(CanCast(kInt4, kNumeric, CastKind::kImplicit));
  EXPECT_TRUE(CanCast(kNumeric, kFloat8, CastKind::kImplicit));
  EXPECT_FALSE(CanCast(kFloat8, kNumeric, CastKind::kImplicit));
  EXPECT_FALSE(CanCast(kInt4, kBool, CastKind::kAssignment));
  EXPECT_TRUE(CanCast(kInt4, kBool, CastKind::kExplicit));
  EXPECT_TRUE(CanCast(kUnknown, kDate, CastKind::kImplicit));
  EXPECT_TRUE(CanCast(kInt4, kText, CastKind::kAssignment));  // I/O cast to a string type
  EXPECT_FALSE(CanCast(kInt4, kText, CastKind::kImplicit));
  EXPECT_FALSE(CanCast(kText, kInt4, CastKind::kAssignment));  // I/O cast from a string type
  EXPECT_TRUE(CanCast(kText, kInt4, CastKind::kExplicit));
  EXPECT_FALSE(CanCast(kInt4, kDate, CastKind::kExplicit));
  EXPECT_FALSE(CanCast(kDate, kInt4, CastKind::kExplicit));
  EXPECT_TRUE(CanCast(kDate, kTimestamptz, CastKind::kImplicit));
  EXPECT_FALSE(CanCast(kTimestamptz, kTimestamp, CastKind::kImplicit));
  EXPECT_TRUE(CanCast(kInt4Array, kInt8Array, CastKind::kImplicit));
  EXPECT_TRUE(CanCast(kJson, kJsonb, CastKind::kAssignment));
  EXPECT_TRUE(CanCast(kVarchar, kText, CastKind::kImplicit));
  ExpectSqlError([] { Cast(Value::Int4(1), kDate, -1, CastKind::kExplicit, Settings()); }, "42846",
                 "cannot cast type integer to date");
  ExpectSqlError([] { Cast(Value::Int8(1), kInt4, -1, CastKind::kImplicit, Settings()); }, "42846",
                 "cannot cast type bigint to integer");
}

// Results observed on PostgreSQL 15.
TEST(CastTest, Numbers) {
  EXPECT_EQ(CastText(Value::Float8(2.5), kInt4), "2");  // rint: half to even
  EXPECT_EQ(CastText(Value::Float8(3.5), kInt4), "4");
  EXPECT_EQ(CastText(Value::Float8(-2.5), kInt2), "-2");
  EXPECT_EQ(CastText(Value::FromNumeric(Numeric::Parse("2.5")), kInt4), "3");
  EXPECT_EQ(
      CastText(Value::FromNumeric(Numeric::Parse("12345.678")), kNumeric, NumericTypmod(8, 2)),
      "12345.68");
  EXPECT_EQ(CastText(Value::Int4(7), kNumeric, NumericTypmod(5, 2)), "7.00");
  EXPECT_EQ(CastText(Value::Float8(0.1), kNumeric), "0.1");
  EXPECT_EQ(CastText(Value::Int8(5), kFloat4), "5");
  EXPECT_EQ(CastText(Value::Int4(-1), kOid), "4294967295");
  EXPECT_EQ(CastText(Value::OidValue(4294967295u), kInt4), "-1");
  ExpectSqlError([] { Cast(Value::Int8(-1), kOid, -1, CastKind::kExplicit, Settings()); }, "22003",
                 "OID out of range");
  ExpectSqlError([] { Cast(Value::Float8(1e20), kInt8, -1, CastKind::kExplicit, Settings()); },
                 "22003", "bigint out of range");
  ExpectSqlError([] { Cast(Value::Float8(NAN), kInt4, -1, CastKind::kExplicit, Settings()); },
                 "22003", "integer out of range");
  ExpectSqlError([] { Cast(Value::Int8(70000), kInt2, -1, CastKind::kAssignment, Settings()); },
                 "22003", "smallint out of range");
  ExpectSqlError([] { Cast(Value::Float8(1e39), kFloat4, -1, CastKind::kExplicit, Settings()); },
                 "22003", "value out of range: overflow");
  ExpectSqlError([] { Cast(Value::Float8(1e-50), kFloat4, -1, CastKind::kExplicit, Settings()); },
                 "22003", "value out of range: underflow");
  ExpectSqlError(
      [] { Cast(Value::FromNumeric(Numeric::NaN()), kInt4, -1, CastKind::kExplicit, Settings()); },
      "0A000", "cannot convert NaN to integer");
  ExpectSqlError(
      [] {
        Cast(Value::FromNumeric(Numeric::Parse("12345.678")), kNumeric, NumericTypmod(5, 2),
             CastKind::kAssignment, Settings());
      },
      "22003", "numeric field overflow");
}

TEST(CastTest, BoolCharAndStrings) {
  EXPECT_EQ(CastText(Value::Bool(true), kInt4), "1");
  EXPECT_EQ(CastText(Value::Int4(5), kBool), "t");
  EXPECT_EQ(CastText(Value::Bool(true), kText, -1, CastKind::kAssignment), "true");
  EXPECT_EQ(CastText(Value::Int4(65), kChar), "A");
  EXPECT_EQ(CastText(Value::Text("A", kChar), kInt4), "65");
  ExpectSqlError([] { Cast(Value::Int4(200), kChar, -1, CastKind::kExplicit, Settings()); },
                 "22003", "\"char\" out of range");
  EXPECT_EQ(CastText(Value::Text("abc"), kChar, -1, CastKind::kAssignment), "a");
  EXPECT_EQ(CastText(Value::Text("a  ", kBpchar), kText, -1, CastKind::kImplicit), "a");
  EXPECT_EQ(CastText(Value::Text("a  ", kBpchar), kVarchar, -1, CastKind::kImplicit), "a");
  EXPECT_EQ(CastText(Value::Text("abcdef"), kVarchar, VarcharTypmod(3)), "abc");
  ExpectSqlError(
      [] {
        Cast(Value::Text("abcdef"), kVarchar, VarcharTypmod(3), CastKind::kAssignment, Settings());
      },
      "22001", "value too long for type character varying(3)");
  EXPECT_EQ(CastText(Value::Text("abcdef", kVarchar), kVarchar, VarcharTypmod(3)), "abc");
  EXPECT_EQ(CastText(Value::Text("ab"), kBpchar, VarcharTypmod(4), CastKind::kAssignment), "ab  ");
  EXPECT_EQ(CastText(Value::Text(std::string(70, 'x')), kName, -1, CastKind::kImplicit).size(),
            63u);
  // I/O conversions.
  EXPECT_EQ(CastText(Value::Int4(42), kText, -1, CastKind::kAssignment), "42");
  EXPECT_EQ(CastText(Value::Text(" 42 "), kInt4), "42");
  EXPECT_EQ(CastText(Value::Text("2024-02-29"), kDate), "2024-02-29");
  EXPECT_EQ(
      CastText(Value::FromNumeric(Numeric::Parse("1.50")), kVarchar, -1, CastKind::kAssignment),
      "1.50");
  ExpectSqlError([] { Cast(Value::Text("x"), kInt4, -1, CastKind::kExplicit, Settings()); },
                 "22P02", "invalid input syntax for type integer: \"x\"");
}

TEST(CastTest, UnknownLiterals) {
  Value literal = Value::Text("abcd", kUnknown);
  EXPECT_EQ(CastText(literal, kVarchar, VarcharTypmod(3)), "abc");
  ExpectSqlError(
      [&] { Cast(literal, kVarchar, VarcharTypmod(3), CastKind::kAssignment, Settings()); },
      "22001");
  EXPECT_EQ(CastText(Value::Text("{1,2}", kUnknown), kInt4Array, -1, CastKind::kImplicit), "{1,2}");
  EXPECT_TRUE(Cast(Value::Null(kUnknown), kInt4, -1, CastKind::kImplicit, Settings()).IsNull());
  EXPECT_EQ(Cast(Value::Null(kUnknown), kInt4, -1, CastKind::kImplicit, Settings()).type(), kInt4);
}

TEST(CastTest, DateTimes) {
  FormatSettings settings;
  int64_t ts = (DaysFromCivil({2024, 7, 1}) * 24 + 12) * kUsPerHour;
  EXPECT_EQ(CastText(Value::Timestamp(ts), kTimestamptz, -1, CastKind::kImplicit),
            "2024-07-01 12:00:00+00");
  EXPECT_EQ(CastText(Value::Date(DaysFromCivil({2024, 7, 1})), kTimestamp, -1, CastKind::kImplicit),
            "2024-07-01 00:00:00");
  EXPECT_EQ(CastText(Value::Timestamp(ts), kDate, -1, CastKind::kAssignment), "2024-07-01");
  EXPECT_EQ(CastText(Value::Timestamp(ts + 1500000), kTime, -1, CastKind::kAssignment),
            "12:00:01.5");
  EXPECT_EQ(CastText(Value::Timestamp(kTimestampPlusInfinity), kDate), "infinity");
  EXPECT_EQ(CastText(Value::Time(kUsPerHour), kInterval, -1, CastKind::kImplicit), "01:00:00");
  EXPECT_EQ(CastText(ParseText(kInterval, -1, "1 day 25:00", settings), kTime), "01:00:00");
  EXPECT_EQ(CastText(ParseText(kInterval, -1, "-1 hour", settings), kTime), "23:00:00");
  EXPECT_EQ(CastText(ParseText(kTime, -1, "12:34:56.789", settings), kTime, 1), "12:34:56.8");
  EXPECT_EQ(CastText(Value::Date(kDatePlusInfinity), kTimestamptz), "infinity");

  if (!std::filesystem::exists("/usr/share/zoneinfo/Europe/Berlin")) return;
  settings.time_zone = TimeZone::Find("Europe/Berlin");
  EXPECT_EQ(CastText(Value::Timestamp(ts), kTimestamptz, -1, CastKind::kImplicit, settings),
            "2024-07-01 12:00:00+02");
  Value utc_noon = Value::Timestamptz(ts);
  EXPECT_EQ(CastText(utc_noon, kTimestamp, -1, CastKind::kAssignment, settings),
            "2024-07-01 14:00:00");
  EXPECT_EQ(CastText(Value::Timestamptz(ts + 11 * kUsPerHour), kDate, -1, CastKind::kAssignment,
                     settings),
            "2024-07-02");
}

TEST(CastTest, Json) {
  Value json = Value::Text("{\"b\":1, \"a\":2}", kJson);
  EXPECT_EQ(CastText(json, kJsonb, -1, CastKind::kAssignment), "{\"a\": 2, \"b\": 1}");
  EXPECT_EQ(CastText(Value::Text("{\"a\": 2}", kJsonb), kJson, -1, CastKind::kAssignment),
            "{\"a\": 2}");
  EXPECT_EQ(CastText(Value::Text("\"x\"", kJsonb), kText, -1, CastKind::kAssignment), "\"x\"");
  EXPECT_EQ(CastText(Value::Text("1.5", kJsonb), kInt4), "2");
  EXPECT_EQ(CastText(Value::Text("1.5", kJsonb), kNumeric), "1.5");
  EXPECT_EQ(CastText(Value::Text("true", kJsonb), kBool), "t");
  ExpectSqlError(
      [] { Cast(Value::Text("{\"a\": 1}", kJsonb), kInt4, -1, CastKind::kExplicit, Settings()); },
      "22023", "cannot cast jsonb object to type integer");
  ExpectSqlError(
      [] { Cast(Value::Text("null", kJsonb), kInt4, -1, CastKind::kExplicit, Settings()); },
      "22023", "cannot cast jsonb null to type integer");
  ExpectSqlError([] { Cast(Value::Text("1", kJsonb), kBool, -1, CastKind::kExplicit, Settings()); },
                 "22023", "cannot cast jsonb numeric to type boolean");
}

TEST(CastTest, Arrays) {
  Value numbers = ParseText(kNumericArray, -1, "{1.5,2.5,NULL}", Settings());
  Value ints = Cast(numbers, kInt4Array, -1, CastKind::kAssignment, Settings());
  EXPECT_EQ(ints.type(), kInt4Array);
  EXPECT_EQ(ints.GetArray().element_type, kInt4);
  EXPECT_EQ(FormatText(ints, Settings()), "{2,3,NULL}");
  EXPECT_EQ(
      CastText(ParseText(kTextArray, -1, "{abc,de}", Settings()), kVarcharArray, VarcharTypmod(2)),
      "{ab,de}");
  EXPECT_EQ(
      CastText(ParseText(kInt4Array, -1, "{1,2}", Settings()), kText, -1, CastKind::kAssignment),
      "{1,2}");
}

}  // namespace
}  // namespace sb::types
