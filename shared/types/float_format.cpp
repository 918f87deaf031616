#include "shared/types/float_format.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

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

std::string NulTerminatedCopy(std::string_view text) {
  return std::string(text);
}

// True when digits × 10^exponent equals odd × 2^power2 exactly (both sides as odd × 2^k).
bool DecimalEqualsDyadic(uint64_t digits, int exponent, uint64_t odd, int power2) {
  if (digits == 0) return false;
  int twos = __builtin_ctzll(digits);
  unsigned __int128 rest = digits >> twos;
  if (exponent > 27 || exponent < -27) return false;
  unsigned __int128 pow5 = 1;
  for (int i = 0; i < (exponent < 0 ? -exponent : exponent); ++i) pow5 *= 5;
  if (exponent >= 0) {
    rest *= pow5;
  } else {
    if (rest % pow5 != 0) return false;
    rest /= pow5;
  }
  return rest == odd && twos + exponent == power2;
}

// PostgreSQL's Ryu never accepts a decimal lying exactly on the rounding boundary between two
// binary values (its acceptBounds is false); std::to_chars does for even mantissas. Detects
// that case for `scientific` ("d.ddde+XX") of a finite nonzero value with integer significand
// `mantissa` × 2^`power2` whose next-lower neighbour is `lower_gap_halved` closer.
bool OnRoundingBoundary(std::string_view scientific, uint64_t mantissa, int power2,
                        bool lower_gap_halved) {
  if (mantissa % 2 != 0) return false;
  size_t e_pos = scientific.find('e');
  int exponent = std::atoi(std::string(scientific.substr(e_pos + 1)).c_str());
  uint64_t digits = 0;
  int count = 0;
  for (char c : scientific.substr(0, e_pos)) {
    if (c >= '0' && c <= '9') {
      digits = digits * 10 + static_cast<uint64_t>(c - '0');
      ++count;
    }
  }
  int decimal_exponent = exponent - (count - 1);
  if (DecimalEqualsDyadic(digits, decimal_exponent, 2 * mantissa + 1, power2 - 1)) return true;
  if (lower_gap_halved) {
    return DecimalEqualsDyadic(digits, decimal_exponent, 4 * mantissa - 1, power2 - 2);
  }
  return DecimalEqualsDyadic(digits, decimal_exponent, 2 * mantissa - 1, power2 - 1);
}

// Shortest digits in scientific form, as PostgreSQL's Ryu produces them.
template <typename T>
std::string ShortestScientific(T value) {
  char buffer[64];
  auto result =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  std::string text(buffer, static_cast<size_t>(result.ptr - buffer));
  int binary_exponent = 0;
  std::frexp(std::fabs(value), &binary_exponent);        // |value| = f × 2^e with f in [0.5, 1)
  constexpr int kBits = std::numeric_limits<T>::digits;  // 53 or 24
  constexpr int kMinExponent = std::numeric_limits<T>::min_exponent;  // -1021 or -125
  int power2 = std::max(binary_exponent, kMinExponent) - kBits;
  uint64_t mantissa = static_cast<uint64_t>(std::ldexp(std::fabs(value), -power2));
  bool lower_gap_halved =
      mantissa == (uint64_t{1} << (kBits - 1)) && binary_exponent > kMinExponent;
  if (!OnRoundingBoundary(text, mantissa, power2, lower_gap_halved)) return text;
  // Take the shortest correctly rounded form strictly inside the interval.
  for (int digits = 2; digits <= kBits / 3 + 2; ++digits) {
    int length =
        std::snprintf(buffer, sizeof(buffer), "%.*e", digits - 1, static_cast<double>(value));
    std::string candidate(buffer, static_cast<size_t>(length));
    T parsed;
    if constexpr (sizeof(T) == sizeof(double)) {
      parsed = std::strtod(candidate.c_str(), nullptr);
    } else {
      parsed = std::strtof(candidate.c_str(), nullptr);
    }
    if (parsed == value && !OnRoundingBoundary(candidate, mantissa, power2, lower_gap_halved)) {
      return candidate;
    }
  }
  return text;
}

}  // namespace

void AppendFloat8(std::string& out, double value, int extra_float_digits) {
  if (AppendSpecial(out, value)) return;
  char buffer[64];
  if (extra_float_digits > 0) {
    AppendShortest(out, ShortestScientific(value), 15);
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
    AppendShortest(out, ShortestScientific(value), 6);
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

double ParseFloat8(std::string_view text) {
  return ParseFloat<double>(text, "double precision");
}

float ParseFloat4(std::string_view text) {
  return ParseFloat<float>(text, "real");
}

}  // namespace sb::types
