// Every Query/Parse text recorded from real clients (../shared/compat/*.sql beside the checkout)
// parses, and every parsed statement survives a print → parse → print round trip unchanged.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sqlpeg_test_util.h"

namespace sb::sql::testing {
namespace {

struct CompatStatement {
  std::string file;
  std::string header;  // the "-- #N [...]" line
  std::string text;    // what the client sent
};

// The files: three header lines, then "-- #N ..." markers each followed by one message text.
std::vector<CompatStatement> LoadCompat() {
  std::vector<CompatStatement> out;
  if (!std::filesystem::exists(SB_COMPAT_DIR)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(SB_COMPAT_DIR)) {
    if (entry.path().extension() != ".sql") continue;
    std::ifstream in(entry.path());
    std::string line;
    CompatStatement* current = nullptr;
    while (std::getline(in, line)) {
      if (line.rfind("-- #", 0) == 0) {
        out.push_back({entry.path().filename().string(), line, {}});
        current = &out.back();
      } else if (current) {
        current->text += line + "\n";
      }
    }
  }
  return out;
}

TEST(Compat, EveryRecordedStatementParsesAndRoundTrips) {
  std::vector<CompatStatement> statements = LoadCompat();
  if (statements.empty()) GTEST_SKIP() << "no compat files at " << SB_COMPAT_DIR;
  EXPECT_GT(statements.size(), 700u);
  int parsed = 0;
  for (const CompatStatement& s : statements) {
    std::vector<ParsedStatement> stmts;
    try {
      stmts = ParseSql(s.text);
    } catch (const SqlError& e) {
      ADD_FAILURE() << s.file << " " << s.header << ": " << e.what() << " at " << e.position()
                    << "\n"
                    << s.text;
      continue;
    }
    ++parsed;
    for (const ParsedStatement& p : stmts) {
      std::string once = ToString(p.stmt);
      std::string twice;
      try {
        std::vector<ParsedStatement> again = ParseSql(once);
        ASSERT_EQ(again.size(), 1u) << once;
        twice = ToString(again[0].stmt);
      } catch (const SqlError& e) {
        ADD_FAILURE() << s.file << " " << s.header << ": printed form does not parse: " << e.what()
                      << "\n"
                      << once;
        continue;
      }
      EXPECT_EQ(once, twice) << s.file << " " << s.header;
    }
  }
  EXPECT_EQ(parsed, static_cast<int>(statements.size()));
}

TEST(Compat, SplitsMultiStatementMessages) {
  // Sequelize sends several ALTER TABLEs in one Query message.
  std::vector<ParsedStatement> stmts = ParseSql(
      "ALTER TABLE \"p\" ALTER COLUMN \"a\" SET NOT NULL;ALTER TABLE \"p\" ALTER COLUMN \"a\" "
      "DROP DEFAULT;ALTER TABLE \"p\" ALTER COLUMN \"a\" TYPE BOOLEAN;");
  ASSERT_EQ(stmts.size(), 3u);
  const auto& third = std::get<AlterTableStmt>(stmts[2].stmt.node);
  ASSERT_EQ(third.cmds.size(), 1u);
  EXPECT_EQ(third.cmds[0].kind, AlterTableCmd::Kind::kAlterColumnType);
  EXPECT_EQ(third.cmds[0].type.names, std::vector<std::string>{"bool"});
}

}  // namespace
}  // namespace sb::sql::testing
