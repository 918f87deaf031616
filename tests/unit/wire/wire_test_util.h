// Helpers for the wire codec tests: hand-building big-endian bytes and messages independently
// of the code under test, splitting a backend byte stream, and asserting on SqlError.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shared/errors/sql_error.h"

namespace sb::wire::test {

inline std::string Be16(uint16_t v) {
  return std::string{static_cast<char>(v >> 8), static_cast<char>(v & 0xff)};
}

inline std::string Be32(uint32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>((v >> 16) & 0xff),
                     static_cast<char>((v >> 8) & 0xff), static_cast<char>(v & 0xff)};
}

inline std::string Be64(uint64_t v) {
  return Be32(static_cast<uint32_t>(v >> 32)) + Be32(static_cast<uint32_t>(v & 0xffffffffu));
}

// A NUL-terminated protocol string.
inline std::string Z(std::string_view s) {
  return std::string(s) + '\0';
}

// A regular message: type byte, length word (counting itself), body.
inline std::string Msg(char type, const std::string& body) {
  return std::string(1, type) + Be32(static_cast<uint32_t>(body.size() + 4)) + body;
}

// A startup-phase packet: length word (counting itself), body.
inline std::string StartupPkt(const std::string& body) {
  return Be32(static_cast<uint32_t>(body.size() + 4)) + body;
}

// Splits a backend byte stream into (type, body) pairs, independently of the reader.
inline std::vector<std::pair<char, std::string>> SplitMessages(std::string_view bytes) {
  std::vector<std::pair<char, std::string>> out;
  size_t at = 0;
  while (at < bytes.size()) {
    EXPECT_GE(bytes.size() - at, 5u) << "truncated header";
    if (bytes.size() - at < 5) break;
    uint32_t len = 0;
    for (int i = 1; i <= 4; ++i) len = (len << 8) | static_cast<unsigned char>(bytes[at + i]);
    EXPECT_GE(len, 4u);
    EXPECT_LE(at + 1 + len, bytes.size()) << "truncated body";
    if (len < 4 || at + 1 + len > bytes.size()) break;
    out.emplace_back(bytes[at], std::string(bytes.substr(at + 5, len - 4)));
    at += 1 + len;
  }
  return out;
}

// Runs f, expecting SqlError with this SQLSTATE and primary message.
template <typename F>
void ExpectSqlError(F&& f, SqlState state, std::string_view message) {
  try {
    f();
    ADD_FAILURE() << "expected SqlError \"" << message << "\"";
  } catch (const SqlError& e) {
    EXPECT_EQ(SqlStateCode(e.state()), SqlStateCode(state)) << e.what();
    EXPECT_EQ(std::string_view(e.what()), message);
  }
}

// As above, and returns the error for further checks (e.g. severity).
template <typename F>
SqlError CatchSqlError(F&& f) {
  try {
    f();
  } catch (const SqlError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a SqlError";
  return SqlError(SqlState::kSuccessfulCompletion, "");
}

}  // namespace sb::wire::test
