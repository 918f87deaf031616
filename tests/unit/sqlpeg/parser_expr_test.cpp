// Expressions: literals, operators and PostgreSQL's precedence table, special forms.
#include <gtest/gtest.h>

#include "sqlpeg_test_util.h"

namespace sb::sql::testing {
namespace {

TEST(ParserExpr, ArithmeticPrecedence) {
  EXPECT_EQ(PrintExpr("1 + 2 * 3"), "(1 + (2 * 3))");
  EXPECT_EQ(PrintExpr("(1 + 2) * 3"), "((1 + 2) * 3)");
  EXPECT_EQ(PrintExpr("a - b - c"), "((a - b) - c)");
  EXPECT_EQ(PrintExpr("a / b * c % d"), "(((a / b) * c) % d)");
  // ^ is left-associative in PostgreSQL.
  EXPECT_EQ(PrintExpr("2 ^ 3 ^ 2"), "((2 ^ 3) ^ 2)");
  EXPECT_EQ(PrintExpr("a * b ^ c"), "(a * (b ^ c))");
}

TEST(ParserExpr, UnaryMinusBindsTighterThanPower) {
  // gram.y: UMINUS is above '^', and a minus is folded into a numeric constant.
  EXPECT_EQ(PrintExpr("-2 ^ 2"), "(-2 ^ 2)");
  std::vector<ParsedStatement> stmts = ParseSql("SELECT -2 ^ 2");
  const auto& item = *std::get<SelectStmt>(stmts[0].stmt.node).items[0].expr;
  const auto& op = std::get<BinaryOp>(item.node);
  EXPECT_EQ(op.op, "^");
  EXPECT_EQ(std::get<Literal>(op.left->node).text, "-2");
  EXPECT_EQ(PrintExpr("- x ^ 2"), "((- x) ^ 2)");
  EXPECT_EQ(PrintExpr("- x::int"), "(- CAST(x AS int4))");
  EXPECT_EQ(PrintExpr("-x COLLATE \"C\""), "((- x) COLLATE \"C\")");
  EXPECT_EQ(PrintExpr("- -2"), "2");
  EXPECT_EQ(PrintExpr("a - -1"), "(a - -1)");
}

TEST(ParserExpr, BooleanPrecedence) {
  EXPECT_EQ(PrintExpr("NOT a = b"), "(NOT (a = b))");
  EXPECT_EQ(PrintExpr("a OR b AND c"), "(a OR (b AND c))");
  EXPECT_EQ(PrintExpr("a AND NOT b OR c"), "((a AND (NOT b)) OR c)");
  EXPECT_EQ(PrintExpr("NOT NOT a"), "(NOT (NOT a))");
  EXPECT_EQ(PrintExpr("a and b or c and d"), "((a AND b) OR (c AND d))");
}

TEST(ParserExpr, CastAndComparison) {
  EXPECT_EQ(PrintExpr("x::int + 1"), "(CAST(x AS int4) + 1)");
  EXPECT_EQ(PrintExpr("a::regtype::text"), "CAST(CAST(a AS regtype) AS text)");
  EXPECT_EQ(PrintExpr("CAST(x AS double precision)"), "CAST(x AS float8)");
  EXPECT_EQ(PrintExpr("a || b = c"), "((a || b) = c)");
  EXPECT_EQ(PrintExpr("a != b"), "(a <> b)");
  EXPECT_EQ(PrintExpr("a <= b"), "(a <= b)");
}

TEST(ParserExpr, BetweenInLikeIs) {
  EXPECT_EQ(PrintExpr("a BETWEEN 1 AND 2 AND b"), "((a BETWEEN 1 AND 2) AND b)");
  EXPECT_EQ(PrintExpr("a NOT BETWEEN SYMMETRIC 1 AND 2 + 3"),
            "(a NOT BETWEEN SYMMETRIC 1 AND (2 + 3))");
  EXPECT_EQ(PrintExpr("x IN (1, 2)"), "(x IN (1, 2))");
  EXPECT_EQ(PrintExpr("x NOT IN (SELECT y FROM t)"), "(x NOT IN (SELECT y FROM t))");
  EXPECT_EQ(PrintExpr("a LIKE b || c ESCAPE d"), "(a LIKE (b || c) ESCAPE d)");
  EXPECT_EQ(PrintExpr("a NOT ILIKE 'x%'"), "(a NOT ILIKE 'x%')");
  EXPECT_EQ(PrintExpr("a ~~ 'x'"), "(a LIKE 'x')");
  EXPECT_EQ(PrintExpr("a IS NULL = b"), "((a IS NULL) = b)");
  EXPECT_EQ(PrintExpr("a = b IS NULL"), "((a = b) IS NULL)");
  EXPECT_EQ(PrintExpr("a IS NOT TRUE"), "(a IS NOT TRUE)");
  EXPECT_EQ(PrintExpr("a ISNULL"), "(a IS NULL)");
  EXPECT_EQ(PrintExpr("a NOTNULL"), "(a IS NOT NULL)");
  EXPECT_EQ(PrintExpr("a IS NOT DISTINCT FROM b"), "(a IS NOT DISTINCT FROM b)");
  EXPECT_EQ(PrintExpr("a SIMILAR TO 'x'"), "(a ~ similar_to_escape('x'))");
}

TEST(ParserExpr, AnyAllAndOperators) {
  EXPECT_EQ(PrintExpr("x = ANY($1::text[])"), "(x = ANY (CAST($1 AS text[])))");
  EXPECT_EQ(PrintExpr("x <> ALL (SELECT y FROM t)"), "(x <> ALL (SELECT y FROM t))");
  EXPECT_EQ(PrintExpr("a = ANY(b) AND c"), "((a = ANY (b)) AND c)");
  EXPECT_EQ(PrintExpr("x LIKE ANY (ARRAY['a'])"), "(x ~~ ANY (ARRAY['a']))");
  EXPECT_EQ(PrintExpr("a OPERATOR(pg_catalog.~) 'x'"), "(a ~ 'x')");
  EXPECT_EQ(PrintExpr("a @> b"), "(a @> b)");
  EXPECT_EQ(PrintExpr("1=-1"), "(1 = -1)");
  EXPECT_EQ(PrintExpr("a@-b"), "(a @- b)");
  EXPECT_EQ(PrintExpr("|/ 9"), "(|/ 9)");
  EXPECT_EQ(PrintExpr("a << 2 + 1"), "(a << (2 + 1))");
  EXPECT_EQ(PrintExpr("x AT TIME ZONE 'UTC'"), "timezone('UTC', x)");
}

TEST(ParserExpr, Literals) {
  EXPECT_EQ(PrintExpr("1.5"), "1.5");
  EXPECT_EQ(PrintExpr(".5"), ".5");
  EXPECT_EQ(PrintExpr("5."), "5.");
  EXPECT_EQ(PrintExpr("1e10"), "1e10");
  EXPECT_EQ(PrintExpr("'it''s'"), "'it''s'");
  EXPECT_EQ(PrintExpr("E'a\\tb\\\\'"), "E'a\\x09b\\\\'");
  EXPECT_EQ(PrintExpr("E'\\u00e9\\x41\\101'"),
            "'\xc3\xa9"
            "AA'");
  EXPECT_EQ(PrintExpr("U&'\\0041'"), "'A'");
  EXPECT_EQ(PrintExpr("$$a'b$$"), "'a''b'");
  EXPECT_EQ(PrintExpr("$tag$x$y$tag$"), "'x$y'");
  EXPECT_EQ(PrintExpr("'a'\n  'b'"), "'ab'");
  EXPECT_EQ(PrintExpr("true"), "true");
  EXPECT_EQ(PrintExpr("NULL"), "NULL");
  EXPECT_EQ(PrintExpr("$12"), "$12");

  std::vector<ParsedStatement> stmts = ParseSql("SELECT 42, 4.2");
  const auto& items = std::get<SelectStmt>(stmts[0].stmt.node).items;
  EXPECT_EQ(std::get<Literal>(items[0].expr->node).kind, Literal::Kind::kInteger);
  EXPECT_EQ(std::get<Literal>(items[1].expr->node).kind, Literal::Kind::kNumeric);
}

// The operand fast path for bare column names must leave every other word-led form alone.
TEST(ParserExpr, WordsThatAreNotPlainColumns) {
  EXPECT_EQ(PrintExpr("double precision '1.5'"), "CAST('1.5' AS float8)");
  EXPECT_EQ(PrintExpr("name 'abc'"), "CAST('abc' AS name)");
  EXPECT_EQ(PrintExpr("uuid $$x$$"), "CAST('x' AS uuid)");
  EXPECT_EQ(PrintExpr("E'a\\tb'"), "E'a\\x09b'");
  EXPECT_EQ(PrintExpr("e 'a'"), "CAST('a' AS e)");
  EXPECT_EQ(PrintExpr("lower(x)"), "lower(x)");
  EXPECT_EQ(PrintExpr("pg_catalog.lower (x)"), "pg_catalog.lower(x)");
  EXPECT_EQ(PrintExpr("t.x + y"), "(t.x + y)");
  EXPECT_EQ(PrintExpr("x[1]"), "(x)[1]");
  EXPECT_EQ(PrintExpr("value = key"), "(value = key)");
  EXPECT_EQ(PrintExpr("current_date"), "current_date");  // a column would print quoted
  EXPECT_EQ(PrintExpr("true"), "true");
}

TEST(ParserExpr, TypedLiteralsAndTypes) {
  EXPECT_EQ(PrintExpr("DATE '2024-01-01'"), "CAST('2024-01-01' AS date)");
  EXPECT_EQ(PrintExpr("timestamp with time zone 'x'"), "CAST('x' AS timestamptz)");
  EXPECT_EQ(PrintExpr("timestamp 'x'"), "CAST('x' AS timestamp)");
  EXPECT_EQ(PrintExpr("interval '1 day'"), "CAST('1 day' AS interval)");
  EXPECT_EQ(PrintExpr("x::varchar(20)"), "CAST(x AS varchar(20))");
  EXPECT_EQ(PrintExpr("x::character varying"), "CAST(x AS varchar)");
  EXPECT_EQ(PrintExpr("x::char(3)"), "CAST(x AS bpchar(3))");
  EXPECT_EQ(PrintExpr("x::\"char\""), "CAST(x AS \"char\")");
  EXPECT_EQ(PrintExpr("x::numeric(10,2)"), "CAST(x AS numeric(10, 2))");
  EXPECT_EQ(PrintExpr("x::decimal"), "CAST(x AS numeric)");
  EXPECT_EQ(PrintExpr("x::integer[]"), "CAST(x AS int4[])");
  EXPECT_EQ(PrintExpr("x::int ARRAY"), "CAST(x AS int4[])");
  EXPECT_EQ(PrintExpr("x::bigint"), "CAST(x AS int8)");
  EXPECT_EQ(PrintExpr("x::smallint"), "CAST(x AS int2)");
  EXPECT_EQ(PrintExpr("x::real"), "CAST(x AS float4)");
  EXPECT_EQ(PrintExpr("x::float(10)"), "CAST(x AS float4)");
  EXPECT_EQ(PrintExpr("x::float"), "CAST(x AS float8)");
  EXPECT_EQ(PrintExpr("x::boolean"), "CAST(x AS bool)");
  EXPECT_EQ(PrintExpr("x::timestamp(3) without time zone"), "CAST(x AS timestamp(3))");
  EXPECT_EQ(PrintExpr("x::time with time zone"), "CAST(x AS timetz)");
  EXPECT_EQ(PrintExpr("x::pg_catalog.int4"), "CAST(x AS pg_catalog.int4)");
  EXPECT_EQ(PrintExpr("x::UUID"), "CAST(x AS uuid)");
}

TEST(ParserExpr, SpecialFunctions) {
  EXPECT_EQ(PrintExpr("CURRENT_TIMESTAMP"), "current_timestamp");
  EXPECT_EQ(PrintExpr("current_timestamp(3)"), "current_timestamp(3)");
  EXPECT_EQ(PrintExpr("current_schema()"), "current_schema()");
  EXPECT_EQ(PrintExpr("CURRENT_SCHEMA"), "current_schema()");
  EXPECT_EQ(PrintExpr("SESSION_USER"), "session_user");
  EXPECT_EQ(PrintExpr("extract(YEAR FROM d)"), "extract('year', d)");
  EXPECT_EQ(PrintExpr("position('a' IN s)"), "position(s, 'a')");
  EXPECT_EQ(PrintExpr("substring(s FROM 2 FOR 3)"), "substring(s, 2, 3)");
  EXPECT_EQ(PrintExpr("substring(s FOR 3)"), "substring(s, 1, 3)");
  EXPECT_EQ(PrintExpr("trim(both 'x' from s)"), "btrim(s, 'x')");
  EXPECT_EQ(PrintExpr("trim(leading from s)"), "ltrim(s)");
  EXPECT_EQ(PrintExpr("coalesce(a, b)"), "coalesce(a, b)");
  EXPECT_EQ(PrintExpr("NULLIF(a, b)"), "nullif(a, b)");
  EXPECT_EQ(PrintExpr("left(s, 2)"), "left(s, 2)");
}

TEST(ParserExpr, FunctionCalls) {
  EXPECT_EQ(PrintExpr("count(*)"), "count(*)");
  EXPECT_EQ(PrintExpr("count(DISTINCT a)"), "count(DISTINCT a)");
  EXPECT_EQ(PrintExpr("pg_catalog.format_type(a, b)"), "pg_catalog.format_type(a, b)");
  EXPECT_EQ(PrintExpr("array_agg(a ORDER BY b DESC NULLS LAST) FILTER (WHERE c)"),
            "array_agg(a ORDER BY b DESC NULLS LAST) FILTER (WHERE c)");
  EXPECT_EQ(PrintExpr("row_number() OVER (PARTITION BY a ORDER BY b)"),
            "row_number() OVER (PARTITION BY a ORDER BY b)");
  EXPECT_EQ(PrintExpr("now()"), "now()");
}

TEST(ParserExpr, CompoundForms) {
  EXPECT_EQ(PrintExpr("CASE WHEN a THEN 1 ELSE 2 END"), "CASE WHEN a THEN 1 ELSE 2 END");
  EXPECT_EQ(PrintExpr("CASE x WHEN 1 THEN 'a' END"), "CASE x WHEN 1 THEN 'a' END");
  EXPECT_EQ(PrintExpr("ARRAY[1, 2]"), "ARRAY[1, 2]");
  EXPECT_EQ(PrintExpr("ARRAY[[1], [2]]"), "ARRAY[ARRAY[1], ARRAY[2]]");
  EXPECT_EQ(PrintExpr("ARRAY(SELECT 1)"), "ARRAY(SELECT 1)");
  EXPECT_EQ(PrintExpr("(SELECT 1)"), "(SELECT 1)");
  EXPECT_EQ(PrintExpr("EXISTS (SELECT 1)"), "EXISTS (SELECT 1)");
  EXPECT_EQ(PrintExpr("x[1]"), "(x)[1]");
  EXPECT_EQ(PrintExpr("(c.conkey)[1:2]"), "(c.conkey)[1:2]");
  EXPECT_EQ(PrintExpr("(f(x)).n"), "(f(x)).n");
  EXPECT_EQ(PrintExpr("(a, b)"), "ROW(a, b)");
  EXPECT_EQ(PrintExpr("ROW(1)"), "ROW(1)");
  EXPECT_EQ(PrintExpr("t.*"), "t.*");
  EXPECT_EQ(PrintExpr("s.t.a"), "s.t.a");
  EXPECT_EQ(PrintExpr("c.relname COLLATE pg_catalog.default"),
            "(c.relname COLLATE pg_catalog.\"default\")");
}

TEST(ParserExpr, Identifiers) {
  EXPECT_EQ(PrintExpr("FoO"), "foo");
  EXPECT_EQ(PrintExpr("\"FoO\""), "\"FoO\"");
  EXPECT_EQ(PrintExpr("\"a\"\"b\""), "\"a\"\"b\"");
  EXPECT_EQ(PrintExpr("\"select\""), "\"select\"");
  EXPECT_EQ(PrintExpr("selectx"), "selectx");
  // 63 bytes kept, the rest dropped, never in the middle of a UTF-8 character.
  std::string long_name(70, 'a');
  EXPECT_EQ(PrintExpr(long_name), std::string(63, 'a'));
  std::string utf8 = std::string(62, 'a') + "\xc3\xa9" + "zz";
  EXPECT_EQ(PrintExpr("\"" + utf8 + "\""), std::string(62, 'a'));
}

TEST(ParserExpr, CommentsAreWhitespace) {
  EXPECT_EQ(PrintExpr("1 /* c /* nested */ */ + 2 -- tail"), "(1 + 2)");
  EXPECT_EQ(PrintExpr("1--2"), "1");
}

TEST(ParserExpr, Locations) {
  std::vector<ParsedStatement> stmts = ParseSql("SELECT a + b");
  const auto& expr = *std::get<SelectStmt>(stmts[0].stmt.node).items[0].expr;
  EXPECT_EQ(expr.location, 9);  // at the operator, as PostgreSQL's A_Expr
  const auto& op = std::get<BinaryOp>(expr.node);
  EXPECT_EQ(op.left->location, 7);
  EXPECT_EQ(op.right->location, 11);
  EXPECT_EQ(stmts[0].stmt.location, 0);
}

}  // namespace
}  // namespace sb::sql::testing
