// The catalog follows hand edits of schema files: a change is seen at the next lookup, a file
// that stops parsing leaves its last valid version in force (with a warning), and a file that
// never parsed is an error.
#include "worker/catalog.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "shared/errors/sql_error.h"
#include "worker/executor/exec_context.h"

namespace sb::worker {
namespace {

class TempRoot {
 public:
  TempRoot() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sb_catalog_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
    std::filesystem::create_directories(path_ + "/app/_schema");
  }
  ~TempRoot() {
    std::error_code error;
    std::filesystem::remove_all(path_, error);
  }
  const std::string& path() const { return path_; }
  std::string Schema(const std::string& table) const {
    return path_ + "/app/_schema/" + table + ".json";
  }

  // Replaces the file by rename, as the server and many editors do (a new inode, so the
  // catalog's stat always sees the change even within one mtime tick).
  void Write(const std::string& table, const std::string& text) const {
    const std::string temp = Schema(table) + ".tmp";
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out << text;
    }
    std::filesystem::rename(temp, Schema(table));
  }

 private:
  std::string path_;
};

std::string UsersSchema(const std::string& extra_columns = "") {
  return R"({"name": "users", "columns": [
    {"name": "id", "type": "integer", "primary_key": true},
    {"name": "age", "type": "integer"})" +
         extra_columns + "]}\n";
}

std::vector<std::string> ColumnNames(const TableRef& ref) {
  std::vector<std::string> names;
  for (const auto& column : ref.schema->columns) names.push_back(column.name);
  return names;
}

class RecordingHooks : public SessionHooks {
 public:
  void DeallocateStatement(const std::string&) override {}
  void DeallocateAll() override {}
  void DiscardPlans() override {}
  void Notice(const SqlError& notice) override { notices.push_back(notice); }
  void Sleep(std::chrono::microseconds, asio::yield_context&) override {}
  void CheckForInterrupts() override {}
  std::vector<SqlError> notices;
};

TEST(CatalogTest, EditsAreSeenAtTheNextLookup) {
  TempRoot root;
  Catalog catalog(root.path());
  EXPECT_FALSE(catalog.FindTable("app", "users").has_value());
  root.Write("users", UsersSchema());
  std::optional<TableRef> ref = catalog.FindTable("app", "users");
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ColumnNames(*ref), (std::vector<std::string>{"id", "age"}));
  EXPECT_TRUE(ref->warning.empty());
  EXPECT_EQ(ref->schema_file, root.Schema("users"));
  // Unchanged file: the same parsed schema, not a new one.
  EXPECT_EQ(catalog.FindTable("app", "users")->schema, ref->schema);

  root.Write("users", UsersSchema(R"(, {"name": "city", "type": "text", "default": "'x'"})"));
  EXPECT_EQ(ColumnNames(*catalog.FindTable("app", "users")),
            (std::vector<std::string>{"id", "age", "city"}));
  std::filesystem::remove(root.Schema("users"));
  EXPECT_FALSE(catalog.FindTable("app", "users").has_value());
  EXPECT_THROW(catalog.GetTable("app", "users"), SqlError);
}

TEST(CatalogTest, BrokenFileKeepsTheLastValidVersionWithAWarning) {
  TempRoot root;
  Catalog catalog(root.path());
  root.Write("users", UsersSchema());
  std::shared_ptr<const storage::TableSchema> valid = catalog.GetTable("app", "users").schema;

  const std::vector<std::string> broken_versions = {
      UsersSchema().substr(0, 40),                                         // not JSON
      UsersSchema(R"(, {"name": "x", "type": "no_such_type"})"),           // unknown type
      R"({"name": "other", "columns": [{"name": "id", "type": "int"}]})",  // wrong table name
  };
  for (const std::string& text : broken_versions) {
    SCOPED_TRACE(text);
    root.Write("users", text);
    TableRef ref = catalog.GetTable("app", "users");
    EXPECT_EQ(ref.schema, valid);  // still in force
    EXPECT_EQ(ref.warning.rfind("schema file \"" + root.Schema("users") +
                                    "\" is broken, using the last valid version: invalid schema "
                                    "file \"" +
                                    root.Schema("users") + "\": ",
                                0),
              0u)
        << ref.warning;
    // Asked again without a change: the same answer, from the cache.
    EXPECT_EQ(catalog.GetTable("app", "users").warning, ref.warning);
  }

  // Fixed: the new version, no warning.
  root.Write("users", UsersSchema(R"(, {"name": "city", "type": "text"})"));
  TableRef fixed = catalog.GetTable("app", "users");
  EXPECT_TRUE(fixed.warning.empty()) << fixed.warning;
  EXPECT_EQ(ColumnNames(fixed), (std::vector<std::string>{"id", "age", "city"}));

  // Broken again: the last valid version is now the fixed one.
  root.Write("users", "{");
  TableRef again = catalog.GetTable("app", "users");
  EXPECT_EQ(again.schema, fixed.schema);
  EXPECT_FALSE(again.warning.empty());
}

TEST(CatalogTest, FileThatNeverParsedIsAnError) {
  TempRoot root;
  Catalog catalog(root.path());
  root.Write("users", "{\"name\": \"users\", \"columns\": [");
  for (int i = 0; i < 2; ++i) {  // also when asked again (cached)
    try {
      catalog.FindTable("app", "users");
      ADD_FAILURE() << "no error";
    } catch (const SqlError& error) {
      EXPECT_EQ(error.state(), SqlState::kDataCorrupted);
      EXPECT_NE(std::string(error.what()).find("invalid schema file \"" + root.Schema("users")),
                std::string::npos)
          << error.what();
    }
  }
  // Another process's catalog that saw the valid file keeps it; this one starts serving
  // once the file is fixed.
  root.Write("users", UsersSchema());
  EXPECT_TRUE(catalog.GetTable("app", "users").warning.empty());
}

// Each catalog (one per worker, one in the coordinator) keeps its own last valid version.
TEST(CatalogTest, CatalogsAreIndependent) {
  TempRoot root;
  Catalog early(root.path());
  root.Write("users", UsersSchema());
  early.GetTable("app", "users");
  root.Write("users", "not json");
  EXPECT_FALSE(early.GetTable("app", "users").warning.empty());
  Catalog late(root.path());
  EXPECT_THROW(late.GetTable("app", "users"), SqlError);
}

TEST(CatalogTest, SchemaWarningIsSentAsAWarningNotice) {
  RecordingHooks hooks;
  TableRef ref;
  SendSchemaWarning(ref, hooks);
  EXPECT_TRUE(hooks.notices.empty());
  ref.warning = "schema file \"x\" is broken, using the last valid version: bad";
  SendSchemaWarning(ref, hooks);
  ASSERT_EQ(hooks.notices.size(), 1u);
  EXPECT_EQ(hooks.notices[0].severity(), Severity::kWarning);
  EXPECT_EQ(hooks.notices[0].state(), SqlState::kWarning);
  EXPECT_EQ(std::string(hooks.notices[0].what()), ref.warning);
}

}  // namespace
}  // namespace sb::worker
