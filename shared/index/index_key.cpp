#include "shared/index/index_key.h"

#include <bit>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "shared/errors/sql_error.h"

namespace sb::index {
namespace {

// Tags put NULL after every value, as PostgreSQL's default NULLS LAST for ascending order.
constexpr char kValueTag = 0x01;
constexpr char kNullTag = 0x02;

void AppendBigEndian(std::string& out, uint64_t bits, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
}

// Two's complement with the sign bit flipped sorts as unsigned bytes.
void AppendInt(std::string& out, int64_t value) {
  AppendBigEndian(out, static_cast<uint64_t>(value) ^ (uint64_t{1} << 63), 8);
}

// IEEE bits, flipped so that unsigned byte order is numeric order: negatives have every bit
// inverted, positives only the sign. -0 is 0; every NaN is one NaN, above +Infinity.
void AppendDouble(std::string& out, double value) {
  if (value == 0) value = 0;
  if (std::isnan(value)) value = std::numeric_limits<double>::quiet_NaN();
  uint64_t bits = std::bit_cast<uint64_t>(value);
  bits = (bits & (uint64_t{1} << 63)) != 0 ? ~bits : bits | (uint64_t{1} << 63);
  AppendBigEndian(out, bits, 8);
}

// Bytes with 0x00 escaped as 00 FF and a 00 01 terminator: shorter strings sort first and the
// part ends unambiguously.
void AppendBytes(std::string& out, std::string_view bytes) {
  for (char c : bytes) {
    out.push_back(c);
    if (c == '\0') out.push_back(static_cast<char>(0xff));
  }
  out.push_back('\0');
  out.push_back(0x01);
}

// Sign class, then for non-zero values the base-10000 weight and digits (each digit + 1 so that
// 0 can terminate). Negative numbers store the bitwise complement of everything after the sign
// class, which reverses their order. Leading and trailing zero digits are dropped first, so
// 1.5 and 1.50 are one key.
void AppendNumeric(std::string& out, const types::Numeric& n) {
  if (n.IsNaN()) {
    out.push_back(0x04);
    return;
  }
  const std::vector<int16_t>& digits = n.digits();
  size_t first = 0, last = digits.size();
  while (first < last && digits[first] == 0) ++first;
  while (last > first && digits[last - 1] == 0) --last;
  if (first == last) {
    out.push_back(0x02);
    return;
  }
  const bool negative = n.IsNegative();
  out.push_back(negative ? 0x01 : 0x03);
  const uint16_t mask = negative ? 0xffff : 0;
  const int weight = n.weight() - static_cast<int>(first);
  AppendBigEndian(out, static_cast<uint16_t>((weight + 0x8000) ^ mask), 2);
  for (size_t i = first; i < last; ++i) {
    AppendBigEndian(out, static_cast<uint16_t>((digits[i] + 1) ^ mask), 2);
  }
  AppendBigEndian(out, mask, 2);
}

}  // namespace

bool IsIndexableType(types::Oid type) {
  switch (type) {
    case types::kBool:
    case types::kInt2:
    case types::kInt4:
    case types::kInt8:
    case types::kOid:
    case types::kFloat4:
    case types::kFloat8:
    case types::kNumeric:
    case types::kText:
    case types::kVarchar:
    case types::kBpchar:
    case types::kName:
    case types::kChar:
    case types::kBytea:
    case types::kUuid:
    case types::kDate:
    case types::kTime:
    case types::kTimestamp:
    case types::kTimestamptz:
      return true;
    default:
      return false;
  }
}

void AppendKeyPart(std::string& out, const types::Value& value, types::Oid column_type) {
  if (!IsIndexableType(column_type)) {
    throw SqlError(
        SqlState::kFeatureNotSupported,
        fmt::format("indexes on type {} are not supported", types::FormatType(column_type, -1)));
  }
  if (value.IsNull()) {
    out.push_back(kNullTag);
    return;
  }
  out.push_back(kValueTag);
  switch (column_type) {
    case types::kBool:
      out.push_back(value.GetBool() ? 1 : 0);
      return;
    case types::kFloat4:
    case types::kFloat8:
      AppendDouble(out, value.GetFloat());
      return;
    case types::kNumeric:
      AppendNumeric(out, value.GetNumeric());
      return;
    case types::kUuid:
      out.append(reinterpret_cast<const char*>(value.GetUuid().data()), value.GetUuid().size());
      return;
    case types::kBpchar: {
      // bpchar compares without its trailing spaces.
      std::string_view text = value.GetString();
      while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
      AppendBytes(out, text);
      return;
    }
    case types::kText:
    case types::kVarchar:
    case types::kName:
    case types::kChar:
    case types::kBytea:
      AppendBytes(out, value.GetString());
      return;
    default:  // integers, oid, date, time, timestamp(tz): int64 payloads
      AppendInt(out, value.GetInt());
      return;
  }
}

std::string EncodeKey(std::span<const types::Value> values, std::span<const types::Oid> types) {
  std::string out;
  for (size_t i = 0; i < values.size() && i < types.size(); ++i) {
    AppendKeyPart(out, values[i], types[i]);
  }
  return out;
}

}  // namespace sb::index
