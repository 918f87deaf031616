#include "shared/storage/column_type.h"

#include <gtest/gtest.h>

namespace sb::storage {
namespace {

using namespace types;

ColumnType Parse(std::string_view text) {
  std::optional<ColumnType> type = ParseColumnType(text);
  EXPECT_TRUE(type.has_value()) << text;
  return type.value_or(ColumnType{});
}

TEST(ColumnTypeTest, FormatTypeSpellings) {
  EXPECT_EQ(Parse("integer"), (ColumnType{kInt4, -1}));
  EXPECT_EQ(Parse("bigint"), (ColumnType{kInt8, -1}));
  EXPECT_EQ(Parse("character varying(200)"), (ColumnType{kVarchar, VarcharTypmod(200)}));
  EXPECT_EQ(Parse("character varying"), (ColumnType{kVarchar, -1}));
  EXPECT_EQ(Parse("numeric(10,2)"), (ColumnType{kNumeric, NumericTypmod(10, 2)}));
  EXPECT_EQ(Parse("numeric(5)"), (ColumnType{kNumeric, NumericTypmod(5, 0)}));
  EXPECT_EQ(Parse("numeric(2,-3)"), (ColumnType{kNumeric, NumericTypmod(2, -3)}));
  EXPECT_EQ(Parse("timestamp with time zone"), (ColumnType{kTimestamptz, -1}));
  EXPECT_EQ(Parse("timestamp(3) with time zone"), (ColumnType{kTimestamptz, 3}));
  EXPECT_EQ(Parse("time(0) without time zone"), (ColumnType{kTime, 0}));
  EXPECT_EQ(Parse("text[]"), (ColumnType{kTextArray, -1}));
  EXPECT_EQ(Parse("character varying(20)[]"), (ColumnType{kVarcharArray, VarcharTypmod(20)}));
  EXPECT_EQ(Parse("\"char\""), (ColumnType{kChar, -1}));
  EXPECT_EQ(Parse("bpchar"), (ColumnType{kBpchar, -1}));
  EXPECT_EQ(Parse("character(3)"), (ColumnType{kBpchar, VarcharTypmod(3)}));
  EXPECT_EQ(Parse("interval"), (ColumnType{kInterval, -1}));
  EXPECT_EQ(Parse("interval(3)"), (ColumnType{kInterval, IntervalTypmod(3, kIntervalFullRange)}));
  EXPECT_EQ(Parse("interval year to month"),
            (ColumnType{kInterval,
                        IntervalTypmod(kIntervalFullPrecision, kIntervalYear | kIntervalMonth)}));
  EXPECT_EQ(Parse("interval day to second(2)"),
            (ColumnType{kInterval, IntervalTypmod(2, kIntervalDay | kIntervalHour |
                                                         kIntervalMinute | kIntervalSecond)}));
}

TEST(ColumnTypeTest, AliasesAndHandTypedSpellings) {
  EXPECT_EQ(Parse("int"), (ColumnType{kInt4, -1}));
  EXPECT_EQ(Parse("INT4"), (ColumnType{kInt4, -1}));
  EXPECT_EQ(Parse("  varchar( 20 ) "), (ColumnType{kVarchar, VarcharTypmod(20)}));
  EXPECT_EQ(Parse("decimal(10, 2)"), (ColumnType{kNumeric, NumericTypmod(10, 2)}));
  EXPECT_EQ(Parse("timestamptz"), (ColumnType{kTimestamptz, -1}));
  EXPECT_EQ(Parse("timestamptz(6)"), (ColumnType{kTimestamptz, 6}));
  EXPECT_EQ(Parse("timestamp(9)"), (ColumnType{kTimestamp, 6}));  // clamped like PostgreSQL
  EXPECT_EQ(Parse("double  precision"), (ColumnType{kFloat8, -1}));
  EXPECT_EQ(Parse("float"), (ColumnType{kFloat8, -1}));
  EXPECT_EQ(Parse("float(24)"), (ColumnType{kFloat4, -1}));
  EXPECT_EQ(Parse("float(25)"), (ColumnType{kFloat8, -1}));
  EXPECT_EQ(Parse("char"), (ColumnType{kBpchar, VarcharTypmod(1)}));
  EXPECT_EQ(Parse("character"), (ColumnType{kBpchar, VarcharTypmod(1)}));
  EXPECT_EQ(Parse("_int4"), (ColumnType{kInt4Array, -1}));
  EXPECT_EQ(Parse("int[]"), (ColumnType{kInt4Array, -1}));
  EXPECT_EQ(Parse("jsonb"), (ColumnType{kJsonb, -1}));
  EXPECT_EQ(Parse("bool"), (ColumnType{kBool, -1}));
}

TEST(ColumnTypeTest, RejectsNonsense) {
  for (std::string_view text : {"",
                                "serial",
                                "nosuchtype",
                                "integer(3)",
                                "varchar(0)",
                                "varchar(-1)",
                                "varchar(a)",
                                "varchar(1,2)",
                                "numeric(0)",
                                "numeric(1001)",
                                "numeric(10,2,3)",
                                "float(54)",
                                "float(0)",
                                "interval week",
                                "interval(3) year",
                                "time with time zone",
                                "text[][]",
                                "_int4[]",
                                "record",
                                "anyelement",
                                "void",
                                "unknown",
                                "int2vector",
                                "varchar(10",
                                "varchar)10(",
                                "varchar((10))",
                                "int(1)(2)",
                                "timestamp(-1)",
                                "varchar(99999999999)"}) {
    EXPECT_FALSE(ParseColumnType(text).has_value()) << text;
  }
}

TEST(ColumnTypeTest, EveryStorableTypeRoundTripsThroughFormatType) {
  std::vector<int32_t> typmods = {-1};
  for (const TypeInfo& info : AllTypes()) {
    if (info.category == kCategoryPseudo || info.oid == kUnknown || info.oid == kInt2Vector ||
        info.oid == kOidVector) {
      continue;
    }
    Oid scalar = IsArrayType(info.oid) ? info.element_oid : info.oid;
    std::vector<int32_t> mods = {-1};
    if (scalar == kVarchar || scalar == kBpchar) mods = {-1, VarcharTypmod(1), VarcharTypmod(255)};
    if (scalar == kNumeric) mods = {-1, NumericTypmod(10, 2), NumericTypmod(1000, 0)};
    if (scalar == kTime || scalar == kTimestamp || scalar == kTimestamptz) mods = {-1, 0, 3, 6};
    if (scalar == kInterval) {
      mods = {-1, IntervalTypmod(3, kIntervalFullRange),
              IntervalTypmod(kIntervalFullPrecision, kIntervalYear),
              IntervalTypmod(kIntervalFullPrecision, kIntervalHour | kIntervalMinute),
              IntervalTypmod(0, kIntervalMinute | kIntervalSecond)};
    }
    for (int32_t typmod : mods) {
      ColumnType type{info.oid, typmod};
      std::string text = FormatColumnType(type);
      std::optional<ColumnType> back = ParseColumnType(text);
      ASSERT_TRUE(back.has_value()) << text;
      EXPECT_EQ(*back, type) << text;
    }
  }
}

}  // namespace
}  // namespace sb::storage
