#include "shared/types/numeric.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "shared/errors/sql_error.h"

namespace sb::types {
namespace {

constexpr int32_t kBase = Numeric::kBase;
constexpr int kRoundPowers[4] = {0, 1000, 100, 10};
// Input exponents beyond this cannot give a storable value; PostgreSQL's limit (INT_MAX / 2)
// exists only to avoid overflow, ours also keeps intermediate sizes small.
constexpr int64_t kMaxInputExponent = 1000000;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool EqualsIgnoreCase(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = text[pos + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  return true;
}

[[noreturn]] void ThrowOverflowsFormat() {
  ThrowSqlError(SqlState::kNumericValueOutOfRange, "value overflows numeric format");
}

int64_t FloorDiv4(int64_t value) {
  return value >= 0 ? value / 4 : -((-value + 3) / 4);
}

// Magnitude view: digits[0] has weight `weight`, digits are base 10000.
struct Mag {
  const std::vector<int16_t>* digits;
  int weight;
  int Size() const { return static_cast<int>(digits->size()); }
  // Digit at position p (the multiplier of 10000^p), 0 outside the stored range.
  int32_t At(int position) const {
    int index = weight - position;
    if (index < 0 || index >= Size()) return 0;
    return (*digits)[static_cast<size_t>(index)];
  }
  int Low() const { return weight - Size() + 1; }
};

int CompareAbs(const Mag& a, const Mag& b) {
  if (a.Size() == 0) return b.Size() == 0 ? 0 : -1;
  if (b.Size() == 0) return 1;
  if (a.weight != b.weight) return a.weight > b.weight ? 1 : -1;
  int low = std::min(a.Low(), b.Low());
  for (int p = a.weight; p >= low; --p) {
    int32_t da = a.At(p);
    int32_t db = b.At(p);
    if (da != db) return da > db ? 1 : -1;
  }
  return 0;
}

// Result digits (with a leading carry slot) and the weight of digits[0].
struct RawResult {
  std::vector<int16_t> digits;
  int weight = 0;
};

RawResult AddAbs(const Mag& a, const Mag& b) {
  int high = std::max(a.weight, b.weight) + 1;
  int low = std::min(a.Size() ? a.Low() : high, b.Size() ? b.Low() : high);
  RawResult result;
  result.weight = high;
  if (low > high) return result;
  result.digits.assign(static_cast<size_t>(high - low + 1), 0);
  int32_t carry = 0;
  for (int p = low; p <= high; ++p) {
    int32_t sum = a.At(p) + b.At(p) + carry;
    carry = sum >= kBase ? 1 : 0;
    result.digits[static_cast<size_t>(high - p)] = static_cast<int16_t>(sum - carry * kBase);
  }
  return result;
}

// Requires |a| >= |b|.
RawResult SubAbs(const Mag& a, const Mag& b) {
  int high = a.weight;
  int low = std::min(a.Size() ? a.Low() : high, b.Size() ? b.Low() : high);
  RawResult result;
  result.weight = high;
  if (a.Size() == 0) return result;
  result.digits.assign(static_cast<size_t>(high - low + 1), 0);
  int32_t borrow = 0;
  for (int p = low; p <= high; ++p) {
    int32_t diff = a.At(p) - b.At(p) - borrow;
    borrow = diff < 0 ? 1 : 0;
    result.digits[static_cast<size_t>(high - p)] = static_cast<int16_t>(diff + borrow * kBase);
  }
  return result;
}

// Integer division of non-negative base-10000 integers (most significant digit first).
// `v` must not be zero or have a leading zero. Returns the truncated quotient.
std::vector<int32_t> DivideIntegers(const std::vector<int32_t>& u_in, std::vector<int32_t> v) {
  size_t n = v.size();
  if (u_in.size() < n) return {};
  size_t m = u_in.size() - n;
  std::vector<int32_t> q(m + 1, 0);
  if (n == 1) {
    int64_t remainder = 0;
    for (size_t i = 0; i < u_in.size(); ++i) {
      int64_t current = remainder * kBase + u_in[i];
      int64_t digit = current / v[0];
      remainder = current - digit * v[0];
      if (i >= n - 1) q[i - (n - 1)] = static_cast<int32_t>(digit);
    }
    return q;
  }
  // Knuth's algorithm D: normalise so that v's leading digit is at least kBase / 2.
  int32_t d = kBase / (v[0] + 1);
  std::vector<int32_t> u(u_in.size() + 1, 0);
  std::copy(u_in.begin(), u_in.end(), u.begin() + 1);
  if (d > 1) {
    int32_t carry = 0;
    for (size_t i = u.size(); i-- > 0;) {
      int32_t product = u[i] * d + carry;
      u[i] = product % kBase;
      carry = product / kBase;
    }
    carry = 0;
    for (size_t i = n; i-- > 0;) {
      int32_t product = v[i] * d + carry;
      v[i] = product % kBase;
      carry = product / kBase;
    }
  }
  for (size_t j = 0; j <= m; ++j) {
    int64_t top = static_cast<int64_t>(u[j]) * kBase + u[j + 1];
    int64_t qhat = top / v[0];
    int64_t rhat = top % v[0];
    while (qhat >= kBase || qhat * v[1] > rhat * kBase + u[j + 2]) {
      --qhat;
      rhat += v[0];
      if (rhat >= kBase) break;
    }
    // u[j..j+n] -= qhat * v
    int64_t carry = 0;
    int64_t borrow = 0;
    for (size_t i = n; i-- > 0;) {
      int64_t product = qhat * v[i] + carry;
      carry = product / kBase;
      int64_t diff = u[j + 1 + i] - (product % kBase) - borrow;
      borrow = diff < 0 ? 1 : 0;
      u[j + 1 + i] = static_cast<int32_t>(diff + borrow * kBase);
    }
    int64_t head = u[j] - carry - borrow;
    if (head < 0) {
      // qhat was one too large: add v back.
      --qhat;
      int64_t add_carry = 0;
      for (size_t i = n; i-- > 0;) {
        int64_t sum = static_cast<int64_t>(u[j + 1 + i]) + v[i] + add_carry;
        add_carry = sum >= kBase ? 1 : 0;
        u[j + 1 + i] = static_cast<int32_t>(sum - add_carry * kBase);
      }
      head += add_carry;
    }
    u[j] = static_cast<int32_t>(head);
    q[j] = static_cast<int32_t>(qhat);
  }
  return q;
}

}  // namespace

Numeric Numeric::NaN() {
  Numeric result;
  result.sign_ = Sign::kNaN;
  return result;
}

Numeric Numeric::FromInt64(int64_t value) {
  Numeric result;
  if (value == 0) return result;
  uint64_t magnitude =
      value < 0 ? static_cast<uint64_t>(-(value + 1)) + 1 : static_cast<uint64_t>(value);
  result.sign_ = value < 0 ? Sign::kNegative : Sign::kPositive;
  std::vector<int16_t> reversed;
  while (magnitude > 0) {
    reversed.push_back(static_cast<int16_t>(magnitude % kBase));
    magnitude /= kBase;
  }
  result.digits_.assign(reversed.rbegin(), reversed.rend());
  result.weight_ = static_cast<int32_t>(result.digits_.size()) - 1;
  result.Strip();
  return result;
}

Numeric Numeric::FromDouble(double value) {
  if (std::isnan(value)) return NaN();
  if (std::isinf(value)) {
    ThrowSqlError(SqlState::kFeatureNotSupported, "cannot convert infinity to numeric");
  }
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*g", std::numeric_limits<double>::digits10, value);
  return Parse(buffer);
}

Numeric Numeric::FromFloat4(float value) {
  if (std::isnan(value)) return NaN();
  if (std::isinf(value)) {
    ThrowSqlError(SqlState::kFeatureNotSupported, "cannot convert infinity to numeric");
  }
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*g", std::numeric_limits<float>::digits10,
                static_cast<double>(value));
  return Parse(buffer);
}

Numeric Numeric::Parse(std::string_view text) {
  auto syntax_error = [&]() {
    ThrowSqlError(SqlState::kInvalidTextRepresentation,
                  "invalid input syntax for type numeric: \"{}\"", text);
  };
  size_t i = 0;
  const size_t n = text.size();
  while (i < n && IsSpace(text[i])) ++i;
  auto finish_special = [&](size_t length) {
    i += length;
    while (i < n && IsSpace(text[i])) ++i;
    if (i != n) syntax_error();
  };
  if (EqualsIgnoreCase(text, i, "nan")) {
    finish_special(3);
    return NaN();
  }
  bool negative = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  if (EqualsIgnoreCase(text, i, "infinity") || EqualsIgnoreCase(text, i, "inf")) {
    finish_special(EqualsIgnoreCase(text, i, "infinity") ? 8 : 3);
    ThrowSqlError(SqlState::kFeatureNotSupported, "numeric infinity is not supported");
  }
  std::string decimal_digits;
  bool seen_point = false;
  size_t point_pos = 0;
  while (i < n) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      decimal_digits.push_back(c);
    } else if (c == '.' && !seen_point) {
      seen_point = true;
      point_pos = decimal_digits.size();
    } else {
      break;
    }
    ++i;
  }
  if (decimal_digits.empty()) syntax_error();
  if (!seen_point) point_pos = decimal_digits.size();
  int64_t exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) {
      exponent_negative = text[i] == '-';
      ++i;
    }
    if (i >= n || text[i] < '0' || text[i] > '9') syntax_error();
    bool too_big = false;
    while (i < n && text[i] >= '0' && text[i] <= '9') {
      if (exponent > kMaxInputExponent) {
        too_big = true;
      } else {
        exponent = exponent * 10 + (text[i] - '0');
      }
      ++i;
    }
    while (i < n && IsSpace(text[i])) ++i;
    if (i != n) syntax_error();
    if (too_big || exponent > kMaxInputExponent) ThrowOverflowsFormat();
    if (exponent_negative) exponent = -exponent;
  }
  while (i < n && IsSpace(text[i])) ++i;
  if (i != n) syntax_error();

  int64_t frac_digits = static_cast<int64_t>(decimal_digits.size() - point_pos);
  int64_t dscale = std::max<int64_t>(0, frac_digits - exponent);
  if (dscale > kMaxDisplayScale) ThrowOverflowsFormat();
  Numeric result;
  result.dscale_ = static_cast<int32_t>(dscale);
  size_t first = decimal_digits.find_first_not_of('0');
  if (first == std::string::npos) return result;  // zero (sign dropped like PostgreSQL)
  size_t last = decimal_digits.find_last_not_of('0');
  // Decimal power of the digit at index k is digits_before_point - 1 - k.
  int64_t before_point = static_cast<int64_t>(point_pos) + exponent;
  int64_t top_power = before_point - 1 - static_cast<int64_t>(first);
  int64_t bottom_power = before_point - 1 - static_cast<int64_t>(last);
  int64_t weight = FloorDiv4(top_power);
  if (weight > kMaxWeight) ThrowOverflowsFormat();
  int64_t low_group = FloorDiv4(bottom_power);
  result.digits_.assign(static_cast<size_t>(weight - low_group + 1), 0);
  result.weight_ = static_cast<int32_t>(weight);
  static constexpr int16_t kPow10[4] = {1, 10, 100, 1000};
  for (size_t k = first; k <= last; ++k) {
    int64_t power = before_point - 1 - static_cast<int64_t>(k);
    int64_t group = FloorDiv4(power);
    auto& digit = result.digits_[static_cast<size_t>(weight - group)];
    digit = static_cast<int16_t>(digit + (decimal_digits[k] - '0') * kPow10[power - group * 4]);
  }
  result.sign_ = negative ? Sign::kNegative : Sign::kPositive;
  result.Strip();
  return result;
}

