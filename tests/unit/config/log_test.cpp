#include "shared/config/log.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <sstream>
#include <string>

namespace sb::log {
namespace {

// Captures log output through a pipe and restores the global logging state afterwards.
class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(pipe(fds_), 0);
    SetOutputFd(fds_[1]);
    SetJournalPrefix(false);
    SetLevel(Level::kInfo);
    SetRole("");
  }
  void TearDown() override {
    SetOutputFd(2);
    SetLevel(Level::kInfo);
    SetRole("");
    close(fds_[0]);
    if (fds_[1] >= 0) close(fds_[1]);
  }
  // Closes the write end and returns everything written.
  std::string Drain() {
    close(fds_[1]);
    fds_[1] = -1;
    std::string out;
    char buffer[4096];
    ssize_t n;
    while ((n = read(fds_[0], buffer, sizeof(buffer))) > 0) out.append(buffer, n);
    return out;
  }
  int fds_[2] = {-1, -1};
};

const std::regex kLine(
    R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} UTC \[(\d+)\] (.*?)(DEBUG|INFO|WARNING|ERROR):  (.*))");

TEST_F(LogTest, LineFormat) {
  Info("hello {} {}", "world", 42);
  std::string out = Drain();
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  std::smatch match;
  std::string line = out.substr(0, out.size() - 1);
  ASSERT_TRUE(std::regex_match(line, match, kLine)) << line;
  EXPECT_EQ(match[1].str(), std::to_string(getpid()));
  EXPECT_EQ(match[2].str(), "");
  EXPECT_EQ(match[3].str(), "INFO");
  EXPECT_EQ(match[4].str(), "hello world 42");
}

TEST_F(LogTest, RolePrefix) {
  SetRole("worker 3");
  Warning("careful");
  std::string out = Drain();
  EXPECT_NE(out.find("] worker 3 WARNING:  careful\n"), std::string::npos) << out;
}

TEST_F(LogTest, LevelFilters) {
  SetLevel(Level::kWarning);
  Debug("d");
  Info("i");
  Warning("w");
  Error("e");
  EXPECT_FALSE(Enabled(Level::kInfo));
  EXPECT_TRUE(Enabled(Level::kError));
  std::string out = Drain();
  EXPECT_EQ(out.find("DEBUG"), std::string::npos);
  EXPECT_EQ(out.find("INFO"), std::string::npos);
  EXPECT_NE(out.find("WARNING:  w\n"), std::string::npos);
  EXPECT_NE(out.find("ERROR:  e\n"), std::string::npos);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2);
}

TEST_F(LogTest, ControlCharactersCannotForgeLines) {
  Error("user said {}", "x\n2026-01-01 00:00:00.000 UTC [1] ERROR:  fake\x1b[0m");
  std::string out = Drain();
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
  EXPECT_NE(out.find("x\\n2026-01-01"), std::string::npos);
  EXPECT_NE(out.find("fake\\x1b[0m"), std::string::npos);
}

TEST_F(LogTest, JournalPriorityPrefix) {
  SetJournalPrefix(true);
  Error("e");
  Debug("hidden");
  SetLevel(Level::kDebug);
  Debug("d");
  std::string out = Drain();
  EXPECT_EQ(out.rfind("<3>", 0), 0u) << out;
  EXPECT_NE(out.find("\n<7>"), std::string::npos) << out;
}

TEST_F(LogTest, RoleIsTruncatedNotOverflowed) {
  SetRole(std::string(500, 'r'));
  Info("m");
  std::string out = Drain();
  EXPECT_NE(out.find(std::string(63, 'r') + " INFO"), std::string::npos);
  EXPECT_EQ(out.find(std::string(64, 'r')), std::string::npos);
}

TEST_F(LogTest, ForkedProcessesDoNotInterleave) {
  constexpr int kChildren = 4;
  constexpr int kLines = 300;
  pid_t children[kChildren];
  for (int c = 0; c < kChildren; ++c) {
    children[c] = fork();
    ASSERT_GE(children[c], 0);
    if (children[c] == 0) {
      close(fds_[0]);
      SetRole("worker " + std::to_string(c));
      // Long enough that a write split in two would show up as a broken line.
      for (int i = 0; i < kLines; ++i) Info("line {} {}", i, std::string(200, 'a' + c));
      _exit(0);
    }
  }
  std::string out = Drain();
  for (pid_t child : children) {
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  std::istringstream lines(out);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    std::smatch match;
    ASSERT_TRUE(std::regex_match(line, match, kLine)) << line.substr(0, 120);
    int role = match[2].str()[7] - '0';  // "worker N "
    ASSERT_TRUE(role >= 0 && role < kChildren);
    EXPECT_EQ(match[4].str().substr(match[4].str().size() - 200),
              std::string(200, static_cast<char>('a' + role)));
    ++count;
  }
  EXPECT_EQ(count, kChildren * kLines);
}

TEST(LogLevel, Names) {
  EXPECT_EQ(LevelName(Level::kDebug), "debug");
  EXPECT_EQ(LevelName(Level::kWarning), "warning");
}

}  // namespace
}  // namespace sb::log
