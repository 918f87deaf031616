#include "shared/auth/base64.h"

#include <array>

namespace sb::auth {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::int8_t kInvalid = -1;

constexpr std::array<std::int8_t, 256> MakeReverseTable() {
  std::array<std::int8_t, 256> table{};
  for (auto& entry : table) entry = kInvalid;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  }
  return table;
}

constexpr std::array<std::int8_t, 256> kReverse = MakeReverseTable();

}  // namespace

std::string Base64Encode(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out.push_back(kAlphabet[(group >> 18) & 0x3F]);
    out.push_back(kAlphabet[(group >> 12) & 0x3F]);
    out.push_back(kAlphabet[(group >> 6) & 0x3F]);
    out.push_back(kAlphabet[group & 0x3F]);
  }
  std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    std::uint32_t group = bytes[i] << 16;
    out.push_back(kAlphabet[(group >> 18) & 0x3F]);
    out.push_back(kAlphabet[(group >> 12) & 0x3F]);
    out.append("==");
  } else if (rest == 2) {
    std::uint32_t group = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out.push_back(kAlphabet[(group >> 18) & 0x3F]);
    out.push_back(kAlphabet[(group >> 12) & 0x3F]);
    out.push_back(kAlphabet[(group >> 6) & 0x3F]);
    out.push_back('=');
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  return Base64Encode(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

std::optional<std::vector<std::uint8_t>> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') {
    padding = (text.size() >= 2 && text[text.size() - 2] == '=') ? 2 : 1;
  }
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    std::size_t data_chars = last ? 4 - padding : 4;
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      std::uint32_t sextet = 0;
      if (j < data_chars) {
        std::int8_t value = kReverse[static_cast<unsigned char>(text[i + j])];
        if (value == kInvalid) return std::nullopt;
        sextet = static_cast<std::uint32_t>(value);
      }
      group = (group << 6) | sextet;
    }
    out.push_back(static_cast<std::uint8_t>(group >> 16));
    if (data_chars >= 3) out.push_back(static_cast<std::uint8_t>(group >> 8));
    if (data_chars == 4) out.push_back(static_cast<std::uint8_t>(group));
    // Non-zero bits hidden under the padding would give one value two encodings.
    if (data_chars == 2 && (group & 0xFFFF) != 0) return std::nullopt;
    if (data_chars == 3 && (group & 0xFF) != 0) return std::nullopt;
  }
  return out;
}

}  // namespace sb::auth
