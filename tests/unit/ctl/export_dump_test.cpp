#include "coordinator/ctl/export_dump.h"

#include <gtest/gtest.h>

#include <sstream>

#include "shared/storage/document_key.h"
#include "tests/unit/ctl/ctl_test_util.h"

namespace sb::ctl {
namespace {

using testing::ExpectSqlError;
using testing::TempDataDir;

std::string Export(const TempDataDir& dir, ExportContent content = ExportContent::kAll,
                   std::string db = "postgres") {
  std::ostringstream out;
  ExportDatabase(storage::DataPaths(dir.root()), ExportOptions{db, content}, out);
  return out.str();
}

// The text between `from` and the next "\\.\n" (the COPY rows of one table).
std::string CopyRows(const std::string& dump, std::string_view table) {
  std::string header = "COPY public." + std::string(table) + " ";
  size_t at = dump.find(header);
  if (at == std::string::npos) return "<no COPY for " + std::string(table) + ">";
  size_t start = dump.find('\n', at) + 1;
  size_t end = dump.find("\\.\n", start);
  return dump.substr(start, end - start);
}

class ExportDumpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("postgres/_schema/nums.json", R"j({"name": "nums", "columns": [
        {"name": "id", "type": "integer", "primary_key": true, "not_null": true},
        {"name": "v", "type": "text", "default": "'dflt'"}]})j");
    // Key order is numeric, not the file names' order ("10" < "2").
    dir_.Write("postgres/nums/10.json", "{\"id\": 10, \"v\": \"ten\"}\n");
    dir_.Write("postgres/nums/2.json", "{\"id\": 2, \"v\": \"two\"}\n");
    dir_.Write("postgres/nums/9.json", "{\"id\": 9, \"v\": null}\n");
    // No key in the document: the file name is the key. No v: its constant default.
    dir_.Write("postgres/nums/5.json", "{}\n");
    // Temp and editor files are never rows.
    dir_.Write("postgres/nums/.6.json.swp", "garbage");
    dir_.Write("postgres/nums/.7.json.123.1.tmp", "{\"id\": 7}");
    dir_.Write("postgres/nums/notes.txt", "not a row");

    dir_.Write("postgres/_schema/b_parent.json", R"j({"name": "b_parent", "columns": [
        {"name": "id", "type": "integer", "primary_key": true, "not_null": true,
         "default": "nextval('b_parent_id_seq'::regclass)", "sequence": "b_parent_id_seq"}],
      "indexes": [{"name": "b_parent_idx", "columns": ["id"], "unique": true}]})j");
    dir_.Write("postgres/b_parent/3.json", "{\"id\": 3}\n");
    dir_.Write("postgres/_seq/b_parent_id_seq.json", "{\"last_value\": 100}\n");

    dir_.Write("postgres/_schema/a_child.json", R"j({"name": "a_child", "columns": [
        {"name": "id", "type": "bigint", "primary_key": true, "not_null": true,
         "identity": "by default", "sequence": "a_child_id_seq"},
        {"name": "parent", "type": "integer", "references": {"table": "b_parent"}}]})j");
    dir_.Write("postgres/a_child/7.json", "{\"id\": 7, \"parent\": 3}\n");

    dir_.Write("postgres/_schema/empty.json", R"j({"name": "empty", "columns": [
        {"name": "id", "type": "integer", "primary_key": true, "not_null": true,
         "default": "nextval('empty_id_seq'::regclass)", "sequence": "empty_id_seq"}]})j");
  }

  TempDataDir dir_;
};

TEST_F(ExportDumpTest, RowsComeInKeyOrderWithKeysAndDefaultsFilledIn) {
  std::string dump = Export(dir_);
  EXPECT_EQ(CopyRows(dump, "nums"), "2\ttwo\n5\tdflt\n9\t\\N\n10\tten\n");
  EXPECT_EQ(CopyRows(dump, "a_child"), "7\t3\n");
  EXPECT_EQ(CopyRows(dump, "empty"), "");
  EXPECT_NE(dump.find("SET standard_conforming_strings = on;"), std::string::npos);
  EXPECT_NE(dump.find("SET client_encoding = 'UTF8';"), std::string::npos);
}

