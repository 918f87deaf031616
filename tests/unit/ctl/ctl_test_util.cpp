#include "tests/unit/ctl/ctl_test_util.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "shared/types/text_io.h"

namespace sb::ctl::testing {

TempDataDir::TempDataDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sb_ctl_XXXXXX").string();
  char* made = ::mkdtemp(pattern.data());
  if (made == nullptr) throw std::runtime_error("mkdtemp failed");
  root_ = made;
}

TempDataDir::~TempDataDir() {
  std::error_code error;
  std::filesystem::remove_all(root_, error);
}

void TempDataDir::Write(std::string_view relative, std::string_view text) const {
  std::filesystem::path path = Path(relative);
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void TempDataDir::MakeDir(std::string_view relative) const {
  std::filesystem::create_directories(Path(relative));
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

types::Value Parse(types::Oid type, std::string_view text, int32_t typmod) {
  return types::ParseText(type, typmod, text, types::FormatSettings{});
}

}  // namespace sb::ctl::testing