Numeric Numeric::FromParts(Sign sign, int weight, int dscale, std::vector<int16_t> digits) {
  auto bad = [](std::string_view what) {
    ThrowSqlError(SqlState::kInvalidBinaryRepresentation,
                  "invalid {} in external \"numeric\" value", what);
  };
  if (dscale < 0 || dscale > kMaxDisplayScale) bad("scale");
  for (int16_t digit : digits) {
    if (digit < 0 || digit >= kBase) bad("digit");
  }
  Numeric result;
  if (sign == Sign::kNaN) return NaN();
  result.sign_ = sign;
  result.weight_ = weight;
  result.dscale_ = dscale;
  result.digits_ = std::move(digits);
  result.Strip();
  // PostgreSQL's numeric_recv truncates digits hidden by the declared scale.
  result.TruncDigits(dscale);
  result.Strip();
  if (!result.digits_.empty() && (result.weight_ > kMaxWeight || result.weight_ < -32768)) {
    ThrowOverflowsFormat();
  }
  return result;
}

void Numeric::Strip() {
  if (sign_ == Sign::kNaN) {
    digits_.clear();
    weight_ = 0;
    dscale_ = 0;
    return;
  }
  size_t lead = 0;
  while (lead < digits_.size() && digits_[lead] == 0) ++lead;
  if (lead == digits_.size()) {
    digits_.clear();
    weight_ = 0;
    sign_ = Sign::kPositive;
    return;
  }
  size_t end = digits_.size();
  while (end > lead && digits_[end - 1] == 0) --end;
  if (lead > 0 || end < digits_.size()) {
    digits_.erase(digits_.begin() + static_cast<std::ptrdiff_t>(end), digits_.end());
    digits_.erase(digits_.begin(), digits_.begin() + static_cast<std::ptrdiff_t>(lead));
    weight_ -= static_cast<int32_t>(lead);
  }
}