TEST_F(ExportDumpTest, SequencesContinuePastTheFileAndTheRows) {
  std::string dump = Export(dir_);
  // The sequence file is ahead of the rows; the identity sequence has no file, so the rows
  // decide; an unused sequence keeps its start.
  EXPECT_NE(dump.find("SELECT pg_catalog.setval('public.b_parent_id_seq', 100, true);"),
            std::string::npos);
  EXPECT_NE(dump.find("SELECT pg_catalog.setval('public.a_child_id_seq', 7, true);"),
            std::string::npos);
  EXPECT_EQ(dump.find("empty_id_seq', "), std::string::npos);
  dir_.Write("postgres/_seq/b_parent_id_seq.json", "{\"last_value\": 1}\n");
  EXPECT_NE(Export(dir_).find("setval('public.b_parent_id_seq', 3, true);"), std::string::npos);
}

TEST_F(ExportDumpTest, SectionOrderTablesThenDataThenIndexesThenForeignKeys) {
  std::string dump = Export(dir_);
  size_t create_a = dump.find("CREATE TABLE public.a_child");
  size_t create_b = dump.find("CREATE TABLE public.b_parent");
  size_t create_n = dump.find("CREATE TABLE public.nums");
  size_t copy_a = dump.find("COPY public.a_child");
  size_t copy_b = dump.find("COPY public.b_parent");
  size_t index = dump.find("CREATE UNIQUE INDEX b_parent_idx ON public.b_parent");
  size_t fk = dump.find("ADD FOREIGN KEY (parent) REFERENCES public.b_parent;");
  ASSERT_NE(fk, std::string::npos);
  ASSERT_NE(index, std::string::npos);
  EXPECT_LT(create_a, create_b);  // definitions by name
  EXPECT_LT(create_b, create_n);
  EXPECT_LT(create_n, copy_b);
  EXPECT_LT(copy_b, copy_a);  // data: referenced tables first
  EXPECT_LT(copy_a, index);
  EXPECT_LT(index, fk);
  EXPECT_TRUE(dump.ends_with("\n--\n-- SmarterBase database dump complete\n--\n")) << dump;
}

TEST_F(ExportDumpTest, DdlOnlyAndDataOnly) {
  std::string ddl = Export(dir_, ExportContent::kDdlOnly);
  EXPECT_NE(ddl.find("CREATE TABLE public.nums"), std::string::npos);
  EXPECT_NE(ddl.find("CREATE UNIQUE INDEX"), std::string::npos);
  EXPECT_NE(ddl.find("FOREIGN KEY"), std::string::npos);
  EXPECT_EQ(ddl.find("COPY "), std::string::npos);
  EXPECT_EQ(ddl.find("setval"), std::string::npos);

  std::string data = Export(dir_, ExportContent::kDataOnly);
  EXPECT_EQ(data.find("CREATE "), std::string::npos);
  EXPECT_EQ(data.find("FOREIGN KEY"), std::string::npos);
  EXPECT_EQ(CopyRows(data, "nums"), "2\ttwo\n5\tdflt\n9\t\\N\n10\tten\n");
  EXPECT_NE(data.find("setval('public.b_parent_id_seq', 100, true)"), std::string::npos);
}

TEST_F(ExportDumpTest, UnknownDatabaseWritesNothing) {
  std::ostringstream out;
  std::string message = ExpectSqlError(SqlState::kInvalidCatalogName, [&] {
    ExportDatabase(storage::DataPaths(dir_.root()), ExportOptions{"nosuch", ExportContent::kAll},
                   out);
  });
  EXPECT_NE(message.find("database \"nosuch\" does not exist"), std::string::npos);
  EXPECT_EQ(out.str(), "");
}

TEST_F(ExportDumpTest, BrokenSchemaFileFailsBeforeWriting) {
  dir_.Write("postgres/_schema/zz.json",
             R"j({"name": "zz", "columns": [{"name": "a", "typ": "int"}]})j");
  std::ostringstream out;
  std::string message = ExpectSqlError(SqlState::kDataCorrupted, [&] {
    ExportDatabase(storage::DataPaths(dir_.root()), ExportOptions{}, out);
  });
  EXPECT_NE(message.find(dir_.Path("postgres/_schema/zz.json")), std::string::npos) << message;
  EXPECT_EQ(out.str(), "");
}

