#include "tests/unit/journal/journal_test_util.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "shared/journal/journal_format.h"

namespace sb::journal::testing {
namespace fs = std::filesystem;

namespace {
constexpr std::string_view kSentinel = "do not touch";
}

Sandbox::Sandbox() {
  std::string pattern = (fs::temp_directory_path() / "sbjournal.XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  base_ = pattern;
  root_ = base_ + "/root";
  outside_ = base_ + "/outside";
  fs::create_directories(root_ + "/.smarterbase");
  fs::create_directories(outside_);
  WriteAll(outside_ + "/sentinel", kSentinel);
}

Sandbox::~Sandbox() {
  std::error_code ignored;
  fs::remove_all(base_, ignored);
}

std::vector<std::string> Sandbox::Tree() const {
  std::vector<std::string> out;
  for (auto it = fs::recursive_directory_iterator(root_); it != fs::recursive_directory_iterator();
       ++it) {
    std::string relative = fs::relative(it->path(), root_).string();
    if (relative == ".smarterbase") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory()) {
      out.push_back(relative + "/");
    } else {
      out.push_back(relative + "=" + ReadAll(it->path().string()).value_or("?"));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool Sandbox::OutsideUntouched() const {
  std::vector<std::string> beside, inside;
  for (const auto& entry : fs::directory_iterator(base_)) {
    beside.push_back(entry.path().filename().string());
  }
  for (const auto& entry : fs::directory_iterator(outside_)) {
    inside.push_back(entry.path().filename().string());
  }
  std::sort(beside.begin(), beside.end());
  return beside == std::vector<std::string>{"outside", "root"} &&
         inside == std::vector<std::string>{"sentinel"} &&
         ReadAll(outside_ + "/sentinel") == std::string(kSentinel);
}

std::optional<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteAll(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

uint64_t SizeOf(const std::string& path) {
  return fs::file_size(path);
}

void FlipByte(const std::string& path, uint64_t offset) {
  std::string bytes = ReadAll(path).value();
  bytes.at(offset) = static_cast<char>(bytes.at(offset) ^ 0x5A);
  WriteAll(path, bytes);
}

CraftedJournal::CraftedJournal(uint64_t salt) : salt_(salt), bytes_(EncodeFileHeader(salt)) {}

CraftedJournal& CraftedJournal::Commit(uint64_t id, std::vector<Record> records) {
  AppendCommitFrame(bytes_, id, salt_, records);
  return *this;
}

CraftedJournal& CraftedJournal::Raw(std::string_view bytes) {
  bytes_.append(bytes);
  return *this;
}

std::string ExpectSqlError(SqlState state, const std::function<void()>& body) {
  try {
    body();
  } catch (const SqlError& e) {
    EXPECT_EQ(SqlStateCode(e.state()), SqlStateCode(state)) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "expected SqlError " << SqlStateCode(state);
  return "";
}

}  // namespace sb::journal::testing
