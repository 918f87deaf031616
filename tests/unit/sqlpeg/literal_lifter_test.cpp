// LiftLiterals: which statements are lifted, where the parameters go, how literals are typed.
#include "sqlpeg/literal_lifter.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

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

// Every simple Query's text goes through the lifter: mutated and truncated statements must
// only ever be lifted or refused, never crash (run under ASan in the sanitizer builds).
TEST(LiteralLifter, MutatedStatementsAreLiftedOrRefusedNeverMisread) {
  const std::string corpus[] = {
      "SELECT id, name FROM t WHERE id = 42 AND s = 'it''s' LIMIT 10;",
      "UPDATE t SET n = n + 1.5e3, e = E'a\\nb' WHERE \"Id\" IN (1, 2) -- c\n",
      "INSERT INTO t VALUES ($$x$$, $tag$y$tag$, -7, .5) RETURNING *",
      "DELETE FROM t /* nested /* comment */ */ WHERE a <> 'x' AND b::int >= 3",
  };
  std::mt19937 random(12345);
  for (int round = 0; round < 20000; ++round) {
    std::string text = corpus[round % 4];
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < edits && !text.empty(); ++i) {
      const size_t at = random() % text.size();
      switch (random() % 4) {
        case 0:
          text[at] = static_cast<char>(random() % 256);
          break;
        case 1:
          text.erase(at, 1 + random() % 3);
          break;
        case 2:
          text.insert(at, 1, "'\"$;-/*.eE0"[random() % 12]);
          break;
        default:
          text.resize(at);
          break;
      }
    }
    std::optional<LiftedQuery> lifted = LiftLiterals(text);
    if (!lifted) continue;
    // The parameter numbers run 1..n in order, one per literal.
    size_t next = 1;
    for (size_t pos = lifted->text.find('$'); pos != std::string::npos;
         pos = lifted->text.find('$', pos + 1)) {
      const std::string number = "$" + std::to_string(next);
      if (lifted->text.compare(pos, number.size(), number) == 0) ++next;
    }
    EXPECT_GE(next - 1, lifted->literals.size()) << text;
  }
}

}  // namespace
}  // namespace sb::sql::testing
