#include "shared/index/index_key.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "shared/errors/sql_error.h"
#include "shared/types/compare.h"

namespace sb::index {
namespace {

using types::Value;

std::string Key(const Value& v, types::Oid type) {
  std::string out;
  AppendKeyPart(out, v, type);
  return out;
}

// Byte order of the encodings must agree with SQL order (NULLs last) for every pair.
void ExpectSameOrder(const std::vector<Value>& values, types::Oid type) {
  for (const Value& a : values) {
    for (const Value& b : values) {
      int sql;
      if (a.IsNull() || b.IsNull()) {
        sql = a.IsNull() == b.IsNull() ? 0 : (a.IsNull() ? 1 : -1);
      } else {
        sql = types::Compare(a, b);
      }
      int bytes = Key(a, type).compare(Key(b, type));
      EXPECT_EQ(sql < 0, bytes < 0) << a.DebugString() << " vs " << b.DebugString();
      EXPECT_EQ(sql == 0, bytes == 0) << a.DebugString() << " vs " << b.DebugString();
    }
  }
}

TEST(IndexKey, IntegersOrderLikeSql) {
  std::vector<Value> values = {Value::Null(types::kInt8)};
  for (int64_t n :
       {std::numeric_limits<int64_t>::min(), int64_t{-1000000}, int64_t{-256}, int64_t{-1},
        int64_t{0}, int64_t{1}, int64_t{255}, int64_t{256}, std::numeric_limits<int64_t>::max()}) {
    values.push_back(Value::Int8(n));
  }
  ExpectSameOrder(values, types::kInt8);
}

TEST(IndexKey, FloatsOrderLikeSqlWithNaNHighestAndNegativeZeroEqual) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<Value> values;
  for (double d :
       {-inf, -1e300, -2.5, -1e-300, -0.0, 0.0, 1e-300, 0.1, 2.5, 1e300, inf, std::nan("")}) {
    values.push_back(Value::Float8(d));
  }
  ExpectSameOrder(values, types::kFloat8);
  EXPECT_EQ(Key(Value::Float8(-0.0), types::kFloat8), Key(Value::Float8(0.0), types::kFloat8));
}

TEST(IndexKey, NumericOrderLikeSqlAndTrailingZerosEqual) {
  std::vector<Value> values;
  for (const char* text : {"-123456789.123", "-10000", "-9999.9999", "-1.23", "-1.2", "-1",
                           "-0.0001", "0", "0.00", "0.0001", "1", "1.0", "1.2", "1.23", "9999",
                           "10000", "10000.5", "123456789012345678901234567890", "NaN"}) {
    values.push_back(Value::FromNumeric(types::Numeric::Parse(text)));
  }
  ExpectSameOrder(values, types::kNumeric);
  EXPECT_EQ(Key(values[10], types::kNumeric), Key(values[11], types::kNumeric));  // 1 = 1.0
}

TEST(IndexKey, RandomNumericsOrderLikeSql) {
  std::mt19937_64 rng(42);
  std::vector<Value> values;
  for (int i = 0; i < 150; ++i) {
    std::string text = (rng() % 2) ? "-" : "";
    text += std::to_string(rng() % 100000);
    if (rng() % 2) text += "." + std::to_string(rng() % 1000000);
    values.push_back(Value::FromNumeric(types::Numeric::Parse(text)));
  }
  ExpectSameOrder(values, types::kNumeric);
}

TEST(IndexKey, TextIsByteOrderAndPrefixFree) {
  std::vector<Value> values;
  for (const char* s : {"", "a", "a\x01", "ab", "abc", "b", "\xc3\xa9", "z"}) {
    values.push_back(Value::Text(s));
  }
  ExpectSameOrder(values, types::kText);
  // "a" + stem must never look like a longer value.
  std::string a = Key(Value::Text("a"), types::kText);
  std::string ab = Key(Value::Text("ab"), types::kText);
  EXPECT_NE(ab.substr(0, a.size()), a);
}

TEST(IndexKey, ByteaWithZeroBytes) {
  std::vector<Value> values = {
      Value::Bytea(std::string("\0", 1)), Value::Bytea(std::string("\0\0", 2)),
      Value::Bytea(std::string("\0\x01", 2)), Value::Bytea("\x01"), Value::Bytea("")};
  ExpectSameOrder(values, types::kBytea);
}

TEST(IndexKey, BpcharIgnoresTrailingSpaces) {
  EXPECT_EQ(Key(Value::Text("ab  ", types::kBpchar), types::kBpchar),
            Key(Value::Text("ab", types::kBpchar), types::kBpchar));
}

TEST(IndexKey, TimestampsDatesUuidsBools) {
  ExpectSameOrder(
      {Value::Timestamptz(std::numeric_limits<int64_t>::min()), Value::Timestamptz(-5),
       Value::Timestamptz(0), Value::Timestamptz(7),
       Value::Timestamptz(std::numeric_limits<int64_t>::max()), Value::Null(types::kTimestamptz)},
      types::kTimestamptz);
  ExpectSameOrder({Value::Date(-700000), Value::Date(0), Value::Date(9000)}, types::kDate);
  types::Uuid low{}, high{};
  high[0] = 0xff;
  types::Uuid mid{};
  mid[15] = 1;
  ExpectSameOrder({Value::FromUuid(low), Value::FromUuid(mid), Value::FromUuid(high)},
                  types::kUuid);
  ExpectSameOrder({Value::Bool(false), Value::Bool(true), Value::Null(types::kBool)}, types::kBool);
}

TEST(IndexKey, CompositeKeysOrderByFirstThenSecond) {
  std::vector<types::Oid> types = {types::kText, types::kInt4};
  std::vector<std::string> keys;
  for (const char* s : {"a", "ab", "b"}) {
    for (int n : {-1, 0, 5}) {
      std::vector<Value> row = {Value::Text(s), Value::Int4(n)};
      keys.push_back(EncodeKey(row, types));
    }
  }
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
}

TEST(IndexKey, UnsupportedTypeIsRefused) {
  EXPECT_FALSE(IsIndexableType(types::kJson));
  EXPECT_TRUE(IsIndexableType(types::kUuid));
  std::string out;
  EXPECT_THROW(AppendKeyPart(out, Value::Text("{}", types::kJson), types::kJson), SqlError);
}

}  // namespace
}  // namespace sb::index
