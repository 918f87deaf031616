#include "shared/storage/document_key.h"

#include <gtest/gtest.h>

#include <set>

#include "shared/storage/data_paths.h"
#include "shared/storage/name_encoding.h"
#include "shared/types/text_io.h"
#include "shared/types/uuid_gen.h"
#include "tests/unit/storage/storage_test_util.h"

namespace sb::storage {
namespace {

using testing::ExpectSqlError;
using types::Value;

Value Parse(types::Oid type, std::string_view text, int32_t typmod = -1) {
  return types::ParseText(type, typmod, text, types::FormatSettings{});
}

void ExpectRoundTrip(const std::vector<Value>& key, const std::vector<KeyColumn>& columns,
                     std::string_view expected_stem) {
  std::string stem = EncodeKeyStem(key);
  EXPECT_EQ(stem, expected_stem);
  EXPECT_TRUE(IsSafeComponent(stem + ".json")) << stem;
  DecodedKey decoded = DecodeKeyStem(stem, columns);
  ASSERT_EQ(decoded.status, KeyStemStatus::kOk) << stem;
  ASSERT_EQ(decoded.values.size(), key.size());
  for (size_t i = 0; i < key.size(); ++i) {
    EXPECT_EQ(decoded.values[i], key[i]) << decoded.values[i].DebugString();
  }
}

TEST(DocumentKeyTest, IntegersAreDecimal) {
  ExpectRoundTrip({Value::Int4(42)}, {{types::kInt4}}, "42");
  ExpectRoundTrip({Value::Int8(-7)}, {{types::kInt8}}, "-7");
  ExpectRoundTrip({Value::Int8(INT64_MIN)}, {{types::kInt8}}, "-9223372036854775808");
  ExpectRoundTrip({Value::Int2(0)}, {{types::kInt2}}, "0");
}

TEST(DocumentKeyTest, UuidsAreCanonicalLowerCase) {
  Value uuid = Parse(types::kUuid, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11");
  ExpectRoundTrip({uuid}, {{types::kUuid}}, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  EXPECT_EQ(
      DecodeKeyStem("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", std::vector<KeyColumn>{{types::kUuid}})
          .status,
      KeyStemStatus::kInvalid);
}

TEST(DocumentKeyTest, TextGoesThroughNameEncoding) {
  ExpectRoundTrip({Value::Text("alice@example.com")}, {{types::kText}}, "alice%40example.com");
  ExpectRoundTrip({Value::Text("Bob")}, {{types::kText}}, "%42ob");
  ExpectRoundTrip({Value::Text("")}, {{types::kText}}, "%");
  ExpectRoundTrip({Value::Text("../etc", types::kVarchar)},
                  {{types::kVarchar, types::VarcharTypmod(10)}}, "%2E.%2Fetc");
  ExpectRoundTrip({Value::Text("_x", types::kVarchar)}, {{types::kVarchar}}, "%5Fx");
}

TEST(DocumentKeyTest, EqualValuesHaveOneStem) {
  EXPECT_EQ(EncodeKeyStem(Parse(types::kNumeric, "1.50")), "1.5");
  EXPECT_EQ(EncodeKeyStem(Parse(types::kNumeric, "1.5")), "1.5");
  EXPECT_EQ(EncodeKeyStem(Parse(types::kNumeric, "100")), "100");
  EXPECT_EQ(EncodeKeyStem(Parse(types::kNumeric, "0.000")), "0");
  EXPECT_EQ(EncodeKeyStem(Value::Float8(-0.0)), EncodeKeyStem(Value::Float8(0.0)));
  // Decoding accepts only the canonical stem.
  std::vector<KeyColumn> numeric = {{types::kNumeric}};
  EXPECT_EQ(DecodeKeyStem("1.5", numeric).status, KeyStemStatus::kOk);
  EXPECT_EQ(DecodeKeyStem("1.50", numeric).status, KeyStemStatus::kInvalid);
  std::vector<KeyColumn> integer = {{types::kInt4}};
  for (std::string_view stem : {"007", "-0", "+7", "7.0", "1e3", "abc", "", " 7", "99999999999"}) {
    EXPECT_EQ(DecodeKeyStem(stem, integer).status, KeyStemStatus::kInvalid) << stem;
  }
}

TEST(DocumentKeyTest, OtherKeyTypes) {
  ExpectRoundTrip({Value::Bool(true)}, {{types::kBool}}, "true");
  ExpectRoundTrip({Parse(types::kDate, "2024-02-29")}, {{types::kDate}}, "2024-02-29");
  ExpectRoundTrip({Parse(types::kTimestamp, "2024-02-29 10:11:12.5")}, {{types::kTimestamp}},
                  "2024-02-29%5410%3A11%3A12.5");
  ExpectRoundTrip({Parse(types::kTimestamptz, "2024-02-29 10:11:12+02")}, {{types::kTimestamptz}},
                  "2024-02-29%5408%3A11%3A12%5A");
  ExpectRoundTrip({Value::Float8(1.25)}, {{types::kFloat8}}, "1.25");
  ExpectRoundTrip({Value::Bytea(std::string("\x01\xff", 2))}, {{types::kBytea}}, "%5Cx01ff");
  ExpectRoundTrip({Parse(types::kBpchar, "ab", types::VarcharTypmod(4))},
                  {{types::kBpchar, types::VarcharTypmod(4)}}, "ab%20%20");
}

TEST(DocumentKeyTest, CompositeKeys) {
  std::vector<KeyColumn> columns = {{types::kInt4}, {types::kText}, {types::kUuid}};
  Value uuid = Parse(types::kUuid, "019363e8-7c1a-7d5e-8f00-1b2c3d4e5f60");
  ExpectRoundTrip({Value::Int4(1), Value::Text("a,b"), uuid}, columns,
                  "1,a%2Cb,019363e8-7c1a-7d5e-8f00-1b2c3d4e5f60");
  // Wrong number of parts.
  EXPECT_EQ(DecodeKeyStem("1,a", columns).status, KeyStemStatus::kInvalid);
  EXPECT_EQ(DecodeKeyStem("1,a,019363e8-7c1a-7d5e-8f00-1b2c3d4e5f60,x", columns).status,
            KeyStemStatus::kInvalid);
  EXPECT_EQ(DecodeKeyStem("1", std::vector<KeyColumn>{{types::kInt4}, {types::kInt4}}).status,
            KeyStemStatus::kInvalid);
  // Distinct keys never share a stem even when their text concatenations agree.
  EXPECT_NE(EncodeKeyStem(std::vector<Value>{Value::Text("a,b"), Value::Text("c")}),
            EncodeKeyStem(std::vector<Value>{Value::Text("a"), Value::Text("b,c")}));
}

TEST(DocumentKeyTest, LongKeysAreHashed) {
  std::vector<KeyColumn> columns = {{types::kText}};
  std::string stem = EncodeKeyStem(Value::Text(std::string(5000, 'Q')));
  EXPECT_LE(stem.size(), kMaxComponentBytes);
  EXPECT_TRUE(IsSafeComponent(stem + ".json"));
  EXPECT_EQ(DecodeKeyStem(stem, columns).status, KeyStemStatus::kHashed);
  EXPECT_NE(stem, EncodeKeyStem(Value::Text(std::string(4999, 'Q') + "R")));
  // Composite keys are bounded as a whole.
  std::vector<Value> parts = {Value::Text(std::string(150, 'x')),
                              Value::Text(std::string(150, 'y'))};
  std::string composite = EncodeKeyStem(parts);
  EXPECT_LE(composite.size(), kMaxComponentBytes);
  EXPECT_EQ(DecodeKeyStem(composite, std::vector<KeyColumn>{{types::kText}, {types::kText}}).status,
            KeyStemStatus::kHashed);
  EXPECT_EQ(DecodeKeyStem("abc~0123", columns).status, KeyStemStatus::kInvalid);
}

TEST(DocumentKeyTest, Errors) {
  ExpectSqlError(SqlState::kNotNullViolation, [] { EncodeKeyStem(Value::Null(types::kInt4)); });
  ExpectSqlError(SqlState::kFeatureNotSupported,
                 [] { EncodeKeyStem(Value::Text("{}", types::kJsonb)); });
  ExpectSqlError(SqlState::kInternalError, [] { EncodeKeyStem(std::span<const Value>()); });
  EXPECT_EQ(DecodeKeyStem("1", std::vector<KeyColumn>{}).status, KeyStemStatus::kInvalid);
}

TEST(DocumentKeyTest, HiddenRowKeysAreIncreasingUuids) {
  std::vector<KeyColumn> columns = {{types::kUuid}};
  std::string previous;
  for (int i = 0; i < 100; ++i) {
    std::string key = NewHiddenRowKey();
    EXPECT_EQ(key.size(), 36u);
    EXPECT_GT(key, previous);  // ls shows creation order
    EXPECT_EQ(DecodeKeyStem(key, columns).status, KeyStemStatus::kOk);
    previous = key;
  }
}

}  // namespace
}  // namespace sb::storage
