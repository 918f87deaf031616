#include "shared/types/float_format.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "shared/errors/sql_error.h"

namespace sb::types {
namespace {

bool AppendSpecial(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
    return true;
  }
  if (std::isinf(value)) {
    out += value < 0 ? "-Infinity" : "Infinity";
    return true;
  }
  return false;
}

// `scientific` is to_chars' shortest scientific form: "-d.ddde+XX".
void AppendShortest(std::string& out, std::string_view scientific, int max_fixed_exponent) {
  size_t e_pos = scientific.find('e');
  std::string_view mantissa = scientific.substr(0, e_pos);
  int exponent = std::atoi(std::string(scientific.substr(e_pos + 1)).c_str());
  bool negative = !mantissa.empty() && mantissa[0] == '-';
  if (negative) mantissa.remove_prefix(1);
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits.push_back(c);
  }
  if (exponent < -4 || exponent >= max_fixed_exponent) {
    if (negative) out.push_back('-');
    out.append(scientific.substr(negative ? 1 : 0));
    return;
  }
  if (negative) out.push_back('-');
  int n = static_cast<int>(digits.size());
  if (exponent >= 0) {
    if (n <= exponent + 1) {
      out += digits;
      out.append(static_cast<size_t>(exponent + 1 - n), '0');
    } else {
      out.append(digits, 0, static_cast<size_t>(exponent + 1));
      out.push_back('.');
      out.append(digits, static_cast<size_t>(exponent + 1));
    }
  } else {
    out += "0.";
    out.append(static_cast<size_t>(-exponent - 1), '0');
    out += digits;
  }
}

std::string NulTerminatedCopy(std::string_view text) { return std::string(text); }

}  // namespace

void AppendFloat8(std::string& out, double value, int extra_float_digits) {
  if (AppendSpecial(out, value)) return;
  char buffer[64];
  if (extra_float_digits > 0) {
    auto result = std::to_chars(buffer, buffer + sizeof(buffer), value,
                                std::chars_format::scientific);
    AppendShortest(out, std::string_view(buffer, static_cast<size_t>(result.ptr - buffer)), 15);
    return;
  }
  int digits = std::max(1, 15 + extra_float_digits);
  int length = std::snprintf(buffer, sizeof(buffer), "%.*g", digits, value);
  out.append(buffer, static_cast<size_t>(length));
}

void AppendFloat4(std::string& out, float value, int extra_float_digits) {
  if (AppendSpecial(out, value)) return;
  char buffer[64];
  if (extra_float_digits > 0) {
    auto result = std::to_chars(buffer, buffer + sizeof(buffer), value,
                                std::chars_format::scientific);
    AppendShortest(out, std::string_view(buffer, static_cast<size_t>(result.ptr - buffer)), 6);
    return;
  }
  int digits = std::max(1, 6 + extra_float_digits);
  int length = std::snprintf(buffer, sizeof(buffer), "%.*g", digits, static_cast<double>(value));
  out.append(buffer, static_cast<size_t>(length));
}

namespace {

template <typename T>
T ParseFloat(std::string_view text, std::string_view type_name) {
  std::string copy = NulTerminatedCopy(text);
  const char* start = copy.c_str();
  while (*start == ' ' || (*start >= '\t' && *start <= '\r')) ++start;
  auto syntax = [&]() {
    ThrowSqlError(SqlState::kInvalidTextRepresentation, "invalid input syntax for type {}: \"{}\"",
                  type_name, text);
  };
  if (*start == '\0') syntax();
  // strtod accepts hex floats and "nan(...)"; PostgreSQL's float input does the same via strtod,
  // but does not accept "nan(...)".
  errno = 0;
  char* end = nullptr;
  T value;
  if constexpr (sizeof(T) == sizeof(double)) {
    value = std::strtod(start, &end);
  } else {
    value = std::strtof(start, &end);
  }
  if (end == start) syntax();
  if (errno == ERANGE && (value == 0 || std::isinf(value))) {
    ThrowSqlError(SqlState::kNumericValueOutOfRange, "\"{}\" is out of range for type {}", text,
                  type_name);
  }
  if (std::isnan(value) && end > start && end[-1] == ')') syntax();
  while (*end == ' ' || (*end >= '\t' && *end <= '\r')) ++end;
  if (static_cast<size_t>(end - copy.c_str()) != copy.size()) syntax();
  return value;
}

}  // namespace

double ParseFloat8(std::string_view text) { return ParseFloat<double>(text, "double precision"); }

float ParseFloat4(std::string_view text) { return ParseFloat<float>(text, "real"); }

}  // namespace sb::types
