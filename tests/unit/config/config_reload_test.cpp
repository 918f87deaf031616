#include "shared/config/config_reload.h"

#include <gtest/gtest.h>

#include "shared/config/config_keys.h"

namespace sb::config {
namespace {

const ConfigChange* Find(const std::vector<ConfigChange>& changes, std::string_view key) {
  for (const ConfigChange& change : changes) {
    if (change.key == key) return &change;
  }
  return nullptr;
}

TEST(Diff, EqualConfigsHaveNoChanges) {
  EXPECT_TRUE(Diff(DefaultConfig(), DefaultConfig()).empty());
}

TEST(Diff, ListsChangedKeysWithRestartFlag) {
  Config before = DefaultConfig();
  Config after = before;
  after.port = 6000;
  after.workers = 8;
  after.listen = {"0.0.0.0", "::"};
  after.max_connections = 50;
  after.log_level = log::Level::kDebug;
  after.statement_timeout = std::chrono::seconds(5);

  std::vector<ConfigChange> changes = Diff(before, after);
  ASSERT_EQ(changes.size(), 6u);
  // Table order: listen, port, ..., workers, ..., max_connections, log_level, statement_timeout.
  EXPECT_EQ(changes[0].key, "listen");
  EXPECT_EQ(changes[0].old_value, "127.0.0.1");
  EXPECT_EQ(changes[0].new_value, "0.0.0.0,::");
  EXPECT_TRUE(changes[0].needs_restart);
  EXPECT_EQ(changes[1].key, "port");
  EXPECT_EQ(changes[1].old_value, "5433");
  EXPECT_EQ(changes[1].new_value, "6000");
  EXPECT_TRUE(Find(changes, "workers")->needs_restart);
  EXPECT_FALSE(Find(changes, "max_connections")->needs_restart);
  EXPECT_FALSE(Find(changes, "log_level")->needs_restart);
  EXPECT_EQ(Find(changes, "log_level")->new_value, "debug");
  EXPECT_EQ(Find(changes, "statement_timeout")->new_value, "5000");
}

TEST(Diff, RestartKeysAreExactlyTheAddressProcessAndMemoryOnes) {
  for (const KeySpec& key : Keys()) {
    bool restart = key.name == "listen" || key.name == "port" || key.name == "socket_dir" ||
                   key.name == "data" || key.name == "workers" || key.name == "index_memory";
    EXPECT_EQ(!key.reloadable, restart) << key.name;
  }
}

TEST(Diff, PasswordValuesAreMasked) {
  Config before = DefaultConfig();
  Config after = before;
  after.password = "hunter2";
  std::vector<ConfigChange> changes = Diff(before, after);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].key, "password");
  EXPECT_EQ(changes[0].old_value, "");
  EXPECT_EQ(changes[0].new_value, "********");
  EXPECT_FALSE(changes[0].needs_restart);
}

TEST(MergeReload, KeepsRestartKeysTakesTheRest) {
  Config running = DefaultConfig();
  Config reloaded = running;
  reloaded.port = 6000;
  reloaded.data = "/elsewhere";
  reloaded.socket_dir = "";
  reloaded.workers = 3;
  reloaded.listen = {"*"};
  reloaded.fsync = FsyncMode::kOff;
  reloaded.password = "pw";
  reloaded.shutdown_timeout = std::chrono::seconds(5);

  Config merged = MergeReload(running, reloaded);
  EXPECT_EQ(merged.port, running.port);
  EXPECT_EQ(merged.data, running.data);
  EXPECT_EQ(merged.socket_dir, running.socket_dir);
  EXPECT_EQ(merged.workers, running.workers);
  EXPECT_EQ(merged.listen, running.listen);
  EXPECT_EQ(merged.fsync, FsyncMode::kOff);
  EXPECT_EQ(merged.password, "pw");
  EXPECT_EQ(merged.shutdown_timeout, std::chrono::seconds(5));
  // Only restart-needing changes remain between the running and the merged configuration.
  for (const ConfigChange& change : Diff(merged, reloaded)) EXPECT_TRUE(change.needs_restart);
  for (const ConfigChange& change : Diff(running, merged)) EXPECT_FALSE(change.needs_restart);
}

}  // namespace
}  // namespace sb::config
