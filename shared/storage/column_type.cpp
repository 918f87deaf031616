#include "shared/storage/column_type.h"

#include <charconv>
#include <vector>

namespace sb::storage {
namespace {

// Lower-cases ASCII letters, turns whitespace runs into one space and trims.
std::string Normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  }
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

bool ParseArgs(std::string_view text, std::vector<int32_t>* args) {
  while (true) {
    size_t comma = text.find(',');
    std::string_view item = Trim(text.substr(0, comma));
    int32_t value = 0;
    auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || error != std::errc() || end != item.data() + item.size()) return false;
    args->push_back(value);
    if (comma == std::string_view::npos) return true;
    text = text.substr(comma + 1);
  }
}

// "year to month" → the typmod range bits; -1 when not a field phrase.
int32_t IntervalRange(std::string_view fields) {
  using namespace types;
  struct Phrase {
    std::string_view text;
    int32_t range;
  };
  static constexpr Phrase kPhrases[] = {
      {"", kIntervalFullRange},
      {"year", kIntervalYear},
      {"month", kIntervalMonth},
      {"day", kIntervalDay},
      {"hour", kIntervalHour},
      {"minute", kIntervalMinute},
      {"second", kIntervalSecond},
      {"year to month", kIntervalYear | kIntervalMonth},
      {"day to hour", kIntervalDay | kIntervalHour},
      {"day to minute", kIntervalDay | kIntervalHour | kIntervalMinute},
      {"day to second", kIntervalDay | kIntervalHour | kIntervalMinute | kIntervalSecond},
      {"hour to minute", kIntervalHour | kIntervalMinute},
      {"hour to second", kIntervalHour | kIntervalMinute | kIntervalSecond},
      {"minute to second", kIntervalMinute | kIntervalSecond},
  };
  for (const Phrase& phrase : kPhrases) {
    if (phrase.text == fields) return phrase.range;
  }
  return -1;
}

constexpr int32_t kMaxVarcharLength = 10485760;  // PostgreSQL's MaxAttrSize cap
constexpr int32_t kMaxNumericPrecision = 1000;
constexpr int32_t kMaxTimePrecision = 6;

std::optional<int32_t> ScalarTypmod(const types::TypeInfo& info, std::string_view base,
                                    const std::vector<int32_t>& args, bool has_args) {
  using namespace types;
  switch (info.oid) {
    case kVarchar:
    case kBpchar:
      if (!has_args) {
        // SQL's "character" is character(1); the typname "bpchar" is unbounded.
        bool sql_character = info.oid == kBpchar && base != "bpchar";
        return sql_character ? VarcharTypmod(1) : -1;
      }
      if (args.size() != 1 || args[0] < 1 || args[0] > kMaxVarcharLength) return std::nullopt;
      return VarcharTypmod(args[0]);
    case kNumeric:
      if (!has_args) return -1;
      if (args.empty() || args.size() > 2) return std::nullopt;
      if (args[0] < 1 || args[0] > kMaxNumericPrecision) return std::nullopt;
      if (args.size() == 2 && (args[1] < -kMaxNumericPrecision || args[1] > kMaxNumericPrecision)) {
        return std::nullopt;
      }
      return NumericTypmod(args[0], args.size() == 2 ? args[1] : 0);
    case kTime:
    case kTimestamp:
    case kTimestamptz:
      if (!has_args) return -1;
      if (args.size() != 1 || args[0] < 0) return std::nullopt;
      return std::min(args[0], kMaxTimePrecision);  // PostgreSQL clamps with a warning
    default:
      if (has_args) return std::nullopt;
      return -1;
  }
}

}  // namespace

std::optional<ColumnType> ParseColumnType(std::string_view spelling) {
  using namespace types;
  std::string text = Normalize(spelling);
  bool array = false;
  if (text.size() > 2 && text.ends_with("[]")) {
    array = true;
    text.resize(text.size() - 2);
    while (!text.empty() && text.back() == ' ') text.pop_back();
  }
  std::string base = text;
  std::vector<int32_t> args;
  bool has_args = false;
  size_t open = text.find('(');
  if (open != std::string::npos) {
    size_t close = text.find(')', open);
    if (close == std::string::npos || text.find('(', open + 1) != std::string::npos ||
        text.find(')', close + 1) != std::string::npos) {
      return std::nullopt;
    }
    if (!ParseArgs(std::string_view(text).substr(open + 1, close - open - 1), &args)) {
      return std::nullopt;
    }
    has_args = true;
    base = Normalize(text.substr(0, open) + " " + text.substr(close + 1));
  }

  ColumnType result;
  if (base == "interval" || base.starts_with("interval ")) {
    int32_t range = IntervalRange(Trim(std::string_view(base).substr(8)));
    if (range < 0) return std::nullopt;
    // The precision follows the fields: "interval day to second(3)", never "interval(3) day".
    if (has_args && (args.size() != 1 || args[0] < 0 || text.back() != ')')) return std::nullopt;
    int32_t precision = has_args ? std::min(args[0], kMaxTimePrecision) : kIntervalFullPrecision;
    result.oid = kInterval;
    result.typmod =
        (range == kIntervalFullRange && !has_args) ? -1 : IntervalTypmod(precision, range);
  } else if (base == "float" && has_args) {
    // float(p): binary digits of precision, as SQL defines it.
    if (args.size() != 1 || args[0] < 1 || args[0] > 53) return std::nullopt;
    result.oid = args[0] <= 24 ? kFloat4 : kFloat8;
  } else {
    const TypeInfo* info = FindTypeByName(base);
    if (info == nullptr || info->category == kCategoryPseudo || info->oid == kUnknown ||
        info->oid == kInt2Vector || info->oid == kOidVector) {
      return std::nullopt;
    }
    if (IsArrayType(info->oid)) {
      // "_int4" spells an array already.
      if (array || has_args) return std::nullopt;
      return ColumnType{info->oid, -1};
    }
    std::optional<int32_t> typmod = ScalarTypmod(*info, base, args, has_args);
    if (!typmod.has_value()) return std::nullopt;
    result.oid = info->oid;
    result.typmod = *typmod;
  }
  if (array) {
    Oid array_oid = ArrayTypeOf(result.oid);
    if (array_oid == kInvalidOid) return std::nullopt;
    result.oid = array_oid;
  }
  return result;
}

std::string FormatColumnType(const ColumnType& type) {
  return types::FormatType(type.oid, type.typmod);
}

}  // namespace sb::storage
