// conf/smarterbase.yaml must document exactly the keys of the table and load as the defaults,
// except data and socket_dir, which show the systemd unit's paths.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <string>

#include "shared/config/config_keys.h"
#include "shared/config/config_loader.h"

namespace sb::config {
namespace {

const std::string kConfFile = std::string(SB_SOURCE_DIR) + "/conf/smarterbase.yaml";

TEST(ConfFile, HasExactlyTheTableKeys) {
  YAML::Node root = YAML::LoadFile(kConfFile);
  ASSERT_TRUE(root.IsMap());
  std::set<std::string> in_file;
  for (const auto& entry : root) in_file.insert(entry.first.Scalar());
  std::set<std::string> in_table;
  for (const KeySpec& key : Keys()) in_table.insert(std::string(key.name));
  EXPECT_EQ(in_file, in_table);
}

TEST(ConfFile, LoadsAsDefaultsExceptSystemdPaths) {
  Config config = LoadConfig({"--config", kConfFile}, LoadOptions{""});
  EXPECT_EQ(config.config_file, kConfFile);
  EXPECT_EQ(config.data, "/var/lib/smarterbase");
  EXPECT_EQ(config.socket_dir, "/run/smarterbase");
  Config defaults = DefaultConfig();
  for (const KeySpec& key : Keys()) {
    if (key.name == "data" || key.name == "socket_dir") continue;
    EXPECT_EQ(key.get(config), key.get(defaults)) << key.name;
  }
}

TEST(ConfFile, EveryKeyHasACommentAbove) {
  YAML::Node root = YAML::LoadFile(kConfFile);
  for (const auto& entry : root) {
    int line = entry.first.Mark().line;  // 0-based
    ASSERT_GT(line, 0) << entry.first.Scalar();
  }
  // Walk the raw text: every "key:" line is preceded by a "# ..." line.
  std::ifstream in(kConfFile);
  std::string previous, current;
  while (std::getline(in, current)) {
    if (!current.empty() && current[0] != '#' && current[0] != ' ') {
      EXPECT_EQ(previous.rfind("# ", 0), 0u) << "no comment above: " << current;
    }
    previous = current;
  }
}

}  // namespace
}  // namespace sb::config
