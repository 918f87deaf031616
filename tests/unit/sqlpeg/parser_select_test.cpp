// SELECT: FROM/joins, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT/OFFSET/FETCH, set
// operations, WITH, VALUES, locking, labels.
#include <gtest/gtest.h>

#include "sqlpeg_test_util.h"

namespace sb::sql::testing {
namespace {

TEST(ParserSelect, WithoutFrom) {
  EXPECT_EQ(Print("SELECT 1"), "SELECT 1");
  EXPECT_EQ(Print("select 1 x, 2 AS from, 3 \"Y\""), "SELECT 1 AS x, 2 AS \"from\", 3 AS \"Y\"");
  EXPECT_EQ(Print("SELECT"), "SELECT");
  EXPECT_EQ(Print("SELECT (1) AS a"), "SELECT 1 AS a");
}

TEST(ParserSelect, Clauses) {
  EXPECT_EQ(Print("SELECT title, priority FROM notes WHERE priority >= 1 AND done = false "
                  "ORDER BY priority DESC, title LIMIT 3"),
            "SELECT title, priority FROM notes WHERE ((priority >= 1) AND (done = false)) "
            "ORDER BY priority DESC, title LIMIT 3");
  EXPECT_EQ(Print("SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1"),
            "SELECT a, count(*) FROM t GROUP BY a HAVING (count(*) > 1)");
  EXPECT_EQ(Print("SELECT * FROM t OFFSET 1"), "SELECT * FROM t OFFSET 1");
  EXPECT_EQ(Print("SELECT * FROM t LIMIT ALL OFFSET 5 ROWS"), "SELECT * FROM t OFFSET 5");
  EXPECT_EQ(Print("SELECT * FROM t FETCH FIRST 3 ROWS ONLY"), "SELECT * FROM t LIMIT 3");
  EXPECT_EQ(Print("SELECT * FROM t FETCH NEXT ROW ONLY"), "SELECT * FROM t LIMIT 1");
  EXPECT_EQ(Print("SELECT * FROM t FOR UPDATE OF t SKIP LOCKED"), "SELECT * FROM t FOR UPDATE");
  EXPECT_EQ(Print("SELECT * FROM t LIMIT 1 FOR NO KEY UPDATE NOWAIT"),
            "SELECT * FROM t LIMIT 1 FOR UPDATE");
  EXPECT_EQ(Print("SELECT DISTINCT a FROM t"), "SELECT DISTINCT a FROM t");
  EXPECT_EQ(Print("SELECT DISTINCT ON (a) a, b FROM t"), "SELECT DISTINCT ON (a) a, b FROM t");
  EXPECT_EQ(Print("SELECT t.* FROM s.t"), "SELECT t.* FROM s.t");
}

TEST(ParserSelect, Joins) {
  EXPECT_EQ(Print("SELECT a FROM t1 JOIN t2 ON t1.id = t2.id LEFT OUTER JOIN t3 USING (x)"),
            "SELECT a FROM ((t1 JOIN t2 ON (t1.id = t2.id)) LEFT JOIN t3 USING (x))");
  EXPECT_EQ(Print("SELECT * FROM a, b CROSS JOIN c NATURAL JOIN d"),
            "SELECT * FROM a, ((b CROSS JOIN c) NATURAL JOIN d)");
  EXPECT_EQ(Print("SELECT * FROM a RIGHT JOIN b ON true FULL JOIN c ON false"),
            "SELECT * FROM ((a RIGHT JOIN b ON true) FULL JOIN c ON false)");
  EXPECT_EQ(Print("SELECT * FROM a JOIN b JOIN c ON x ON y"),
            "SELECT * FROM (a JOIN (b JOIN c ON x) ON y)");
  EXPECT_EQ(Print("SELECT * FROM (a JOIN b ON x) AS j"), "SELECT * FROM (a JOIN b ON x) AS j");
  EXPECT_EQ(Print("SELECT * FROM pg_catalog.pg_class c LEFT JOIN pg_namespace AS n ON "
                  "n.oid = c.relnamespace"),
            "SELECT * FROM (pg_catalog.pg_class AS c LEFT JOIN pg_namespace AS n ON "
            "(n.oid = c.relnamespace))");

  std::vector<ParsedStatement> stmts = ParseSql("SELECT * FROM a LEFT JOIN b ON a.x = b.x");
  const auto& from = std::get<SelectStmt>(stmts[0].stmt.node).from;
  ASSERT_EQ(from.size(), 1u);
  EXPECT_EQ(from[0].kind, FromItem::Kind::kJoin);
  EXPECT_EQ(from[0].join_type, FromItem::JoinType::kLeft);
  EXPECT_EQ(from[0].left->name, std::vector<std::string>{"a"});
  EXPECT_EQ(from[0].right->name, std::vector<std::string>{"b"});
}

TEST(ParserSelect, FromItems) {
  EXPECT_EQ(Print("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)"),
            "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)");
  EXPECT_EQ(Print("SELECT * FROM unnest(c.conkey) WITH ORDINALITY cols(colid, arridx)"),
            "SELECT * FROM unnest(c.conkey) WITH ORDINALITY AS cols(colid, arridx)");
  EXPECT_EQ(Print("SELECT * FROM (SELECT 1) s"), "SELECT * FROM (SELECT 1) AS s");
  EXPECT_EQ(Print("SELECT * FROM generate_series(1, 3) g"),
            "SELECT * FROM generate_series(1, 3) AS g");
  EXPECT_EQ(Print("TABLE t"), "SELECT * FROM t");
}

TEST(ParserSelect, SetOperations) {
  // INTERSECT binds tighter than UNION/EXCEPT; ORDER BY/LIMIT belong to the whole.
  EXPECT_EQ(Print("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4 "
                  "ORDER BY 1 LIMIT 2"),
            "((SELECT 1) UNION ((SELECT 2) INTERSECT (SELECT 3))) EXCEPT ALL (SELECT 4) "
            "ORDER BY 1 LIMIT 2");
  std::vector<ParsedStatement> stmts = ParseSql("SELECT 1 UNION ALL SELECT 2 ORDER BY 1");
  const auto& s = std::get<SelectStmt>(stmts[0].stmt.node);
  EXPECT_EQ(s.set_op, SelectStmt::kUnion);
  EXPECT_TRUE(s.set_all);
  EXPECT_EQ(s.order_by.size(), 1u);
  EXPECT_TRUE(s.set_left->order_by.empty());
  EXPECT_EQ(Print("(SELECT 1) UNION (SELECT 2 LIMIT 1)"), "(SELECT 1) UNION (SELECT 2 LIMIT 1)");
  EXPECT_EQ(Print("((SELECT 1))"), "SELECT 1");
}

TEST(ParserSelect, With) {
  EXPECT_EQ(Print("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) "
                  "SELECT * FROM r"),
            "WITH RECURSIVE r(n) AS ((SELECT 1) UNION ALL (SELECT (n + 1) FROM r WHERE "
            "(n < 5))) SELECT * FROM r");
  EXPECT_EQ(Print("WITH a AS (SELECT 1), b AS MATERIALIZED (SELECT 2) SELECT * FROM a, b"),
            "WITH a AS (SELECT 1), b AS (SELECT 2) SELECT * FROM a, b");
}

TEST(ParserSelect, Values) {
  std::vector<ParsedStatement> stmts = ParseSql("VALUES (1, 2), (3, 4)");
  const auto& s = std::get<SelectStmt>(stmts[0].stmt.node);
  ASSERT_EQ(s.values.size(), 2u);
  EXPECT_EQ(s.values[1].size(), 2u);
  EXPECT_EQ(Print("VALUES (1), (2) ORDER BY 1"), "VALUES (1), (2) ORDER BY 1");
}

TEST(ParserSelect, StatementSplitting) {
  std::string_view text = " ;;SELECT 1;\n  select 2 ; ; ";
  std::vector<ParsedStatement> stmts = ParseSql(text);
  ASSERT_EQ(stmts.size(), 2u);
  EXPECT_EQ(text.substr(stmts[0].begin, stmts[0].end - stmts[0].begin), "SELECT 1");
  EXPECT_EQ(text.substr(stmts[1].begin, stmts[1].end - stmts[1].begin), "select 2");
  EXPECT_EQ(stmts[1].stmt.location, stmts[1].begin);
  EXPECT_TRUE(ParseSql("").empty());
  EXPECT_TRUE(ParseSql(" ; -- nothing\n ;").empty());
  EXPECT_EQ(ParseSql("SELECT ';' ; SELECT $$;$$ /* ; */").size(), 2u);
}

}  // namespace
}  // namespace sb::sql::testing