TEST_F(ExportDumpTest, BrokenDocumentFailsAndPoisonsThePartialDump) {
  dir_.Write("postgres/nums/3.json", "{\"id\": 3, \"v\": ");
  std::ostringstream out;
  std::string message = ExpectSqlError(SqlState::kDataCorrupted, [&] {
    ExportDatabase(storage::DataPaths(dir_.root()), ExportOptions{}, out);
  });
  EXPECT_NE(message.find(dir_.Path("postgres/nums/3.json")), std::string::npos) << message;
  std::string dump = out.str();
  // The COPY that was under way is closed, and loading then stops on an error.
  size_t copy = dump.find("COPY public.nums");
  ASSERT_NE(copy, std::string::npos);
  size_t end = dump.find("\\.\n", copy);
  ASSERT_NE(end, std::string::npos);
  EXPECT_NE(dump.find("RAISE EXCEPTION", end), std::string::npos);
  EXPECT_NE(dump.find("-- smarterbase-ctl export FAILED: "), std::string::npos);
  EXPECT_EQ(dump.find("dump complete"), std::string::npos);
}

TEST_F(ExportDumpTest, ValueOfTheWrongTypeFailsNamingColumnAndFile) {
  // A scalar of another kind would read through a cast; an object never does.
  dir_.Write("postgres/nums/4.json", "{\"id\": 4, \"v\": {\"x\": 12}}\n");
  std::ostringstream out;
  std::string message = ExpectSqlError(SqlState::kDataCorrupted, [&] {
    ExportDatabase(storage::DataPaths(dir_.root()), ExportOptions{}, out);
  });
  EXPECT_NE(message.find("column \"v\""), std::string::npos) << message;
  EXPECT_NE(message.find("4.json"), std::string::npos) << message;
}

TEST(ExportDumpOrderTest, CompositeKeysAndShortenedStemsSortByKeyValues) {
  TempDataDir dir;
  dir.Write("db/_schema/pairs.json", R"j({"name": "pairs", "columns": [
      {"name": "a", "type": "integer", "not_null": true},
      {"name": "b", "type": "text", "not_null": true}], "primary_key": ["a", "b"]})j");
  auto write = [&](int a, const std::string& b) {
    std::vector<types::Value> key = {types::Value::Int4(a), types::Value::Text(b)};
    dir.Write("db/pairs/" + storage::EncodeKeyStem(key) + ".json",
              "{\"a\": " + std::to_string(a) + ", \"b\": \"" + b + "\"}\n");
  };
  const std::string long_key(300, 'm');  // its file name is shortened with a hash
  write(1, "b");
  write(1, "a");
  write(0, "z");
  write(1, long_key);
  write(1, "n");
  std::ostringstream out;
  ExportDatabase(storage::DataPaths(dir.root()), ExportOptions{"db", ExportContent::kDataOnly},
                 out);
  EXPECT_EQ(CopyRows(out.str(), "pairs"), "0\tz\n1\ta\n1\tb\n1\t" + long_key + "\n1\tn\n");
}

TEST(ExportDumpOrderTest, HiddenRowKeyTablesExportWithoutTheKeyInFileOrder) {
  TempDataDir dir;
  dir.Write(
      "db/_schema/log.json",
      R"j({"name": "log", "columns": [{"name": "line", "type": "text"}], "row_key": "hidden"})j");
  dir.Write("db/log/019363e8-7c1a-7d5e-8f00-000000000002.json", "{\"line\": \"second\"}\n");
  dir.Write("db/log/019363e8-7c1a-7d5e-8f00-000000000001.json", "{\"line\": \"first\"}\n");
  std::ostringstream out;
  ExportDatabase(storage::DataPaths(dir.root()), ExportOptions{"db", ExportContent::kAll}, out);
  EXPECT_EQ(CopyRows(out.str(), "log"), "first\nsecond\n");
  EXPECT_NE(out.str().find("CREATE TABLE public.log (\n    line text\n);"), std::string::npos);
}

}  // namespace
}  // namespace sb::ctl