void Numeric::CheckFormat() const {
  if (sign_ == Sign::kNaN) return;
  if (dscale_ > kMaxDisplayScale) ThrowOverflowsFormat();
  if (!digits_.empty() && weight_ > kMaxWeight) ThrowOverflowsFormat();
}

std::string Numeric::ToString() const {
  std::string out;
  AppendTo(out);
  return out;
}

void Numeric::AppendTo(std::string& out) const {
  if (sign_ == Sign::kNaN) {
    out += "NaN";
    return;
  }
  if (sign_ == Sign::kNegative) out.push_back('-');
  const int nd = static_cast<int>(digits_.size());
  char group[4];
  auto render = [&](int32_t digit) {
    for (int k = 3; k >= 0; --k) {
      group[k] = static_cast<char>('0' + digit % 10);
      digit /= 10;
    }
  };
  if (weight_ < 0) {
    out.push_back('0');
  } else {
    for (int i = 0; i <= weight_; ++i) {
      int32_t digit = i < nd ? digits_[static_cast<size_t>(i)] : 0;
      render(digit);
      int start = 0;
      if (i == 0) {
        while (start < 3 && group[start] == '0') ++start;
      }
      out.append(group + start, group + 4);
    }
  }
  if (dscale_ <= 0) return;
  out.push_back('.');
  int remaining = dscale_;
  for (int64_t i = static_cast<int64_t>(weight_) + 1; remaining > 0; ++i) {
    int32_t digit = (i >= 0 && i < nd) ? digits_[static_cast<size_t>(i)] : 0;
    render(digit);
    int take = std::min(remaining, 4);
    out.append(group, group + take);
    remaining -= take;
  }
}

