// LiftLiterals: which statements are lifted, where the parameters go, how literals are typed.
#include "sqlpeg/literal_lifter.h"

#include <gtest/gtest.h>

namespace sb::sql::testing {
namespace {

using Kind = LiftedLiteral::Kind;

TEST(LiteralLifter, NumbersAndStringsBecomeParametersInOrder) {
  auto lifted = LiftLiterals("SELECT a, 'x' FROM t WHERE id = 42 AND n > 1.5 LIMIT 10;");
  ASSERT_TRUE(lifted);
  EXPECT_EQ(lifted->text, "SELECT a, $1 FROM t WHERE id = $2 AND n > $3 LIMIT $4;");
  ASSERT_EQ(lifted->literals.size(), 4u);
  EXPECT_EQ(lifted->literals[0].kind, Kind::kString);
  EXPECT_EQ(lifted->literals[0].value, "x");
  EXPECT_EQ(lifted->literals[1].kind, Kind::kInt4);
  EXPECT_EQ(lifted->literals[1].value, "42");
  EXPECT_EQ(lifted->literals[2].kind, Kind::kNumeric);
  EXPECT_EQ(lifted->literals[3].value, "10");
}

TEST(LiteralLifter, IntegersAreTypedByMagnitudeAsPostgreSQLDoes) {
  auto lifted = LiftLiterals("SELECT 2147483647, 2147483648, 9223372036854775808, .5, 1e3");
  ASSERT_TRUE(lifted);
  ASSERT_EQ(lifted->literals.size(), 5u);
  EXPECT_EQ(lifted->literals[0].kind, Kind::kInt4);
  EXPECT_EQ(lifted->literals[1].kind, Kind::kInt8);
  EXPECT_EQ(lifted->literals[2].kind, Kind::kNumeric);
  EXPECT_EQ(lifted->literals[3].kind, Kind::kNumeric);
  EXPECT_EQ(lifted->literals[4].kind, Kind::kNumeric);
  EXPECT_EQ(lifted->literals[4].value, "1e3");
}

TEST(LiteralLifter, StringValuesAreDecodedAndTheRestIsKeptAsWritten) {
  auto lifted = LiftLiterals(
      "UPDATE t SET s = 'it''s', e = E'a\\nb', d = $$x'y$$ /* c */ WHERE \"Id\"=7 -- end\n");
  ASSERT_TRUE(lifted);
  EXPECT_EQ(lifted->text, "UPDATE t SET s = $1, e = $2, d = $3 /* c */ WHERE \"Id\"=$4 -- end\n");
  EXPECT_EQ(lifted->literals[0].value, "it's");
  EXPECT_EQ(lifted->literals[1].value, "a\nb");
  EXPECT_EQ(lifted->literals[2].value, "x'y");
  auto cast = LiftLiterals("SELECT '5'::int, x::text FROM t");
  ASSERT_TRUE(cast);
  EXPECT_EQ(cast->text, "SELECT $1::int, x::text FROM t");
}

TEST(LiteralLifter, InsertValuesIsLiftedButNestedQueriesAreNot) {
  auto insert = LiftLiterals("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y') RETURNING id");
  ASSERT_TRUE(insert);
  EXPECT_EQ(insert->text, "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) RETURNING id");
  EXPECT_FALSE(LiftLiterals("INSERT INTO t SELECT 1"));
  EXPECT_FALSE(LiftLiterals("SELECT a FROM t WHERE a IN (SELECT b FROM u)"));
  EXPECT_FALSE(LiftLiterals("SELECT 1 UNION SELECT 2"));
  EXPECT_FALSE(LiftLiterals("WITH x AS (SELECT 1) SELECT * FROM x"));
  EXPECT_FALSE(LiftLiterals("VALUES (1)"));
  EXPECT_FALSE(LiftLiterals("(SELECT 1)"));
}

TEST(LiteralLifter, OtherStatementsAndOddTextAreLeftAlone) {
  EXPECT_FALSE(LiftLiterals("SET x = 1"));
  EXPECT_FALSE(LiftLiterals("CREATE TABLE t (a varchar(10))"));
  EXPECT_FALSE(LiftLiterals("SELECT 1; SELECT 2"));
  EXPECT_FALSE(LiftLiterals("SELECT $1"));
  EXPECT_FALSE(LiftLiterals("SELECT 'unterminated"));
  EXPECT_FALSE(LiftLiterals("SELECT 1 /* unterminated"));
  EXPECT_FALSE(LiftLiterals("SELECT 12abc"));
  EXPECT_FALSE(LiftLiterals("SELECT B'101'"));
  EXPECT_FALSE(LiftLiterals("SELECT U&'x'"));
  EXPECT_FALSE(LiftLiterals(""));
  EXPECT_FALSE(LiftLiterals("   "));
  EXPECT_FALSE(LiftLiterals(std::string(5000, ' ') + "SELECT 1"));
  std::string many = "SELECT 0";
  for (int i = 0; i < 100; ++i) many += ", 1";
  EXPECT_FALSE(LiftLiterals(many));
}

TEST(LiteralLifter, StatementWithoutLiteralsIsStillLifted) {
  auto lifted = LiftLiterals("select * from t order by id desc limit all");
  ASSERT_TRUE(lifted);
  EXPECT_EQ(lifted->text, "select * from t order by id desc limit all");
  EXPECT_TRUE(lifted->literals.empty());
}

}  // namespace
}  // namespace sb::sql::testing
