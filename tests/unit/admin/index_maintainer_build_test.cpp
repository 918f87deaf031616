// IndexMaintainer::Adopt / FinishBuild: a schema change keeps the indexes it did not touch,
// builds new ones from rows read elsewhere, and takes rows written meanwhile from their files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "coordinator/index_maintainer.h"
#include "shared/storage/schema_file.h"

namespace sb::coordinator {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kV1 = R"j({"name": "users", "columns": [
    {"name": "id", "type": "integer", "primary_key": true},
    {"name": "email", "type": "text", "unique": true},
    {"name": "role", "type": "text"}]})j";
constexpr std::string_view kV2 = R"j({"name": "users", "columns": [
    {"name": "id", "type": "integer", "primary_key": true},
    {"name": "email", "type": "text", "unique": true},
    {"name": "role", "type": "text"}],
  "indexes": [{"name": "idx_role", "columns": ["role"]}]})j";

class IndexBuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sb_idx_build_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    paths_ = std::make_unique<storage::DataPaths>(root_);
    maintainer_ = std::make_unique<IndexMaintainer>(arena_, *paths_);
    Write("app/users/1.json", R"({"id": 1, "email": "a@x", "role": "admin"})");
    Write("app/users/2.json", R"({"id": 2, "email": "b@x", "role": "user"})");
    Write("app/users/3.json", R"({"id": 3, "email": "c@x", "role": "user"})");
  }
  void TearDown() override {
    maintainer_.reset();
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }

  void Write(const std::string& relative, std::string_view text) {
    fs::path path = root_ + "/" + relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::trunc) << text;
  }
  static std::shared_ptr<const storage::TableSchema> Schema(std::string_view text) {
    return std::make_shared<const storage::TableSchema>(storage::ParseSchemaFile(text, "t"));
  }
  size_t Entries(const std::string& name) const {
    const index::ShmIndex* shm = arena_.Find("app", "users", name);
    return shm == nullptr ? 0 : shm->entries.size();
  }
  std::vector<std::string> HoldersOf(const std::string& name, std::string_view text) const {
    index::IndexDefinition d;
    for (const index::IndexDefinition& each : maintainer_->Definitions("app", "users")) {
      if (each.name == name) d = each;
    }
    std::vector<types::Value> row(3);
    row[static_cast<size_t>(d.columns[0])] = types::Value::Text(std::string(text));
    return maintainer_->Holders("app", "users", name, IndexKeyOf(d, row));
  }
  // Installs in steps of one row, as the event loop would over several turns.
  void Install(const IndexMaintainer::BuildJob& job, const std::vector<IndexRow>& rows,
               const IndexMaintainer::CurrentRow& current_row) {
    IndexMaintainer::BuildProgress progress;
    int steps = 0;
    while (!maintainer_->FinishBuild(job, rows, progress, current_row, 1)) {
      ++steps;
      const index::ShmIndex* shm = arena_.Find("app", "users", job.names.front());
      ASSERT_NE(shm, nullptr);
      EXPECT_EQ(shm->state.load(), static_cast<uint32_t>(index::IndexState::kBuilding));
    }
    EXPECT_LE(static_cast<size_t>(steps), rows.size());
  }
  IndexRow Row(int id, const std::string& email, const std::string& role) const {
    return IndexRow{std::to_string(id),
                    {types::Value::Integer(types::kInt4, id), types::Value::Text(email),
                     types::Value::Text(role)}};
  }

  std::string root_;
  std::unique_ptr<storage::DataPaths> paths_;
  index::IndexArena arena_{64 << 20, 1};
  std::unique_ptr<IndexMaintainer> maintainer_;
};

