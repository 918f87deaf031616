// ToString's promise: the printed form re-parses to the same tree (checked here through
// a second print, plus structural spot checks), which the catalog relies on to store
// default expressions as text.
#include <gtest/gtest.h>

#include "sqlpeg_test_util.h"

namespace sb::sql::testing {
namespace {

std::string Reprint(const std::string& sql) {
  std::string once = Print(sql);
  std::string twice = Print(once);
  EXPECT_EQ(once, twice) << sql;
  return once;
}

TEST(RoundTrip, Expressions) {
  const char* cases[] = {
      "SELECT -2 ^ 2, - x, NOT a, a @- b, |/ 9, - -2, 1 - -1",
      "SELECT 'it''s', E'tab\\there', E'back\\\\slash', $$dollar$$, 'é'",
      "SELECT x::int[], CAST(y AS character varying(3)), z::\"char\", w::double precision",
      "SELECT current_timestamp, current_date, localtime, current_user, current_schema",
      "SELECT extract(epoch FROM now()), position('a' IN b), substring(c FROM 1 FOR 2)",
      "SELECT trim(both ' ' FROM x), coalesce(a, b), nullif(a, b), greatest(1, 2)",
      "SELECT a BETWEEN 1 AND 2, a NOT BETWEEN SYMMETRIC b AND c, a IN (1, 2), a IS NOT NULL",
      "SELECT a LIKE b ESCAPE c, a NOT ILIKE b, a SIMILAR TO b, a IS DISTINCT FROM b",
      "SELECT a = ANY (b), a <> ALL (SELECT 1), x LIKE ANY (ARRAY['a'])",
      "SELECT CASE WHEN a THEN b WHEN c THEN d ELSE e END, CASE x WHEN 1 THEN 2 END",
      "SELECT ARRAY[1, 2], ARRAY[[1], [2]], ARRAY(SELECT 1), (SELECT 1), EXISTS (SELECT 1)",
      "SELECT x[1], x[1:2], x[:2], (f(x)).y, (a, b), ROW(1), t.*",
      "SELECT a COLLATE \"C\", b COLLATE pg_catalog.default",
      "SELECT count(*), count(DISTINCT a), string_agg(a, ',' ORDER BY b DESC)",
      "SELECT sum(a) FILTER (WHERE b), rank() OVER (PARTITION BY a ORDER BY b NULLS FIRST)",
      "SELECT x AT TIME ZONE 'UTC', $1, $2::text, \"Weird\"\"Name\", \"select\"",
      "SELECT left(s, 1), right(s, 1), \"left\"(s, 1)",
  };
  for (const char* sql : cases) Reprint(sql);
}

TEST(RoundTrip, Statements) {
  const char* cases[] = {
      "SELECT DISTINCT ON (a) a FROM t AS x(a) LEFT JOIN u USING (a) WHERE a > 1 GROUP BY a "
      "HAVING count(*) > 1 ORDER BY a DESC LIMIT 10 OFFSET 2 FOR UPDATE",
      "WITH RECURSIVE r AS (SELECT 1 UNION SELECT 2) SELECT * FROM r, unnest(x) WITH ORDINALITY",
      "INSERT INTO t (a) VALUES (1), (DEFAULT) ON CONFLICT (a) DO UPDATE SET a = 2 RETURNING *",
      "UPDATE t SET a = DEFAULT FROM u WHERE t.id = u.id RETURNING a AS b",
      "DELETE FROM t USING u WHERE t.id = u.id",
      "CREATE TABLE t (id serial PRIMARY KEY, a text NOT NULL DEFAULT 'x' CHECK (a <> ''), "
      "b int REFERENCES u (id) ON DELETE CASCADE, UNIQUE (a, b))",
      "CREATE UNIQUE INDEX i ON t USING btree (a DESC, (lower(b))) WHERE c",
      "ALTER TABLE t ADD COLUMN c int DEFAULT 0, ALTER COLUMN d TYPE text, DROP COLUMN e",
      "DROP TABLE IF EXISTS a, b CASCADE",
      "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY",
      "SET search_path TO public, '$user'",
      "SET TIME ZONE INTERVAL '+02:00' HOUR TO MINUTE",
      "PREPARE q (int) AS UPDATE t SET a = $1",
      "EXPLAIN SELECT 1",
  };
  for (const char* sql : cases) Reprint(sql);
}

TEST(RoundTrip, DefaultExpressionsStoredAsText) {
  // The lead's catalog writes ToString(default) to the schema file and parses it back.
  const char* defaults[] = {"now()",
                            "gen_random_uuid()",
                            "'{}'::jsonb",
                            "0",
                            "-1",
                            "false",
                            "CURRENT_TIMESTAMP",
                            "nextval('t_id_seq'::regclass)",
                            "'active'::character varying",
                            "(gen_random_uuid())"};
  for (const char* d : defaults) {
    std::vector<ParsedStatement> stmts =
        ParseSql(std::string("CREATE TABLE t (c text DEFAULT ") + d + ")");
    const auto& create = std::get<CreateTableStmt>(stmts[0].stmt.node);
    std::string text = ToString(*create.columns[0].default_value);
    std::vector<ParsedStatement> back = ParseSql("CREATE TABLE t (c text DEFAULT " + text + ")");
    const auto& again = std::get<CreateTableStmt>(back[0].stmt.node);
    EXPECT_EQ(ToString(*again.columns[0].default_value), text) << d;
  }
}

TEST(RoundTrip, QuotingHelpers) {
  EXPECT_EQ(QuoteIdentifier("abc"), "abc");
  EXPECT_EQ(QuoteIdentifier("Abc"), "\"Abc\"");
  EXPECT_EQ(QuoteIdentifier("select"), "\"select\"");
  EXPECT_EQ(QuoteIdentifier("name"), "name");  // unreserved keyword
  EXPECT_EQ(QuoteIdentifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteIdentifier(""), "\"\"");
  EXPECT_EQ(QuoteString("it's"), "'it''s'");
  EXPECT_EQ(QuoteString("a\\b"), "E'a\\\\b'");
  EXPECT_EQ(QuoteString("a\nb"), "E'a\\x0ab'");
}

}  // namespace
}  // namespace sb::sql::testing
