#include "coordinator/ctl/check_files.h"

#include <gtest/gtest.h>

#include "tests/unit/ctl/ctl_test_util.h"

namespace sb::ctl {
namespace {

using testing::ExpectSqlError;
using testing::TempDataDir;

class CheckFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("app/_schema/users.json", R"j({"name": "users", "columns": [
        {"name": "id", "type": "integer", "primary_key": true, "not_null": true},
        {"name": "name", "type": "text"}, {"name": "age", "type": "integer"}]})j");
    dir_.Write("app/users/1.json", "{\"id\": 1, \"name\": \"ann\", \"age\": 30}\n");
    dir_.Write("app/users/2.json", "{\"name\": \"bob\"}\n");  // key from the file name
    dir_.Write(
        "app/_schema/log.json",
        R"j({"name": "log", "columns": [{"name": "l", "type": "text"}], "row_key": "hidden"})j");
    dir_.Write("app/log/019363e8-7c1a-7d5e-8f00-1b2c3d4e5f60.json", "{\"l\": \"x\"}\n");
    dir_.Write("app/_seq/users_id_seq.json", "{\"last_value\": 2}\n");
    dir_.Write(
        "postgres/_schema/empty.json",
        R"j({"name": "empty", "columns": [{"name": "id", "type": "int", "primary_key": true}]})j");
    // Ignored like the server ignores them.
    dir_.Write("app/users/.1.json.swp", "x");
    dir_.Write("app/users/.1.json.99.1.tmp", "{");
    dir_.Write("app/users/1.json~", "{");
    dir_.Write("app/users/README.txt", "hello");
    dir_.Write("app/.git/config", "x");
    dir_.Write(".smarterbase/lock", "123");
  }

  CheckReport Run(std::optional<std::string> db = std::nullopt) {
    CheckReport report;
    CheckDataDirectory(storage::DataPaths(dir_.root()), db, report);
    return report;
  }

  // The findings about one file.
  std::vector<std::string> About(const CheckReport& report, std::string_view relative) {
    std::vector<std::string> messages;
    for (const Finding& f : report.findings()) {
      if (f.path == dir_.Path(relative)) messages.push_back(f.message);
    }
    return messages;
  }

  TempDataDir dir_;
};

TEST_F(CheckFilesTest, CleanDirectoryHasNoProblems) {
  CheckReport report = Run();
  EXPECT_TRUE(report.findings().empty()) << report.Format();
  EXPECT_EQ(report.databases, 2u);
  EXPECT_EQ(report.tables, 3u);
  EXPECT_EQ(report.documents, 3u);
  EXPECT_EQ(report.ExitStatus(), 0);
  EXPECT_EQ(report.Format(), "check: 2 databases, 3 tables, 3 documents: no problems\n");
}

TEST_F(CheckFilesTest, OneDatabaseOnly) {
  CheckReport report = Run("postgres");
  EXPECT_EQ(report.databases, 1u);
  EXPECT_EQ(report.tables, 1u);
  ExpectSqlError(SqlState::kInvalidCatalogName, [&] { Run("nosuch"); });
}

TEST_F(CheckFilesTest, BrokenDocumentsAreReportedWithTheirError) {
  dir_.Write("app/users/3.json", "{\"id\": 3, \"name\": ");
  dir_.Write("app/users/4.json", "{\"id\": 4, \"age\": \"old\"}\n");
  dir_.Write("app/users/5.json", "[1]\n");
  CheckReport report = Run();
  EXPECT_EQ(report.ErrorCount(), 3u) << report.Format();
  ASSERT_EQ(About(report, "app/users/3.json").size(), 1u);
  EXPECT_NE(About(report, "app/users/3.json")[0].find("invalid JSON"), std::string::npos);
  ASSERT_EQ(About(report, "app/users/4.json").size(), 1u);
  EXPECT_NE(About(report, "app/users/4.json")[0].find("column \"age\""), std::string::npos);
  EXPECT_NE(About(report, "app/users/4.json")[0].find("\"old\""), std::string::npos);
  ASSERT_EQ(About(report, "app/users/5.json").size(), 1u);
  EXPECT_EQ(report.documents, 6u);
  EXPECT_EQ(report.ExitStatus(), 1);
}