bool Numeric::IsInteger() const {
  if (sign_ == Sign::kNaN) return false;
  return digits_.empty() || weight_ - static_cast<int>(digits_.size()) + 1 >= 0;
}

Numeric Numeric::Add(const Numeric& other) const {
  if (IsNaN() || other.IsNaN()) return NaN();
  Mag a{&digits_, weight_};
  Mag b{&other.digits_, other.weight_};
  Numeric result;
  result.dscale_ = std::max(dscale_, other.dscale_);
  if (sign_ == other.sign_) {
    RawResult raw = AddAbs(a, b);
    result.digits_ = std::move(raw.digits);
    result.weight_ = raw.weight;
    result.sign_ = sign_;
  } else {
    int cmp = CompareAbs(a, b);
    if (cmp == 0) return result;
    RawResult raw = cmp > 0 ? SubAbs(a, b) : SubAbs(b, a);
    result.digits_ = std::move(raw.digits);
    result.weight_ = raw.weight;
    result.sign_ = cmp > 0 ? sign_ : other.sign_;
  }
  result.Strip();
  result.CheckFormat();
  return result;
}

Numeric Numeric::Sub(const Numeric& other) const {
  return Add(other.Neg());
}

Numeric Numeric::Mul(const Numeric& other) const {
  if (IsNaN() || other.IsNaN()) return NaN();
  Numeric result;
  result.dscale_ = dscale_ + other.dscale_;
  if (!digits_.empty() && !other.digits_.empty()) {
    size_t na = digits_.size();
    size_t nb = other.digits_.size();
    std::vector<int64_t> acc(na + nb, 0);
    for (size_t i = 0; i < na; ++i) {
      int64_t da = digits_[i];
      if (da == 0) continue;
      for (size_t j = 0; j < nb; ++j) acc[i + j + 1] += da * other.digits_[j];
      // Keep accumulators bounded: normalise every so often.
      if ((i & 1023) == 1023) {
        int64_t carry = 0;
        for (size_t k = acc.size(); k-- > 0;) {
          int64_t value = acc[k] + carry;
          carry = value / kBase;
          acc[k] = value % kBase;
        }
      }
    }
    int64_t carry = 0;
    result.digits_.assign(acc.size(), 0);
    for (size_t k = acc.size(); k-- > 0;) {
      int64_t value = acc[k] + carry;
      carry = value / kBase;
      result.digits_[k] = static_cast<int16_t>(value % kBase);
    }
    result.weight_ = weight_ + other.weight_ + 1;
    result.sign_ = sign_ == other.sign_ ? Sign::kPositive : Sign::kNegative;
    result.Strip();
  }
  // As PostgreSQL's numeric_mul: a product whose scale exceeds the format is rounded.
  if (result.dscale_ > kMaxDisplayScale) {
    result.RoundDigits(kMaxDisplayScale);
    result.dscale_ = kMaxDisplayScale;
    result.Strip();
  }
  result.CheckFormat();
  return result;
}

