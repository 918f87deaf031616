#include "shared/journal/journal_path.h"

#include <gtest/gtest.h>

#include <string>

namespace sb::journal {
namespace {

using namespace std::string_literals;

TEST(JournalPath, AcceptsCleanRelativePaths) {
  EXPECT_TRUE(IsValidJournalPath("db"));
  EXPECT_TRUE(IsValidJournalPath("db/users/019363e8.json"));
  EXPECT_TRUE(IsValidJournalPath("db/_schema/users.json"));
  EXPECT_TRUE(IsValidJournalPath("db/.users.json.1.2.tmp"));
  EXPECT_TRUE(IsValidJournalPath("db/...json"));
  EXPECT_TRUE(IsValidJournalPath("x/.smarterbase/y"));  // only the root's private folder is off
  EXPECT_TRUE(IsValidJournalPath(std::string(255, 'a')));
}

TEST(JournalPath, RejectsEscapesAndUncleanPaths) {
  for (const std::string& path : {""s,
                                  "/"s,
                                  "/etc/passwd"s,
                                  ".."s,
                                  "../x"s,
                                  "db/../../x"s,
                                  "db/.."s,
                                  "."s,
                                  "./db"s,
                                  "db/./t"s,
                                  "db//t"s,
                                  "db/"s,
                                  "db/t/"s,
                                  "db\0/x"s,
                                  "db/x\0.json"s,
                                  "\0"s,
                                  ".smarterbase"s,
                                  ".smarterbase/journal"s,
                                  ".smarterbase/lock"s,
                                  std::string(256, 'a'),
                                  "db/" + std::string(256, 'b'),
                                  std::string(4097, 'a').replace(100, 1, "/")}) {
    EXPECT_FALSE(IsValidJournalPath(path)) << path;
  }
}

TEST(JournalPath, LengthLimitIsInclusive) {
  std::string path;
  while (path.size() < kMaxJournalPathBytes) path += std::string(99, 'p') + "/";
  path.resize(kMaxJournalPathBytes);
  if (path.back() == '/') path.back() = 'p';
  EXPECT_TRUE(IsValidJournalPath(path));
  EXPECT_FALSE(IsValidJournalPath(path + "q"));
}

TEST(JournalPath, RelativeToRoot) {
  EXPECT_EQ(RelativeJournalPath("/data", "/data/db/t/1.json"), "db/t/1.json");
  EXPECT_EQ(RelativeJournalPath("/data/", "/data/db"), "db");
  EXPECT_EQ(RelativeJournalPath("/", "/db/t"), "db/t");
  EXPECT_EQ(RelativeJournalPath("data", "data/db"), "db");
  EXPECT_EQ(RelativeJournalPath("/data", "/data"), std::nullopt);
  EXPECT_EQ(RelativeJournalPath("/data", "/data/"), std::nullopt);
  EXPECT_EQ(RelativeJournalPath("/data", "/database/x"), std::nullopt);
  EXPECT_EQ(RelativeJournalPath("/data", "/other/x"), std::nullopt);
  EXPECT_EQ(RelativeJournalPath("/data", "/data/../etc/passwd"), std::nullopt);
  EXPECT_EQ(RelativeJournalPath("/data", "/data/.smarterbase/journal"), std::nullopt);
  EXPECT_EQ(RelativeJournalPath("", "/x"), std::nullopt);
}

}  // namespace
}  // namespace sb::journal
