// Syntax errors: PostgreSQL's messages, SQLSTATE 42601 and 1-based character positions;
// lexical errors; hostile input (deep nesting, junk bytes) never crashes.
#include <gtest/gtest.h>

#include <string>

#include "sqlpeg_test_util.h"

namespace sb::sql::testing {
namespace {

void ExpectSyntaxError(std::string_view sql, std::string_view message, int position) {
  ErrorInfo e = ErrorOf(sql);
  ASSERT_TRUE(e.thrown) << sql;
  EXPECT_EQ(e.code, "42601") << sql;
  EXPECT_EQ(e.message, message) << sql;
  EXPECT_EQ(e.position, position) << sql;
}

TEST(ParserErrors, AtOrNear) {
  ExpectSyntaxError("SELECT 1 +;", "syntax error at or near \";\"", 11);
  ExpectSyntaxError("SELEC 1", "syntax error at or near \"SELEC\"", 1);
  ExpectSyntaxError("selectx 1", "syntax error at or near \"selectx\"", 1);
  ExpectSyntaxError("SELECT 1 from", "syntax error at end of input", 14);
  ExpectSyntaxError("SELECT * FROM t WHERE", "syntax error at end of input", 22);
  ExpectSyntaxError("SELECT (1", "syntax error at end of input", 10);
  ExpectSyntaxError("SELECT 1)", "syntax error at or near \")\"", 9);
  ExpectSyntaxError("SELECT * FROM user", "syntax error at or near \"user\"", 15);
  ExpectSyntaxError("SELECT 1; SELEC 2", "syntax error at or near \"SELEC\"", 11);
  ExpectSyntaxError("INSERT INTO t VALUES (1,", "syntax error at end of input", 25);
  ExpectSyntaxError("SELECT 'x' 'y'", "syntax error at or near \"'y'\"", 12);
}

TEST(ParserErrors, PositionsCountCharacters) {
  // "é" is two bytes but one character.
  ExpectSyntaxError("SELECT 'é' +;", "syntax error at or near \";\"", 13);
  EXPECT_EQ(CharPosition("aé b", 4), 4);
  EXPECT_EQ(CharPosition("abc", 0), 1);
  EXPECT_EQ(CharPosition("abc", 99), 4);
}

TEST(ParserErrors, NonAssociative) {
  ExpectSyntaxError("SELECT a = b = c", "syntax error at or near \"=\"", 14);
  ExpectSyntaxError("SELECT a < b > c", "syntax error at or near \">\"", 14);
  ExpectSyntaxError("SELECT a LIKE b IN (1)", "syntax error at or near \"IN\"", 17);
  ExpectSyntaxError("SELECT a IS DISTINCT FROM b IS NULL", "syntax error at or near \"IS\"", 29);
}

TEST(ParserErrors, Lexical) {
  ExpectSyntaxError("SELECT 'abc", "unterminated quoted string at or near \"'abc\"", 8);
  ExpectSyntaxError("SELECT \"abc", "unterminated quoted identifier at or near \"\"abc\"", 8);
  ExpectSyntaxError("SELECT $$abc", "unterminated dollar-quoted string at or near \"$$abc\"", 8);
  ExpectSyntaxError("SELECT 1 /* x", "unterminated /* comment at or near \"/* x\"", 10);
  ExpectSyntaxError("SELECT 12abc", "trailing junk after numeric literal at or near \"12abc\"", 8);
  ExpectSyntaxError("SELECT $1abc", "trailing junk after parameter at or near \"$1abc\"", 8);
  ExpectSyntaxError("SELECT E'abc\\'", "unterminated quoted string at or near \"E'abc\\'\"", 8);
}

TEST(ParserErrors, SemanticChecksInGrammar) {
  ErrorInfo e = ErrorOf("SELECT 1 LIMIT 1 LIMIT 2");
  EXPECT_EQ(e.message, "multiple LIMIT clauses not allowed");
  EXPECT_EQ(e.position, 18);
  e = ErrorOf("VALUES (1), (1, 2)");
  EXPECT_EQ(e.message, "VALUES lists must all be the same length");
}

TEST(ParserErrors, DeepNestingIsRefused) {
  std::string deep = "SELECT " + std::string(5000, '(') + "1" + std::string(5000, ')');
  ErrorInfo e = ErrorOf(deep);
  ASSERT_TRUE(e.thrown);
  EXPECT_EQ(e.code, "54001");

  std::string ok = "SELECT " + std::string(40, '(') + "1" + std::string(40, ')');
  EXPECT_EQ(Print(ok), "SELECT 1");

  std::string nots = "SELECT ";
  for (int i = 0; i < 5000; ++i) nots += "NOT ";
  nots += "true";
  EXPECT_EQ(ErrorOf(nots).code, "54001");

  std::string selects;
  for (int i = 0; i < 3000; ++i) selects += "(";
  selects += "SELECT 1";
  for (int i = 0; i < 3000; ++i) selects += ")";
  EXPECT_EQ(ErrorOf(selects).code, "54001");

  std::string arrays = "SELECT ARRAY" + std::string(3000, '[') + "1" + std::string(3000, ']');
  EXPECT_EQ(ErrorOf(arrays).code, "54001");

  // Many NOTs side by side are fine: only nesting counts.
  std::string flat = "SELECT true";
  for (int i = 0; i < 500; ++i) flat += " AND NOT false";
  EXPECT_FALSE(ErrorOf(flat).thrown);
}

TEST(ParserErrors, NestedParenthesesStayFast) {
  // Each level could be a parenthesised SELECT or an expression: must not go exponential.
  std::string sql = "SELECT ";
  for (int i = 0; i < 60; ++i) sql += "(";
  sql += "SELECT 1";
  for (int i = 0; i < 60; ++i) sql += ") + 1";
  EXPECT_FALSE(ErrorOf(sql).thrown);
}

TEST(ParserErrors, JunkNeverCrashes) {
  const std::string samples[] = {std::string("\0\0\0", 3),
                                 "\xff\xfe",
                                 "'",
                                 "\"",
                                 "$",
                                 "$1",
                                 "::",
                                 "(((",
                                 ")))",
                                 "[",
                                 "SELECT \xc3",
                                 "SELECT 1 ::",
                                 "SELECT ARRAY[",
                                 "CREATE TABLE",
                                 "E'\\",
                                 "U&'",
                                 "--",
                                 "/*",
                                 "SELECT $$",
                                 "SELECT 1e",
                                 "SELECT .",
                                 "SELECT a.",
                                 "SELECT t.*.x",
                                 ";;;",
                                 "x"};
  for (const std::string& s : samples) {
    ErrorInfo e = ErrorOf(s);
    if (e.thrown) {
      EXPECT_FALSE(e.code.empty());
      EXPECT_GE(e.position, 1) << s;
    }
  }
  // A pseudo-random byte soup.
  uint32_t seed = 12345;
  for (int round = 0; round < 300; ++round) {
    std::string soup;
    for (int i = 0; i < 40; ++i) {
      seed = seed * 1103515245u + 12345u;
      static constexpr char kAlphabet[] = "SELECT FROM WHERE (),.;:'\"$1e+-*/<>=!~@#[]aZ_ \n\t";
      soup += kAlphabet[(seed >> 16) % (sizeof(kAlphabet) - 1)];
    }
    ErrorOf(soup);  // must return or throw SqlError, nothing else
  }
}

}  // namespace
}  // namespace sb::sql::testing