Numeric Numeric::Div(const Numeric& other) const {
  if (IsNaN() || other.IsNaN()) return NaN();
  if (other.IsZero()) ThrowSqlError(SqlState::kDivisionByZero, "division by zero");
  // PostgreSQL's select_div_scale: at least 16 significant digits, and no less than either
  // input's display scale.
  int weight1 = 0, first1 = 0, weight2 = 0, first2 = 0;
  if (!digits_.empty()) {
    weight1 = weight_;
    first1 = digits_[0];
  }
  if (!other.digits_.empty()) {
    weight2 = other.weight_;
    first2 = other.digits_[0];
  }
  int qweight = weight1 - weight2;
  if (first1 <= first2) --qweight;
  int rscale = kMinSigDigits - qweight * kDecDigits;
  rscale = std::max({rscale, dscale_, other.dscale_, 0});
  rscale = std::min(rscale, kMaxResultScale);
  return DivScaled(other, rscale);
}

Numeric Numeric::DivScaled(const Numeric& other, int scale) const {
  if (IsNaN() || other.IsNaN()) return NaN();
  if (other.IsZero()) ThrowSqlError(SqlState::kDivisionByZero, "division by zero");
  scale = std::clamp(scale, -kMaxResultScale * 2, kMaxResultScale * 2);
  Numeric result;
  result.dscale_ = std::max(scale, 0);
  if (IsZero()) return result;
  // Quotient digits down to group position `low_q` (at least 4 guard decimal digits below
  // `scale`), truncated, then rounded once: equivalent to rounding the exact quotient.
  int low_q = -static_cast<int>(FloorDiv4(scale)) - 2;
  int low_a = weight_ - static_cast<int>(digits_.size()) + 1;
  int low_b = other.weight_ - static_cast<int>(other.digits_.size()) + 1;
  int64_t shift = static_cast<int64_t>(low_a) - low_b - low_q;
  std::vector<int32_t> u(digits_.begin(), digits_.end());
  std::vector<int32_t> v(other.digits_.begin(), other.digits_.end());
  if (shift >= 0) {
    u.resize(u.size() + static_cast<size_t>(shift), 0);
  } else {
    v.resize(v.size() + static_cast<size_t>(-shift), 0);
  }
  std::vector<int32_t> q = DivideIntegers(u, std::move(v));
  if (q.empty()) return result;
  result.digits_.assign(q.begin(), q.end());
  result.weight_ = low_q + static_cast<int>(q.size()) - 1;
  result.sign_ = sign_ == other.sign_ ? Sign::kPositive : Sign::kNegative;
  result.Strip();
  result.RoundDigits(scale);
  result.Strip();
  result.CheckFormat();
  return result;
}

