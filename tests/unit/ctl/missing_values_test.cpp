#include "coordinator/ctl/missing_values.h"

#include <gtest/gtest.h>

#include "shared/storage/column_type.h"
#include "tests/unit/ctl/ctl_test_util.h"

namespace sb::ctl {
namespace {

using testing::Parse;

storage::ColumnSchema Column(std::string_view type, std::string default_expr) {
  storage::ColumnSchema column;
  column.name = "c";
  column.type = *storage::ParseColumnType(type);
  column.default_expr = std::move(default_expr);
  return column;
}

types::Value ValueOf(std::string_view type, std::string default_expr) {
  MissingValue missing = MissingValueFor(Column(type, std::move(default_expr)));
  EXPECT_FALSE(missing.error.has_value()) << (missing.error ? missing.error->what() : "");
  return missing.value;
}

TEST(MissingValuesTest, NoDefaultIsNullOfTheColumnType) {
  types::Value value = ValueOf("integer", "");
  EXPECT_TRUE(value.IsNull());
  EXPECT_EQ(value.type(), types::kInt4);
}

TEST(MissingValuesTest, ConstantDefaultsAreEvaluatedForTheColumn) {
  EXPECT_EQ(ValueOf("text", "'user'"), types::Value::Text("user"));
  EXPECT_EQ(ValueOf("integer", "-5"), types::Value::Int4(-5));
  EXPECT_EQ(ValueOf("bigint", "+7"), types::Value::Int8(7));
  EXPECT_EQ(ValueOf("numeric(10,2)", "'1.5'::numeric"), Parse(types::kNumeric, "1.50"));
  EXPECT_EQ(ValueOf("numeric", "CAST('0' AS numeric)"), Parse(types::kNumeric, "0"));
  EXPECT_EQ(ValueOf("boolean", "true"), types::Value::Bool(true));
  EXPECT_EQ(ValueOf("double precision", "1.5"), types::Value::Float8(1.5));
  EXPECT_EQ(ValueOf("date", "'2024-02-29'"), Parse(types::kDate, "2024-02-29"));
  EXPECT_EQ(ValueOf("text[]", "'{a,b}'::text[]"), Parse(types::kTextArray, "{a,b}"));
  EXPECT_EQ(ValueOf("character varying(5)", "'ab'::character varying"),
            types::Value::Text("ab", types::kVarchar));
  EXPECT_TRUE(ValueOf("text", "NULL").IsNull());
}

TEST(MissingValuesTest, DefaultsThatDescribeInsertsReadAsNull) {
  for (std::string expr : {"now()", "gen_random_uuid7()", "nextval('s'::regclass)",
                           "CURRENT_TIMESTAMP", "1 + 1", "lower('X')"}) {
    types::Value value = ValueOf(expr == "gen_random_uuid7()" ? "uuid" : "text", expr);
    EXPECT_TRUE(value.IsNull()) << expr;
  }
}

TEST(MissingValuesTest, BrokenDefaultsAreKeptAsErrors) {
  MissingValue bad = MissingValueFor(Column("integer", "'abc'"));
  ASSERT_TRUE(bad.error.has_value());
  EXPECT_EQ(bad.error->state(), SqlState::kInvalidTextRepresentation);
  EXPECT_NE(std::string(bad.error->what()).find("column \"c\""), std::string::npos);
  MissingValue unparsable = MissingValueFor(Column("integer", "(("));
  EXPECT_TRUE(unparsable.error.has_value());
  MissingValue unknown_type = MissingValueFor(Column("integer", "'1'::nosuchtype"));
  EXPECT_TRUE(unknown_type.error.has_value());
}

TEST(MissingValuesTest, OnePerColumn) {
  storage::TableSchema schema;
  schema.name = "t";
  schema.columns = {Column("integer", "1"), Column("text", "")};
  std::vector<MissingValue> values = MissingValues(schema);
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[0].value, types::Value::Int4(1));
  EXPECT_TRUE(values[1].value.IsNull());
}

}  // namespace
}  // namespace sb::ctl
