#include "shared/config/value_parse.h"

#include <array>
#include <charconv>
#include <limits>

namespace sb::config {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Splits "123unit" into its digits and unit; fails on a sign or a missing number.
bool SplitNumber(std::string_view text, int64_t& number, std::string_view& unit) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc()) return false;
  unit = Trim(std::string_view(end, text.data() + text.size() - end));
  return true;
}

struct Unit {
  std::string_view name;
  int64_t factor;
};

std::optional<int64_t> Scale(int64_t number, int64_t factor) {
  if (number > std::numeric_limits<int64_t>::max() / factor) return std::nullopt;
  return number * factor;
}

}  // namespace

std::optional<int64_t> ParseInteger(std::string_view text, int64_t min, int64_t max) {
  int64_t number = 0;
  std::string_view unit;
  if (!SplitNumber(text, number, unit) || !unit.empty()) return std::nullopt;
  if (number < min || number > max) return std::nullopt;
  return number;
}

std::optional<bool> ParseBool(std::string_view text) {
  for (std::string_view yes : {"true", "yes", "on", "1"}) {
    if (EqualsIgnoreCase(text, yes)) return true;
  }
  for (std::string_view no : {"false", "no", "off", "0"}) {
    if (EqualsIgnoreCase(text, no)) return false;
  }
  return std::nullopt;
}

std::optional<int64_t> ParseDuration(std::string_view text, int64_t base_ms, int64_t min,
                                     int64_t max) {
  static constexpr std::array<Unit, 5> kUnits = {
      {{"ms", 1}, {"s", 1000}, {"min", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}}};
  int64_t number = 0;
  std::string_view unit;
  if (base_ms <= 0 || !SplitNumber(text, number, unit)) return std::nullopt;
  int64_t result = number;
  if (!unit.empty()) {
    const Unit* found = nullptr;
    for (const Unit& candidate : kUnits) {
      if (candidate.name == unit) found = &candidate;
    }
    if (found == nullptr) return std::nullopt;
    std::optional<int64_t> ms = Scale(number, found->factor);
    if (!ms || *ms % base_ms != 0) return std::nullopt;
    result = *ms / base_ms;
  }
  if (result < min || result > max) return std::nullopt;
  return result;
}

std::optional<int64_t> ParseSize(std::string_view text, int64_t min, int64_t max) {
  static constexpr std::array<Unit, 4> kUnits = {
      {{"B", 1}, {"kB", 1024}, {"MB", 1024 * 1024}, {"GB", 1024 * 1024 * 1024}}};
  int64_t number = 0;
  std::string_view unit;
  if (!SplitNumber(text, number, unit)) return std::nullopt;
  int64_t result = number;
  if (!unit.empty()) {
    const Unit* found = nullptr;
    for (const Unit& candidate : kUnits) {
      if (candidate.name == unit) found = &candidate;
    }
    if (found == nullptr) return std::nullopt;
    std::optional<int64_t> bytes = Scale(number, found->factor);
    if (!bytes) return std::nullopt;
    result = *bytes;
  }
  if (result < min || result > max) return std::nullopt;
  return result;
}

std::optional<std::vector<std::string>> ParseAddressList(std::string_view text) {
  std::vector<std::string> addresses;
  text = Trim(text);
  if (text.empty()) return addresses;
  while (true) {
    size_t comma = text.find(',');
    std::string_view item = Trim(text.substr(0, comma));
    if (item.empty() || item.size() > 255) return std::nullopt;
    for (char c : item) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == ':' || c == '-' || c == '_' || c == '%' || c == '*';
      if (!ok) return std::nullopt;
    }
    if (item.find('*') != std::string_view::npos && item != "*") return std::nullopt;
    addresses.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (addresses.size() > 1) {
    for (const std::string& address : addresses) {
      if (address == "*") return std::nullopt;
    }
  }
  return addresses;
}

}  // namespace sb::config
