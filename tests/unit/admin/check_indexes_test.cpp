// smarterbase-ctl's index half of check and rebuild-indexes' options (sb_ctl), next to the
// admin socket they talk to.
#include "coordinator/ctl/check_indexes.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "coordinator/ctl/ctl_options.h"
#include "coordinator/ctl/rebuild_indexes.h"
#include "coordinator/ctl/rebuild_options.h"

namespace sb::ctl {
namespace {

namespace fs = std::filesystem;

class CheckIndexesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sb_check_idx_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    Write("app/_schema/users.json", R"j({"name": "users", "columns": [
        {"name": "id", "type": "integer", "primary_key": true},
        {"name": "email", "type": "text", "unique": true},
        {"name": "role", "type": "text"}],
      "indexes": [{"name": "idx_role", "columns": ["role"]}]})j");
    Write("app/users/1.json", R"({"id": 1, "email": "a@x", "role": "admin"})");
    Write("app/users/2.json", R"({"id": 2, "email": "b@x", "role": "user"})");
    Write("app/users/3.json", R"({"id": 3, "role": "user"})");
    Write(
        "app/_schema/plain.json",
        R"j({"name": "plain", "columns": [{"name": "id", "type": "int", "primary_key": true}]})j");
    Write("app/plain/1.json", R"({"id": 1})");
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }

  void Write(const std::string& relative, std::string_view text) {
    fs::path path = root_ + "/" + relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::trunc) << text;
  }
  std::string Path(const std::string& relative) const { return root_ + "/" + relative; }

  CheckReport Check(bool running) {
    CheckReport report;
    CheckIndexSnapshots(storage::DataPaths(root_), std::nullopt, running, report);
    return report;
  }

  int Rebuild(std::string* out = nullptr) {
    std::ostringstream stdout_text, stderr_text;
    int status = RebuildIndexes(root_, RebuildOptions{}, stdout_text, stderr_text);
    if (out != nullptr) *out = stdout_text.str() + stderr_text.str();
    return status;
  }

  std::string root_;
};

TEST_F(CheckIndexesTest, NoSnapshotsYetIsNotAProblem) {
  CheckReport report = Check(false);
  EXPECT_TRUE(report.findings().empty()) << report.Format();
}

TEST_F(CheckIndexesTest, RebuildThenCheckIsClean) {
  std::string out;
  ASSERT_EQ(Rebuild(&out), 0) << out;
  EXPECT_EQ(out, "database app:\ntable plain: 1 rows, 0 indexes\ntable users: 3 rows, 2 indexes\n");
  EXPECT_TRUE(fs::exists(Path(".smarterbase/lock")));
  CheckReport report = Check(false);
  EXPECT_TRUE(report.findings().empty()) << report.Format();
}

TEST_F(CheckIndexesTest, DifferencesAreErrorsWhenStoppedAndWarningsWhenRunning) {
  ASSERT_EQ(Rebuild(), 0);
  Write("app/users/4.json", R"({"id": 4, "email": "d@x", "role": "guest"})");
  CheckReport stopped = Check(false);
  EXPECT_EQ(stopped.ErrorCount(), 2u) << stopped.Format();  // the email entry, the guest file
  EXPECT_EQ(stopped.WarningCount(), 0u);
  bool missing_entry = false, missing_file = false;
  for (const Finding& f : stopped.findings()) {
    if (f.path == Path("app/_idx/users/users_email_key.json") &&
        f.message == "missing entry \"d@x\": \"4\"") {
      missing_entry = true;
    }
    if (f.path == Path("app/_idx/users/idx_role/guest.json")) missing_file = true;
  }
  EXPECT_TRUE(missing_entry) << stopped.Format();
  EXPECT_TRUE(missing_file) << stopped.Format();
  CheckReport running = Check(true);
  EXPECT_EQ(running.ErrorCount(), 0u) << running.Format();
  EXPECT_EQ(running.WarningCount(), stopped.ErrorCount());
}

TEST_F(CheckIndexesTest, DuplicatesAreErrorsEvenWhileRunning) {
  Write("app/users/2.json", R"({"id": 2, "email": "a@x", "role": "user"})");
  for (bool running : {false, true}) {
    CheckReport report = Check(running);
    ASSERT_EQ(report.ErrorCount(), 1u) << report.Format();
    const Finding& f = report.findings()[0];
    EXPECT_EQ(f.path, Path("app/users/1.json"));
    EXPECT_EQ(f.message,
              "duplicate key (email)=(a@x) in unique index \"users_email_key\": "
              "document \"" +
                  Path("app/users/2.json") + "\" has the same value");
  }
}

TEST_F(CheckIndexesTest, SnapshotsOfTablesOrIndexesThatDoNotExist) {
  Write("app/_idx/plain/old.json", "{}\n");
  Write("app/_idx/plain/notes.txt", "mine");
  Write("app/_idx/plain/.old.json.swp", "");
  Write("app/_idx/dropped/x.json", "{}\n");
  CheckReport report = Check(false);
  ASSERT_EQ(report.ErrorCount(), 2u) << report.Format();
  EXPECT_EQ(report.findings()[0].path, Path("app/_idx/plain/old.json"));
  EXPECT_EQ(report.findings()[1].path, Path("app/_idx/dropped"));
  EXPECT_EQ(report.findings()[1].message, "index snapshots of a table that has no schema file");
}

TEST_F(CheckIndexesTest, BrokenDocumentsAreLeftToTheFileHalf) {
  Write("app/users/5.json", "{\"id\": 5, ");
  ASSERT_EQ(Rebuild(), 1);  // reported and left out
  CheckReport report = Check(false);
  EXPECT_TRUE(report.findings().empty()) << report.Format();
}

TEST(RebuildOptionsTest, TableDatabaseAndConfigFlags) {
  RebuildOptions options =
      ParseRebuildOptions({"--table", "users", "--database=app", "--data", "/d", "--config=c"});
  EXPECT_EQ(options.table, "users");
  EXPECT_EQ(options.database, "app");
  EXPECT_EQ(options.config_args, (std::vector<std::string>{"--data", "/d", "--config=c"}));
  EXPECT_EQ(ParseRebuildOptions({"--table=t"}).table, "t");
  EXPECT_FALSE(ParseRebuildOptions({}).table.has_value());
  EXPECT_THROW(ParseRebuildOptions({"--table"}), UsageError);
  EXPECT_THROW(ParseRebuildOptions({"--table="}), UsageError);
  EXPECT_THROW(ParseRebuildOptions({"--ddl-only"}), UsageError);
  EXPECT_THROW(ParseRebuildOptions({"--database"}), UsageError);
}

TEST(RebuildIndexesTest, AMissingDataDirectoryIsAnError) {
  std::ostringstream out, err;
  EXPECT_EQ(RebuildIndexes("/nonexistent/sb-data", RebuildOptions{}, out, err), 1);
  EXPECT_NE(err.str().find("does not exist"), std::string::npos) << err.str();
  EXPECT_FALSE(fs::exists("/nonexistent/sb-data"));
}

}  // namespace
}  // namespace sb::ctl
