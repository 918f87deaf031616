// Numeric: PostgreSQL's exact decimal type (arbitrary precision, NaN, no infinities).
//
// A plain value type used by expression evaluation in the workers and by the wire codecs.
// The layout mirrors PostgreSQL's NumericVar: base-10000 digits (most significant first, with
// no leading or trailing zero digits), the weight of the first digit, and a display scale
// (number of decimal digits shown after the point). Results follow PostgreSQL's scale rules,
// so textual output matches the server digit for digit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sb::types {

class Numeric {
 public:
  static constexpr int kBase = 10000;
  static constexpr int kDecDigits = 4;
  static constexpr int kMaxWeight = 32767;        // PostgreSQL's NUMERIC_WEIGHT_MAX
  static constexpr int kMaxDisplayScale = 16383;  // NUMERIC_DSCALE_MAX
  static constexpr int kMaxResultScale = 1000;    // NUMERIC_MAX_DISPLAY_SCALE (division)
  static constexpr int kMinSigDigits = 16;        // NUMERIC_MIN_SIG_DIGITS

  enum class Sign : uint8_t { kPositive, kNegative, kNaN };

  Numeric() = default;  // zero with scale 0
  static Numeric NaN();
  static Numeric FromInt64(int64_t value);
  // PostgreSQL's float8_numeric / float4_numeric: 15 (resp. 6) significant digits.
  // NaN → NaN; infinities raise 0A000 (SmarterBase has no numeric infinity).
  static Numeric FromDouble(double value);
  static Numeric FromFloat4(float value);
  // Text input as numeric_in: whitespace, sign, digits, point, exponent, "NaN".
  // Errors: 22P02 invalid input syntax, 22003 value overflows numeric format.
  static Numeric Parse(std::string_view text);
  // Builds from PostgreSQL's binary fields. Digits must be in [0, 9999]; they are normalised
  // (leading/trailing zero digits stripped). Throws 22P03 on invalid fields.
  static Numeric FromParts(Sign sign, int weight, int dscale, std::vector<int16_t> digits);

  std::string ToString() const;
  void AppendTo(std::string& out) const;

  bool IsNaN() const { return sign_ == Sign::kNaN; }
  bool IsZero() const { return sign_ != Sign::kNaN && digits_.empty(); }
  bool IsNegative() const { return sign_ == Sign::kNegative; }
  // True when there is no fractional part (NaN: false).
  bool IsInteger() const;
  Sign sign() const { return sign_; }
  int weight() const { return weight_; }
  int dscale() const { return dscale_; }
  const std::vector<int16_t>& digits() const { return digits_; }

  Numeric Add(const Numeric& other) const;
  Numeric Sub(const Numeric& other) const;
  Numeric Mul(const Numeric& other) const;
  // Scale chosen by PostgreSQL's select_div_scale; 22012 on division by zero.
  Numeric Div(const Numeric& other) const;
  // Quotient rounded to exactly `scale` digits (PostgreSQL's div_var with round = true).
  Numeric DivScaled(const Numeric& other, int scale) const;
  // Integer (truncated) quotient, as div(x, y).
  Numeric DivTrunc(const Numeric& other) const;
  Numeric Mod(const Numeric& other) const;
  Numeric Neg() const;
  Numeric Abs() const;
  // NaN sorts above every number and equals itself, as in PostgreSQL's btree ordering.
  int Compare(const Numeric& other) const;
  bool operator==(const Numeric& other) const { return Compare(other) == 0; }

  // Rounds half away from zero to `scale` decimal places (negative: left of the point).
  Numeric Round(int scale) const;
  Numeric Trunc(int scale) const;
  // numeric(p,s) coercion: rounds to s, then 22003 "numeric field overflow" if it needs more
  // than p-s integer digits. typmod < 4 means unconstrained.
  Numeric ApplyTypmod(int32_t typmod) const;

  // Conversions round half away from zero; errors as PostgreSQL (22003 "bigint out of range",
  // 0A000 "cannot convert NaN to bigint").
  int64_t ToInt64() const;
  int32_t ToInt32() const;
  int16_t ToInt16() const;
  double ToDouble() const;
  float ToFloat4() const;

  // Equal values (1.5 and 1.50) hash equal; integral values hash like the same int64 when
  // combined through compare.h.
  size_t Hash() const;

 private:
  // Drops leading/trailing zero digits; zero becomes positive with weight 0.
  void Strip();
  // 22003 "value overflows numeric format" when weight or scale exceed the storage format.
  void CheckFormat() const;
  // Rounds in place at `scale` decimal places without touching dscale_.
  void RoundDigits(int scale);
  void TruncDigits(int scale);

  std::vector<int16_t> digits_;
  int32_t weight_ = 0;
  int32_t dscale_ = 0;
  Sign sign_ = Sign::kPositive;
};

}  // namespace sb::types