Numeric Numeric::DivTrunc(const Numeric& other) const {
  if (IsNaN() || other.IsNaN()) return NaN();
  if (other.IsZero()) ThrowSqlError(SqlState::kDivisionByZero, "division by zero");
  Numeric result;
  if (IsZero()) return result;
  int low_a = weight_ - static_cast<int>(digits_.size()) + 1;
  int low_b = other.weight_ - static_cast<int>(other.digits_.size()) + 1;
  int64_t shift = static_cast<int64_t>(low_a) - low_b;
  std::vector<int32_t> u(digits_.begin(), digits_.end());
  std::vector<int32_t> v(other.digits_.begin(), other.digits_.end());
  if (shift >= 0) {
    u.resize(u.size() + static_cast<size_t>(shift), 0);
  } else {
    v.resize(v.size() + static_cast<size_t>(-shift), 0);
  }
  std::vector<int32_t> q = DivideIntegers(u, std::move(v));
  if (q.empty()) return result;
  result.digits_.assign(q.begin(), q.end());
  result.weight_ = static_cast<int>(q.size()) - 1;
  result.sign_ = sign_ == other.sign_ ? Sign::kPositive : Sign::kNegative;
  result.Strip();
  result.CheckFormat();
  return result;
}

Numeric Numeric::Mod(const Numeric& other) const {
  if (IsNaN() || other.IsNaN()) return NaN();
  Numeric quotient = DivTrunc(other);
  Numeric product = other.Mul(quotient);
  product.dscale_ = other.dscale_;
  return Sub(product);
}

Numeric Numeric::Neg() const {
  Numeric result = *this;
  if (result.sign_ == Sign::kPositive && !result.digits_.empty()) {
    result.sign_ = Sign::kNegative;
  } else if (result.sign_ == Sign::kNegative) {
    result.sign_ = Sign::kPositive;
  }
  return result;
}

Numeric Numeric::Abs() const {
  Numeric result = *this;
  if (result.sign_ == Sign::kNegative) result.sign_ = Sign::kPositive;
  return result;
}

int Numeric::Compare(const Numeric& other) const {
  if (IsNaN()) return other.IsNaN() ? 0 : 1;
  if (other.IsNaN()) return -1;
  bool neg_a = sign_ == Sign::kNegative && !digits_.empty();
  bool neg_b = other.sign_ == Sign::kNegative && !other.digits_.empty();
  if (neg_a != neg_b) return neg_a ? -1 : 1;
  int cmp = CompareAbs(Mag{&digits_, weight_}, Mag{&other.digits_, other.weight_});
  return neg_a ? -cmp : cmp;
}

