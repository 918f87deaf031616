#include "shared/types/numeric.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "shared/types/pg_type.h"
#include "tests/unit/types/test_util.h"

namespace sb::types {
namespace {

using testing::ExpectSqlError;

std::string N(std::string_view text) {
  return Numeric::Parse(text).ToString();
}

TEST(NumericTest, ParseAndFormatKeepScale) {
  EXPECT_EQ(N("1.50"), "1.50");
  EXPECT_EQ(N("  -0.000 "), "0.000");
  EXPECT_EQ(N("1e-5"), "0.00001");
  EXPECT_EQ(N("1E+3"), "1000");
  EXPECT_EQ(N("-.5e3"), "-500");
  EXPECT_EQ(N(".5"), "0.5");
  EXPECT_EQ(N("5."), "5");
  EXPECT_EQ(N("+007"), "7");
  EXPECT_EQ(N("12345678901234567890.123456789"), "12345678901234567890.123456789");
  EXPECT_EQ(N("NaN"), "NaN");
  EXPECT_EQ(N(" nan "), "NaN");
  EXPECT_EQ(N("10000"), "10000");
  EXPECT_EQ(N("0.0001"), "0.0001");
}

TEST(NumericTest, ParseErrors) {
  ExpectSqlError([] { Numeric::Parse("abc"); }, "22P02",
                 "invalid input syntax for type numeric: \"abc\"");
  ExpectSqlError([] { Numeric::Parse(""); }, "22P02");
  ExpectSqlError([] { Numeric::Parse("1e"); }, "22P02");
  ExpectSqlError([] { Numeric::Parse("."); }, "22P02");
  ExpectSqlError([] { Numeric::Parse("1.2.3"); }, "22P02");
  ExpectSqlError([] { Numeric::Parse("1 2"); }, "22P02");
  ExpectSqlError([] { Numeric::Parse("1e131072"); }, "22003", "value overflows numeric format");
  ExpectSqlError([] { Numeric::Parse("1e-16384"); }, "22003");
  ExpectSqlError([] { Numeric::Parse("1e999999999999999999999"); }, "22003");
  ExpectSqlError([] { Numeric::Parse("Infinity"); }, "0A000");
  EXPECT_EQ(Numeric::Parse("1e131071").weight(), 32767);
}

TEST(NumericTest, DivisionScaleMatchesPostgres) {
  auto div = [](std::string_view a, std::string_view b) {
    return Numeric::Parse(a).Div(Numeric::Parse(b)).ToString();
  };
  EXPECT_EQ(div("1", "3"), "0.33333333333333333333");
  EXPECT_EQ(div("2", "3"), "0.66666666666666666667");
  EXPECT_EQ(div("10", "4"), "2.5000000000000000");
  EXPECT_EQ(div("1", "8"), "0.12500000000000000000");
  EXPECT_EQ(div("123456789", "1000"), "123456.789000000000");
  EXPECT_EQ(div("1.000", "3.00000000000000000000000"), "0.33333333333333333333333");
  EXPECT_EQ(div("-7", "2"), "-3.5000000000000000");
  EXPECT_EQ(div("0", "5"), "0.00000000000000000000");
  ExpectSqlError([&] { div("1", "0"); }, "22012", "division by zero");
  ExpectSqlError([&] { div("1", "0.000"); }, "22012");
  EXPECT_EQ(div("NaN", "0"), "NaN");
}

TEST(NumericTest, Arithmetic) {
  auto a = Numeric::Parse("10.5");
  auto b = Numeric::Parse("3");
  EXPECT_EQ(a.Add(b).ToString(), "13.5");
  EXPECT_EQ(a.Sub(b).ToString(), "7.5");
  EXPECT_EQ(b.Sub(a).ToString(), "-7.5");
  EXPECT_EQ(a.Mul(b).ToString(), "31.5");
  EXPECT_EQ(a.Mod(b).ToString(), "1.5");
  EXPECT_EQ(Numeric::Parse("-10.5").Mod(b).ToString(), "-1.5");
  EXPECT_EQ(Numeric::Parse("1.50").Sub(Numeric::Parse("1.5")).ToString(), "0.00");
  EXPECT_EQ(Numeric::Parse("0.1").Mul(Numeric::Parse("0.01")).ToString(), "0.001");
  EXPECT_EQ(Numeric::Parse("9999").Add(Numeric::Parse("1")).ToString(), "10000");
  EXPECT_EQ(Numeric::Parse("-5").Neg().ToString(), "5");
  EXPECT_EQ(Numeric::Parse("-5.25").Abs().ToString(), "5.25");
  EXPECT_EQ(Numeric::Parse("0").Neg().ToString(), "0");
  EXPECT_TRUE(a.Add(Numeric::NaN()).IsNaN());
  ExpectSqlError([&] { a.Mod(Numeric()); }, "22012");
  EXPECT_EQ(a.DivTrunc(b).ToString(), "3");
  EXPECT_EQ(a.DivScaled(b, 3).ToString(), "3.500");
}

// (x * y) / y == x and (x + y) - y == x for many random operands.
TEST(NumericTest, RandomizedIdentities) {
  std::mt19937_64 rng(42);
  auto random_number = [&rng]() {
    std::string text;
    if (rng() % 2) text.push_back('-');
    int digits = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < digits; ++i) text.push_back(static_cast<char>('0' + rng() % 10));
    int point = static_cast<int>(rng() % (digits + 1));
    if (point < digits) text.insert(text.size() - static_cast<size_t>(point), ".");
    if (text.back() == '.') text.pop_back();
    return Numeric::Parse(text);
  };
  for (int i = 0; i < 500; ++i) {
    Numeric x = random_number();
    Numeric y = random_number();
    EXPECT_EQ(x.Add(y).Sub(y).Compare(x), 0) << x.ToString() << " " << y.ToString();
    if (!y.IsZero()) {
      Numeric product = x.Mul(y);
      EXPECT_EQ(product.DivScaled(y, x.dscale()).Compare(x), 0)
          << x.ToString() << " * " << y.ToString();
      // x = trunc(x / y) * y + x % y
      Numeric rebuilt = x.DivTrunc(y).Mul(y).Add(x.Mod(y));
      EXPECT_EQ(rebuilt.Compare(x), 0) << x.ToString() << " % " << y.ToString();
    }
  }
}

TEST(NumericTest, RoundingAndTypmod) {
  EXPECT_EQ(Numeric::Parse("2.5").Round(0).ToString(), "3");
  EXPECT_EQ(Numeric::Parse("-2.5").Round(0).ToString(), "-3");
  EXPECT_EQ(Numeric::Parse("1234.5678").Round(2).ToString(), "1234.57");
  EXPECT_EQ(Numeric::Parse("1234.5678").Round(-2).ToString(), "1200");
  EXPECT_EQ(Numeric::Parse("9999.9999").Round(3).ToString(), "10000.000");
  EXPECT_EQ(Numeric::Parse("0.5").Round(0).ToString(), "1");
  EXPECT_EQ(Numeric::Parse("0.00049").Round(3).ToString(), "0.000");
  EXPECT_EQ(Numeric::Parse("1.99").Trunc(1).ToString(), "1.9");
  EXPECT_EQ(Numeric::Parse("-1.99").Trunc(0).ToString(), "-1");

  EXPECT_EQ(Numeric::Parse("12345678.125").ApplyTypmod(NumericTypmod(10, 2)).ToString(),
            "12345678.13");
  EXPECT_EQ(Numeric::Parse("1").ApplyTypmod(NumericTypmod(5, 2)).ToString(), "1.00");
  EXPECT_EQ(Numeric::Parse("12345").ApplyTypmod(NumericTypmod(2, -3)).ToString(), "12000");
  EXPECT_TRUE(Numeric::NaN().ApplyTypmod(NumericTypmod(5, 2)).IsNaN());
  try {
    Numeric::Parse("12345.678").ApplyTypmod(NumericTypmod(5, 2));
    FAIL();
  } catch (const SqlError& error) {
    EXPECT_EQ(SqlStateCode(error.state()), "22003");
    EXPECT_STREQ(error.what(), "numeric field overflow");
    EXPECT_EQ(error.detail(),
              "A field with precision 5, scale 2 must round to an absolute value less than 10^3.");
  }
  try {
    Numeric::Parse("0.99995").ApplyTypmod(NumericTypmod(4, 4));
    FAIL();
  } catch (const SqlError& error) {
    EXPECT_EQ(error.detail(),
              "A field with precision 4, scale 4 must round to an absolute value less than 1.");
  }
}

TEST(NumericTest, IntegerConversions) {
  EXPECT_EQ(Numeric::Parse("2.5").ToInt32(), 3);
  EXPECT_EQ(Numeric::Parse("-2.5").ToInt32(), -3);
  EXPECT_EQ(Numeric::Parse("9223372036854775807").ToInt64(), INT64_MAX);
  EXPECT_EQ(Numeric::Parse("-9223372036854775808").ToInt64(), INT64_MIN);
  EXPECT_EQ(Numeric::Parse("-32768.4").ToInt16(), -32768);
  ExpectSqlError([] { Numeric::Parse("9223372036854775808").ToInt64(); }, "22003",
                 "bigint out of range");
  ExpectSqlError([] { Numeric::Parse("2147483647.5").ToInt32(); }, "22003", "integer out of range");
  ExpectSqlError([] { Numeric::Parse("32767.5").ToInt16(); }, "22003", "smallint out of range");
  ExpectSqlError([] { Numeric::NaN().ToInt32(); }, "0A000", "cannot convert NaN to integer");
  ExpectSqlError([] { Numeric::Parse("1e30").ToInt64(); }, "22003");
  EXPECT_EQ(Numeric::FromInt64(INT64_MIN).ToString(), "-9223372036854775808");
  EXPECT_EQ(Numeric::FromInt64(0).ToString(), "0");
  EXPECT_EQ(Numeric::FromInt64(10000).ToString(), "10000");
}

TEST(NumericTest, FloatConversions) {
  EXPECT_EQ(Numeric::FromDouble(0.1).ToString(), "0.1");
  EXPECT_EQ(Numeric::FromDouble(1.0 / 3).ToString(), "0.333333333333333");
  EXPECT_EQ(Numeric::FromDouble(1e20).ToString(), "100000000000000000000");
  EXPECT_EQ(Numeric::FromFloat4(0.1f).ToString(), "0.1");
  EXPECT_TRUE(Numeric::FromDouble(std::nan("")).IsNaN());
  ExpectSqlError([] { Numeric::FromDouble(INFINITY); }, "0A000");
  EXPECT_DOUBLE_EQ(Numeric::Parse("1.25").ToDouble(), 1.25);
  EXPECT_TRUE(std::isnan(Numeric::NaN().ToDouble()));
  ExpectSqlError([] { Numeric::Parse("1e400").ToDouble(); }, "22003");
  EXPECT_FLOAT_EQ(Numeric::Parse("0.5").ToFloat4(), 0.5f);
}

TEST(NumericTest, CompareAndHash) {
  EXPECT_EQ(Numeric::Parse("1.5").Compare(Numeric::Parse("1.50")), 0);
  EXPECT_EQ(Numeric::Parse("1.5").Hash(), Numeric::Parse("1.50").Hash());
  EXPECT_LT(Numeric::Parse("-2").Compare(Numeric::Parse("1")), 0);
  EXPECT_GT(Numeric::Parse("-1").Compare(Numeric::Parse("-2")), 0);
  EXPECT_LT(Numeric::Parse("0.0001").Compare(Numeric::Parse("0.001")), 0);
  EXPECT_GT(Numeric::NaN().Compare(Numeric::Parse("1e1000")), 0);
  EXPECT_EQ(Numeric::NaN().Compare(Numeric::NaN()), 0);
  EXPECT_EQ(Numeric::Parse("0").Compare(Numeric::Parse("-0.00")), 0);
  EXPECT_TRUE(Numeric::Parse("10.000").IsInteger());
  EXPECT_FALSE(Numeric::Parse("10.001").IsInteger());
}

TEST(NumericTest, FromPartsValidates) {
  Numeric value = Numeric::FromParts(Numeric::Sign::kNegative, 0, 2, {12, 3400});
  EXPECT_EQ(value.ToString(), "-12.34");
  // Digits hidden by the scale are truncated, as numeric_recv does.
  EXPECT_EQ(Numeric::FromParts(Numeric::Sign::kPositive, 0, 1, {1, 2599}).ToString(), "1.2");
  ExpectSqlError([] { Numeric::FromParts(Numeric::Sign::kPositive, 0, 0, {10000}); }, "22P03");
  ExpectSqlError([] { Numeric::FromParts(Numeric::Sign::kPositive, 0, -1, {1}); }, "22P03");
}

TEST(NumericTest, LargeValuesStayExact) {
  std::string big(1000, '9');
  Numeric a = Numeric::Parse(big);
  Numeric one = Numeric::FromInt64(1);
  Numeric sum = a.Add(one);
  EXPECT_EQ(sum.ToString(), "1" + std::string(1000, '0'));
  EXPECT_EQ(sum.Sub(one).ToString(), big);
  Numeric square = a.Mul(a);
  EXPECT_EQ(square.DivScaled(a, 0).ToString(), big);
}

}  // namespace
}  // namespace sb::types
