#include "shared/types/pg_type.h"

#include <gtest/gtest.h>

#include <set>

namespace sb::types {
namespace {

TEST(PgTypeTest, FindByOid) {
  const TypeInfo* int4 = FindType(kInt4);
  ASSERT_NE(int4, nullptr);
  EXPECT_EQ(int4->name, "int4");
  EXPECT_EQ(int4->sql_name, "integer");
  EXPECT_EQ(int4->typlen, 4);
  EXPECT_EQ(int4->category, 'N');
  EXPECT_EQ(int4->array_oid, kInt4Array);
  EXPECT_TRUE(int4->by_value);
  EXPECT_EQ(int4->align, 'i');
  EXPECT_EQ(FindType(kUuid)->typlen, 16);
  EXPECT_EQ(FindType(kTimestamptz)->sql_name, "timestamp with time zone");
  EXPECT_EQ(FindType(kName)->element_oid, kChar);
  EXPECT_EQ(FindType(99999), nullptr);
}

TEST(PgTypeTest, TableIsConsistent) {
  std::set<Oid> oids;
  std::set<std::string_view> names;
  for (const TypeInfo& info : AllTypes()) {
    EXPECT_TRUE(oids.insert(info.oid).second) << info.oid;
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    if (info.array_oid != 0) {
      const TypeInfo* array = FindType(info.array_oid);
      if (array != nullptr) {
        EXPECT_EQ(array->element_oid, info.oid) << info.name;
      }
    }
    if (IsArrayType(info.oid)) {
      EXPECT_EQ(FindType(info.element_oid)->array_oid, info.oid) << info.name;
      EXPECT_EQ(info.name[0], '_');
    }
  }
}

TEST(PgTypeTest, FindByName) {
  struct Case {
    const char* name;
    Oid oid;
  } cases[] = {
      {"int4", kInt4},
      {"int", kInt4},
      {"integer", kInt4},
      {"int2", kInt2},
      {"smallint", kInt2},
      {"int8", kInt8},
      {"bigint", kInt8},
      {"float4", kFloat4},
      {"real", kFloat4},
      {"float8", kFloat8},
      {"double precision", kFloat8},
      {"float", kFloat8},
      {"numeric", kNumeric},
      {"decimal", kNumeric},
      {"bool", kBool},
      {"boolean", kBool},
      {"text", kText},
      {"varchar", kVarchar},
      {"character varying", kVarchar},
      {"bpchar", kBpchar},
      {"char", kBpchar},
      {"character", kBpchar},
      {"\"char\"", kChar},
      {"name", kName},
      {"uuid", kUuid},
      {"json", kJson},
      {"jsonb", kJsonb},
      {"bytea", kBytea},
      {"date", kDate},
      {"time", kTime},
      {"timestamp", kTimestamp},
      {"timestamptz", kTimestamptz},
      {"timestamp with time zone", kTimestamptz},
      {"interval", kInterval},
      {"oid", kOid},
      {"regclass", kRegclass},
      {"regtype", kRegtype},
      {"_int4", kInt4Array},
      {"integer[]", kInt4Array},
      {"text[]", kTextArray},
      {"character varying[]", kVarcharArray},
  };
  for (const Case& c : cases) {
    const TypeInfo* info = FindTypeByName(c.name);
    ASSERT_NE(info, nullptr) << c.name;
    EXPECT_EQ(info->oid, c.oid) << c.name;
  }
  EXPECT_EQ(FindTypeByName("serial"), nullptr);
  EXPECT_EQ(FindTypeByName("nosuchtype"), nullptr);
  EXPECT_EQ(FindTypeByName("integer[][]"), nullptr);
  EXPECT_EQ(FindTypeByName(""), nullptr);
}

TEST(PgTypeTest, Arrays) {
  EXPECT_TRUE(IsArrayType(kInt4Array));
  EXPECT_FALSE(IsArrayType(kInt4));
  EXPECT_FALSE(IsArrayType(kInt2Vector));
  EXPECT_FALSE(IsArrayType(kOidVector));
  EXPECT_EQ(ArrayElementType(kTextArray), kText);
  EXPECT_EQ(ArrayElementType(kText), 0u);
  EXPECT_EQ(ArrayTypeOf(kUuid), kUuidArray);
  EXPECT_EQ(ArrayTypeOf(kJson), kJsonArray);
  EXPECT_EQ(ArrayTypeOf(kUnknown), 0u);
}

// Expected strings from PostgreSQL 15's format_type(oid, typmod).
TEST(PgTypeTest, FormatTypeMatchesPostgres) {
  EXPECT_EQ(FormatType(kVarchar, VarcharTypmod(200)), "character varying(200)");
  EXPECT_EQ(FormatType(kVarchar, -1), "character varying");
  EXPECT_EQ(FormatType(kVarchar, 2), "character varying");
  EXPECT_EQ(FormatType(kBpchar, -1), "bpchar");
  EXPECT_EQ(FormatType(kBpchar, 9), "character(5)");
  EXPECT_EQ(FormatType(kBpcharArray, 9), "character(5)[]");
  EXPECT_EQ(FormatType(kBpcharArray, -1), "bpchar[]");
  EXPECT_EQ(FormatType(kNumeric, NumericTypmod(10, 2)), "numeric(10,2)");
  EXPECT_EQ(FormatType(kNumeric, 655366), "numeric(10,2)");
  EXPECT_EQ(FormatType(kNumeric, NumericTypmod(10, -1)), "numeric(10,-1)");
  EXPECT_EQ(FormatType(kNumeric, 1), "numeric");
  EXPECT_EQ(FormatType(kTimestamptz, 3), "timestamp(3) with time zone");
  EXPECT_EQ(FormatType(kTimestamptz, 0), "timestamp(0) with time zone");
  EXPECT_EQ(FormatType(kTimestamp, -1), "timestamp without time zone");
  EXPECT_EQ(FormatType(kTime, 3), "time(3) without time zone");
  EXPECT_EQ(FormatType(kInt4Array, -1), "integer[]");
  EXPECT_EQ(FormatType(kInt4, 5), "integer");
  EXPECT_EQ(FormatType(kChar, -1), "\"char\"");
  EXPECT_EQ(FormatType(kCharArray, -1), "\"char\"[]");
  EXPECT_EQ(FormatType(kInt2Vector, -1), "int2vector");
  EXPECT_EQ(FormatType(kFloat8, -1), "double precision");
  EXPECT_EQ(FormatType(99999, -1), "???");
  EXPECT_EQ(FormatType(kInterval, -1), "interval");
  EXPECT_EQ(FormatType(kInterval, 458751), "interval year to month");
  EXPECT_EQ(FormatType(kInterval, 470286339), "interval day to second(3)");
  EXPECT_EQ(FormatType(kInterval, 2147418114), "interval(2)");
  EXPECT_EQ(FormatType(kInterval, 67174399), "interval hour");
}

TEST(PgTypeTest, TypmodHelpers) {
  EXPECT_EQ(VarcharTypmod(5), 9);
  EXPECT_EQ(VarcharLengthFromTypmod(9), 5);
  EXPECT_EQ(VarcharLengthFromTypmod(-1), -1);
  EXPECT_EQ(NumericTypmod(10, 2), ((10 << 16) | 2) + 4);
  EXPECT_EQ(NumericPrecisionFromTypmod(NumericTypmod(10, 2)), 10);
  EXPECT_EQ(NumericScaleFromTypmod(NumericTypmod(10, 2)), 2);
  EXPECT_EQ(NumericScaleFromTypmod(NumericTypmod(2, -3)), -3);
  EXPECT_EQ(IntervalRangeFromTypmod(458751), kIntervalYear | kIntervalMonth);
  EXPECT_EQ(IntervalPrecisionFromTypmod(458751), kIntervalFullPrecision);
}

}  // namespace
}  // namespace sb::types