void Numeric::RoundDigits(int rscale) {
  if (sign_ == Sign::kNaN || digits_.empty()) return;
  const int64_t nd = static_cast<int64_t>(digits_.size());
  int64_t di = (static_cast<int64_t>(weight_) + 1) * kDecDigits + rscale;
  if (di < 0) {
    digits_.clear();
    weight_ = 0;
    sign_ = Sign::kPositive;
    return;
  }
  int64_t keep = (di + kDecDigits - 1) / kDecDigits;
  int rem = static_cast<int>(di % kDecDigits);
  if (!(keep < nd || (keep == nd && rem > 0))) return;
  // w[0] is a spare leading digit that absorbs a carry out of the top.
  std::vector<int32_t> w(static_cast<size_t>(nd) + 1, 0);
  for (int64_t k = 0; k < nd; ++k) w[static_cast<size_t>(k + 1)] = digits_[static_cast<size_t>(k)];
  int32_t carry = 0;
  int64_t pos;
  if (rem == 0) {
    carry = w[static_cast<size_t>(keep + 1)] >= kBase / 2 ? 1 : 0;
    pos = keep;
  } else {
    int32_t pow10 = kRoundPowers[rem];
    int32_t& last = w[static_cast<size_t>(keep)];
    int32_t extra = last % pow10;
    last -= extra;
    if (extra >= pow10 / 2) {
      last += pow10;
      if (last >= kBase) {
        last -= kBase;
        carry = 1;
      }
    }
    pos = keep - 1;
  }
  while (carry != 0 && pos >= 0) {
    int32_t& digit = w[static_cast<size_t>(pos)];
    digit += carry;
    if (digit >= kBase) {
      digit -= kBase;
      carry = 1;
    } else {
      carry = 0;
    }
    --pos;
  }
  digits_.assign(w.begin(), w.begin() + keep + 1);
  weight_ += 1;
  Strip();
}

void Numeric::TruncDigits(int rscale) {
  if (sign_ == Sign::kNaN || digits_.empty()) return;
  int64_t di = (static_cast<int64_t>(weight_) + 1) * kDecDigits + rscale;
  if (di <= 0) {
    digits_.clear();
    weight_ = 0;
    sign_ = Sign::kPositive;
    return;
  }
  int64_t keep = (di + kDecDigits - 1) / kDecDigits;
  if (keep <= static_cast<int64_t>(digits_.size())) {
    digits_.resize(static_cast<size_t>(keep));
    int rem = static_cast<int>(di % kDecDigits);
    if (rem > 0) {
      int16_t& last = digits_.back();
      last = static_cast<int16_t>(last - last % kRoundPowers[rem]);
    }
  }
  Strip();
}

Numeric Numeric::Round(int scale) const {
  if (IsNaN()) return *this;
  scale = std::clamp(scale, -2 * kMaxResultScale, 2 * kMaxResultScale);
  Numeric result = *this;
  result.RoundDigits(scale);
  result.dscale_ = std::max(scale, 0);
  result.Strip();
  result.CheckFormat();
  return result;
}

Numeric Numeric::Trunc(int scale) const {
  if (IsNaN()) return *this;
  scale = std::clamp(scale, -2 * kMaxResultScale, 2 * kMaxResultScale);
  Numeric result = *this;
  result.TruncDigits(scale);
  result.dscale_ = std::max(scale, 0);
  result.Strip();
  return result;
}

Numeric Numeric::ApplyTypmod(int32_t typmod) const {
  if (IsNaN() || typmod < 4) return *this;
  int precision = ((typmod - 4) >> 16) & 0xffff;
  int scale = (((typmod - 4) & 0x7ff) ^ 1024) - 1024;
  int max_digits = precision - scale;
  Numeric result = *this;
  result.RoundDigits(scale);
  result.dscale_ = std::max(scale, 0);
  result.Strip();
  if (!result.digits_.empty()) {
    int64_t digits_before_point = (static_cast<int64_t>(result.weight_) + 1) * kDecDigits;
    int16_t first = result.digits_[0];
    if (first < 10) {
      digits_before_point -= 3;
    } else if (first < 100) {
      digits_before_point -= 2;
    } else if (first < 1000) {
      digits_before_point -= 1;
    }
    if (digits_before_point > max_digits) {
      throw SqlError(SqlState::kNumericValueOutOfRange, "numeric field overflow")
          .WithDetail(fmt::format(
              "A field with precision {}, scale {} must round to an absolute value less than "
              "{}{}.",
              precision, scale, max_digits != 0 ? "10^" : "", max_digits != 0 ? max_digits : 1));
    }
  }
  return result;
}