TEST_F(IndexBuildTest, NewIndexIsBuiltFromRowsReadAndRowsWrittenMeanwhile) {
  maintainer_->Rebuild("app", Schema(kV1));
  ASSERT_EQ(Entries("users_email_key"), 3u);

  std::optional<IndexMaintainer::BuildJob> job = maintainer_->Adopt("app", Schema(kV2));
  ASSERT_TRUE(job);
  EXPECT_EQ(job->names, std::vector<std::string>{"idx_role"});
  EXPECT_TRUE(maintainer_->Building("app", "users"));
  EXPECT_EQ(Entries("users_email_key"), 3u);  // kept as it was, still maintained
  EXPECT_EQ(arena_.Find("app", "users", "idx_role"), nullptr);

  size_t broken = 0;
  std::vector<IndexRow> rows = ReadIndexRows(*paths_, "app", *job->schema, &broken);
  ASSERT_EQ(rows.size(), 3u);
  // Written after the read: row 4 added, row 2 now an admin.
  std::vector<types::Value> four = Row(4, "d@x", "admin").values;
  std::vector<types::Value> two_old = Row(2, "b@x", "user").values;
  std::vector<types::Value> two_new = Row(2, "b@x", "admin").values;
  IndexMaintainer::Change changes[] = {{"", nullptr, false, "4", &four},
                                       {"2", &two_old, true, "2", &two_new}};
  maintainer_->Apply("app", "users", changes);
  EXPECT_EQ(Entries("users_email_key"), 4u);

  Install(*job, rows, [&](const std::string& stem) {
    std::optional<IndexRow> row;
    if (stem == "4") row = Row(4, "d@x", "admin");
    if (stem == "2") row = Row(2, "b@x", "admin");
    return row;
  });
  EXPECT_EQ(arena_.Find("app", "users", "idx_role")->state.load(),
            static_cast<uint32_t>(index::IndexState::kReady));
  EXPECT_FALSE(maintainer_->Building("app", "users"));
  EXPECT_EQ(Entries("idx_role"), 4u);
  EXPECT_EQ(HoldersOf("idx_role", "admin"), (std::vector<std::string>{"1", "2", "4"}));
  EXPECT_EQ(HoldersOf("idx_role", "user"), std::vector<std::string>{"3"});
}

TEST_F(IndexBuildTest, AFinishedReadOfAnOlderVersionIsDropped) {
  maintainer_->Rebuild("app", Schema(kV1));
  std::optional<IndexMaintainer::BuildJob> first = maintainer_->Adopt("app", Schema(kV2));
  ASSERT_TRUE(first);
  // Edited again before the read finished: back to v1, which drops idx_role.
  EXPECT_FALSE(maintainer_->Adopt("app", Schema(kV1)));
  size_t broken = 0;
  IndexMaintainer::BuildProgress progress;
  EXPECT_TRUE(maintainer_->FinishBuild(
      *first, ReadIndexRows(*paths_, "app", *first->schema, &broken), progress,
      [](const std::string&) { return std::optional<IndexRow>(); }, 1));
  EXPECT_EQ(arena_.Find("app", "users", "idx_role"), nullptr);
  EXPECT_FALSE(maintainer_->Building("app", "users"));
}

TEST_F(IndexBuildTest, RemovedIndexGoesAtOnceAndNothingIsLeftToBuild) {
  maintainer_->Rebuild("app", Schema(kV2));
  ASSERT_EQ(Entries("idx_role"), 3u);
  EXPECT_FALSE(maintainer_->Adopt("app", Schema(kV1)));
  EXPECT_EQ(arena_.Find("app", "users", "idx_role"), nullptr);
  EXPECT_EQ(Entries("users_email_key"), 3u);
}

TEST_F(IndexBuildTest, TruncateCompletesABuildAsEmpty) {
  maintainer_->Rebuild("app", Schema(kV1));
  std::optional<IndexMaintainer::BuildJob> job = maintainer_->Adopt("app", Schema(kV2));
  ASSERT_TRUE(job);
  maintainer_->Clear("app", "users");
  EXPECT_FALSE(maintainer_->Building("app", "users"));
  ASSERT_NE(arena_.Find("app", "users", "idx_role"), nullptr);
  EXPECT_EQ(Entries("idx_role"), 0u);
  size_t broken = 0;
  IndexMaintainer::BuildProgress progress;
  EXPECT_TRUE(
      maintainer_->FinishBuild(*job, ReadIndexRows(*paths_, "app", *job->schema, &broken), progress,
                               [](const std::string&) { return std::optional<IndexRow>(); }));
  EXPECT_EQ(Entries("idx_role"), 0u);  // the stale read is not applied
}

TEST_F(IndexBuildTest, AnInstallInterruptedByADropStopsThere) {
  maintainer_->Rebuild("app", Schema(kV1));
  std::optional<IndexMaintainer::BuildJob> job = maintainer_->Adopt("app", Schema(kV2));
  ASSERT_TRUE(job);
  size_t broken = 0;
  std::vector<IndexRow> rows = ReadIndexRows(*paths_, "app", *job->schema, &broken);
  IndexMaintainer::BuildProgress progress;
  auto none = [](const std::string&) { return std::optional<IndexRow>(); };
  EXPECT_FALSE(maintainer_->FinishBuild(*job, rows, progress, none, 1));
  maintainer_->Forget("app", "users");
  EXPECT_TRUE(maintainer_->FinishBuild(*job, rows, progress, none, 1));
  EXPECT_EQ(arena_.Find("app", "users", "idx_role"), nullptr);
}

}  // namespace
}  // namespace sb::coordinator