TEST_F(CheckFilesTest, FileNamesThatAreNotKeys) {
  dir_.Write("app/users/007.json", "{\"id\": 7}\n");
  dir_.Write("app/users/abc.json", "{\"name\": \"x\"}\n");
  dir_.Write("app/log/not-a-uuid.json", "{\"l\": \"x\"}\n");
  CheckReport report = Run();
  std::vector<std::string> seven = About(report, "app/users/007.json");
  ASSERT_EQ(seven.size(), 1u) << report.Format();
  EXPECT_NE(seven[0].find("not a valid key"), std::string::npos);
  EXPECT_NE(seven[0].find("\"7.json\""), std::string::npos) << seven[0];
  // No key in the document and none in the name: both problems are reported.
  EXPECT_EQ(About(report, "app/users/abc.json").size(), 2u) << report.Format();
  ASSERT_EQ(About(report, "app/log/not-a-uuid.json").size(), 1u);
  EXPECT_NE(About(report, "app/log/not-a-uuid.json")[0].find("UUID"), std::string::npos);
}

TEST_F(CheckFilesTest, KeyColumnsThatDisagreeWithTheFileName) {
  dir_.Write("app/users/8.json", "{\"id\": 9}\n");
  dir_.Write("app/users/10.json", "{\"id\": null}\n");
  CheckReport report = Run();
  std::vector<std::string> eight = About(report, "app/users/8.json");
  ASSERT_EQ(eight.size(), 1u) << report.Format();
  EXPECT_NE(eight[0].find("(id)=(9) disagree"), std::string::npos) << eight[0];
  EXPECT_NE(eight[0].find("\"9.json\""), std::string::npos);
  ASSERT_EQ(About(report, "app/users/10.json").size(), 1u) << report.Format();
  EXPECT_NE(About(report, "app/users/10.json")[0].find("(id)=(null)"), std::string::npos);
}

TEST_F(CheckFilesTest, SchemaFilesThatDoNotParseOrAreMisnamed) {
  dir_.Write("app/_schema/bad.json",
             R"j({"name": "bad", "columns": [{"name": "a", "typ": "int"}]})j");
  dir_.Write("app/_schema/Users.json", R"j({"name": "Users", "columns": []})j");
  dir_.Write("app/_schema/other.json", R"j({"name": "different", "columns": []})j");
  dir_.Write("app/bad/1.json", "{}");  // documents of a broken table are not checked again
  CheckReport report = Run();
  std::vector<std::string> bad = About(report, "app/_schema/bad.json");
  ASSERT_EQ(bad.size(), 1u) << report.Format();
  EXPECT_NE(bad[0].find("unknown key \"typ\""), std::string::npos) << bad[0];
  EXPECT_NE(bad[0].find("line 1"), std::string::npos) << bad[0];
  ASSERT_EQ(About(report, "app/_schema/Users.json").size(), 1u);
  EXPECT_NE(About(report, "app/_schema/Users.json")[0].find("%55sers.json"), std::string::npos);
  ASSERT_EQ(About(report, "app/_schema/other.json").size(), 1u);
  EXPECT_NE(About(report, "app/_schema/other.json")[0].find("\"different\""), std::string::npos);
  EXPECT_TRUE(About(report, "app/bad").empty());
  EXPECT_EQ(report.ErrorCount(), 3u) << report.Format();
  EXPECT_EQ(report.tables, 3u);
}

TEST_F(CheckFilesTest, OrphanAndUndecodableFolders) {
  dir_.Write("app/orphan/1.json", "{}");
  dir_.MakeDir("app/Orders");
  dir_.MakeDir("Bad DB");
  CheckReport report = Run();
  ASSERT_EQ(About(report, "app/orphan").size(), 1u) << report.Format();
  EXPECT_NE(About(report, "app/orphan")[0].find("no schema file"), std::string::npos);
  ASSERT_EQ(About(report, "app/Orders").size(), 1u);
  EXPECT_NE(About(report, "app/Orders")[0].find("does not decode"), std::string::npos);
  ASSERT_EQ(About(report, "Bad DB").size(), 1u);
  EXPECT_NE(About(report, "Bad DB")[0].find("database name"), std::string::npos);
  EXPECT_EQ(report.ErrorCount(), 3u) << report.Format();
}

TEST_F(CheckFilesTest, BrokenSequenceFiles) {
  dir_.Write("app/_seq/users_id_seq.json", "{\"last_value\": \"x\"}\n");
  dir_.Write("app/_seq/Bad.json", "{\"last_value\": 1}\n");
  CheckReport report = Run();
  ASSERT_EQ(About(report, "app/_seq/users_id_seq.json").size(), 1u) << report.Format();
  EXPECT_NE(About(report, "app/_seq/users_id_seq.json")[0].find("not an integer"),
            std::string::npos);
  ASSERT_EQ(About(report, "app/_seq/Bad.json").size(), 1u);
}

TEST_F(CheckFilesTest, MissingDataDirectory) {
  CheckReport report;
  ExpectSqlError(SqlState::kInvalidCatalogName, [&] {
    CheckDataDirectory(storage::DataPaths(dir_.Path("nope")), std::nullopt, report);
  });
}

}  // namespace
}  // namespace sb::ctl