namespace {

// Exact magnitude check against an int64 limit, after rounding to an integer.
bool ToInt64Checked(const Numeric& rounded, int64_t* out) {
  const auto& digits = rounded.digits();
  if (digits.empty()) {
    *out = 0;
    return true;
  }
  if (rounded.weight() > 4) return false;  // >= 10000^5 = 1e20
  // Accumulate as a negative number so INT64_MIN is representable.
  int64_t value = 0;
  for (int position = rounded.weight(); position >= 0; --position) {
    size_t index = static_cast<size_t>(rounded.weight() - position);
    int64_t digit = index < digits.size() ? digits[index] : 0;
    if (value < (std::numeric_limits<int64_t>::min() + digit) / kBase) return false;
    value = value * kBase - digit;
  }
  if (!rounded.IsNegative()) {
    if (value == std::numeric_limits<int64_t>::min()) return false;
    value = -value;
  }
  *out = value;
  return true;
}

}  // namespace

int64_t Numeric::ToInt64() const {
  if (IsNaN()) ThrowSqlError(SqlState::kFeatureNotSupported, "cannot convert NaN to bigint");
  int64_t value = 0;
  if (!ToInt64Checked(Round(0), &value)) {
    ThrowSqlError(SqlState::kNumericValueOutOfRange, "bigint out of range");
  }
  return value;
}

int32_t Numeric::ToInt32() const {
  if (IsNaN()) ThrowSqlError(SqlState::kFeatureNotSupported, "cannot convert NaN to integer");
  int64_t value = 0;
  if (!ToInt64Checked(Round(0), &value) || value < std::numeric_limits<int32_t>::min() ||
      value > std::numeric_limits<int32_t>::max()) {
    ThrowSqlError(SqlState::kNumericValueOutOfRange, "integer out of range");
  }
  return static_cast<int32_t>(value);
}

int16_t Numeric::ToInt16() const {
  if (IsNaN()) ThrowSqlError(SqlState::kFeatureNotSupported, "cannot convert NaN to smallint");
  int64_t value = 0;
  if (!ToInt64Checked(Round(0), &value) || value < std::numeric_limits<int16_t>::min() ||
      value > std::numeric_limits<int16_t>::max()) {
    ThrowSqlError(SqlState::kNumericValueOutOfRange, "smallint out of range");
  }
  return static_cast<int16_t>(value);
}

double Numeric::ToDouble() const {
  if (IsNaN()) return std::numeric_limits<double>::quiet_NaN();
  std::string text = ToString();
  errno = 0;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (errno == ERANGE && (value == 0.0 || std::isinf(value))) {
    ThrowSqlError(SqlState::kNumericValueOutOfRange,
                  "\"{}\" is out of range for type double precision", text);
  }
  return value;
}

float Numeric::ToFloat4() const {
  if (IsNaN()) return std::numeric_limits<float>::quiet_NaN();
  std::string text = ToString();
  errno = 0;
  char* end = nullptr;
  float value = std::strtof(text.c_str(), &end);
  if (errno == ERANGE && (value == 0.0f || std::isinf(value))) {
    ThrowSqlError(SqlState::kNumericValueOutOfRange, "\"{}\" is out of range for type real", text);
  }
  return value;
}

size_t Numeric::Hash() const {
  if (IsNaN()) return 0x9e3779b97f4a7c15ULL;
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](uint64_t value) {
    h ^= value;
    h *= 1099511628211ULL;
  };
  mix(static_cast<uint64_t>(sign_));
  mix(static_cast<uint64_t>(static_cast<int64_t>(weight_)));
  for (int16_t digit : digits_) mix(static_cast<uint64_t>(digit));
  return static_cast<size_t>(h);
}

}  // namespace sb::types
