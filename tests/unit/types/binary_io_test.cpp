#include "shared/types/binary_io.h"

#include <gtest/gtest.h>

#include <cmath>

#include "shared/types/text_io.h"
#include "tests/unit/types/test_util.h"

namespace sb::types {
namespace {

using testing::ExpectSqlError;

std::string Hex(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    out.push_back(kDigits[static_cast<unsigned char>(c) >> 4]);
    out.push_back(kDigits[static_cast<unsigned char>(c) & 15]);
  }
  return out;
}

std::string Encode(const Value& value) {
  std::string out;
  EncodeBinary(value, out);
  return out;
}

std::string FromHex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// Byte layouts as PostgreSQL's send functions produce them.
TEST(BinaryIoTest, KnownEncodings) {
  EXPECT_EQ(Hex(Encode(Value::Bool(true))), "01");
  EXPECT_EQ(Hex(Encode(Value::Int2(-2))), "fffe");
  EXPECT_EQ(Hex(Encode(Value::Int4(258))), "00000102");
  EXPECT_EQ(Hex(Encode(Value::Int8(-1))), "ffffffffffffffff");
  EXPECT_EQ(Hex(Encode(Value::OidValue(4294967295u))), "ffffffff");
  EXPECT_EQ(Hex(Encode(Value::Float8(1.0))), "3ff0000000000000");
  EXPECT_EQ(Hex(Encode(Value::Float4(1.0f))), "3f800000");
  EXPECT_EQ(Hex(Encode(Value::Text("ab"))), "6162");
  EXPECT_EQ(Hex(Encode(Value::Text("{}", kJsonb))), "017b7d");
  EXPECT_EQ(Hex(Encode(Value::Date(1))), "00000001");
  EXPECT_EQ(Hex(Encode(Value::Timestamp(-1))), "ffffffffffffffff");
  EXPECT_EQ(Hex(Encode(Value::FromInterval(Interval{1, 2, 3}))),
            "0000000000000001"
            "00000002"
            "00000003");
  // numeric -12.34: ndigits 2, weight 0, sign 0x4000, dscale 2, digits 12 3400
  EXPECT_EQ(Hex(Encode(Value::FromNumeric(Numeric::Parse("-12.34")))),
            "0002"
            "0000"
            "4000"
            "0002"
            "000c"
            "0d48");
  EXPECT_EQ(Hex(Encode(Value::FromNumeric(Numeric::Parse("0.00")))),
            "0000"
            "0000"
            "0000"
            "0002");
  EXPECT_EQ(Hex(Encode(Value::FromNumeric(Numeric::NaN()))),
            "0000"
            "0000"
            "c000"
            "0000");
  EXPECT_EQ(Hex(Encode(Value::FromNumeric(Numeric::Parse("10000")))),
            "0001"
            "0001"
            "0000"
            "0000"
            "0001");
  // int4[] {1,NULL}: ndim 1, hasnull 1, elemtype 23, dim 2, lbound 1, then elements.
  Value array = Value::Array(kInt4, {Value::Int4(1), Value::Null(kInt4)});
  EXPECT_EQ(Hex(Encode(array)),
            "00000001"
            "00000001"
            "00000017"
            "00000002"
            "00000001"
            "00000004"
            "00000001"
            "ffffffff");
  EXPECT_EQ(Hex(Encode(Value::Array(kText, {}))),
            "00000000"
            "00000000"
            "00000019");
}

TEST(BinaryIoTest, RoundTripsEveryType) {
  FormatSettings settings;
  struct Case {
    Oid type;
    const char* text;
  } cases[] = {
      {kBool, "t"},
      {kInt2, "-32768"},
      {kInt4, "2147483647"},
      {kInt8, "-9223372036854775808"},
      {kOid, "4294967295"},
      {kRegclass, "1259"},
      {kFloat4, "3.4028235e+38"},
      {kFloat8, "-1.5e-300"},
      {kFloat8, "NaN"},
      {kFloat8, "-Infinity"},
      {kNumeric, "123456789012345678901234567890.000000001"},
      {kNumeric, "-0.0000001"},
      {kNumeric, "NaN"},
      {kText, "héllo"},
      {kVarchar, "abc"},
      {kBpchar, "ab "},
      {kName, "pg_class"},
      {kChar, "x"},
      {kBytea, "\\x00ff10"},
      {kUuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
      {kDate, "2024-02-29"},
      {kDate, "infinity"},
      {kDate, "0044-03-15 BC"},
      {kTime, "23:59:58.123456"},
      {kTimestamp, "2024-02-29 23:59:58.123456"},
      {kTimestamp, "-infinity"},
      {kTimestamptz, "2024-02-29 23:59:58.5+00"},
      {kInterval, "-1 days +02:03:04.5"},
      {kJson, "{\"a\" : [1, 2]}"},
      {kJsonb, "{\"b\": 1, \"a\": [1, 2]}"},
      {kInt4Array, "{1,NULL,3}"},
      {kTextArray, "{\"a b\",NULL,\"\"}"},
      {kNumericArray, "{1.5,NaN}"},
      {kUuidArray, "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}"},
      {kTimestamptzArray, "{\"2024-01-01 00:00:00+00\"}"},
      {kJsonbArray, "{\"{\\\"a\\\": 1}\"}"},
      {kBoolArray, "{}"},
  };
  for (const Case& c : cases) {
    Value value = ParseText(c.type, -1, c.text, settings);
    std::string bytes = Encode(value);
    Value decoded = DecodeBinary(c.type, -1, bytes);
    EXPECT_EQ(FormatText(decoded, settings), FormatText(value, settings)) << c.text;
    EXPECT_EQ(decoded.type(), value.type()) << c.text;
    EXPECT_EQ(Encode(decoded), bytes) << c.text;
  }
}

TEST(BinaryIoTest, LengthErrors) {
  ExpectSqlError([] { DecodeBinary(kInt4, -1, std::string(2, '\0')); }, "08P01",
                 "insufficient data left in message");
  ExpectSqlError([] { DecodeBinary(kInt4, -1, std::string(6, '\0')); }, "22P03",
                 "incorrect binary data format");
  ExpectSqlError([] { DecodeBinary(kUuid, -1, std::string(15, '\0')); }, "08P01");
  ExpectSqlError([] { DecodeBinary(kBool, -1, ""); }, "08P01");
  ExpectSqlError([] { DecodeBinary(kFloat8, -1, std::string(9, '\0')); }, "22P03");
  ExpectSqlError([] { DecodeBinary(kInterval, -1, std::string(15, '\0')); }, "08P01");
}

TEST(BinaryIoTest, InvalidContent) {
  ExpectSqlError(
      [] {
        DecodeBinary(kNumeric, -1,
                     FromHex("0001000012340000"
                             "0001"));
      },
      "22P03", "invalid sign in external \"numeric\" value");
  ExpectSqlError(
      [] {
        DecodeBinary(kNumeric, -1,
                     FromHex("0001000000000000"
                             "2710"));
      },
      "22P03", "invalid digit in external \"numeric\" value");
  ExpectSqlError([] { DecodeBinary(kNumeric, -1, FromHex("0000000000004000")); }, "22P03",
                 "invalid scale in external \"numeric\" value");
  ExpectSqlError(
      [] {
        DecodeBinary(kNumeric, -1,
                     FromHex("0002000000000000"
                             "0001"));
      },
      "08P01");
  ExpectSqlError([] { DecodeBinary(kJsonb, -1, FromHex("027b7d")); }, "22P03",
                 "unsupported jsonb version number 2");
  ExpectSqlError([] { DecodeBinary(kJson, -1, "{"); }, "22P02");
  ExpectSqlError([] { DecodeBinary(kText, -1, std::string("a\xff", 2)); }, "22021");
  ExpectSqlError([] { DecodeBinary(kText, -1, std::string("a\0b", 3)); }, "22021");
  ExpectSqlError([] { DecodeBinary(kText, -1, "\xed\xa0\x80"); }, "22021");  // surrogate
  ExpectSqlError([] { DecodeBinary(kName, -1, std::string(64, 'a')); }, "42622");
  ExpectSqlError([] { DecodeBinary(kDate, -1, FromHex("7ffffffe")); }, "22008");
  ExpectSqlError([] { DecodeBinary(kTimestamp, -1, FromHex("7ffffffffffffffe")); }, "22008");
  ExpectSqlError([] { DecodeBinary(kTime, -1, FromHex("ffffffffffffffff")); }, "22008");
  ExpectSqlError([] { DecodeBinary(kVarchar, VarcharTypmod(2), "abc"); }, "22001",
                 "value too long for type character varying(2)");
  EXPECT_EQ(DecodeBinary(kNumeric, NumericTypmod(5, 1),
                         Encode(Value::FromNumeric(Numeric::Parse("1.25"))))
                .GetNumeric()
                .ToString(),
            "1.3");
}

TEST(BinaryIoTest, ArrayErrors) {
  // Wrong element type.
  ExpectSqlError(
      [] {
        DecodeBinary(kInt4Array, -1,
                     FromHex("00000001"
                             "00000000"
                             "00000019"
                             "00000000"
                             "00000001"));
      },
      "42804");
  ExpectSqlError(
      [] {
        DecodeBinary(kInt4Array, -1,
                     FromHex("ffffffff"
                             "00000000"
                             "00000017"));
      },
      "22P03");
  ExpectSqlError(
      [] {
        DecodeBinary(kInt4Array, -1,
                     FromHex("00000007"
                             "00000000"
                             "00000017"));
      },
      "54000");
  ExpectSqlError(
      [] {
        DecodeBinary(kInt4Array, -1,
                     FromHex("00000001"
                             "00000002"
                             "00000017"));
      },
      "22P03", "invalid array flags");
  ExpectSqlError(
      [] {
        DecodeBinary(kInt4Array, -1,
                     FromHex("00000002"
                             "00000000"
                             "00000017"));
      },
      "0A000");
  // Element claims more bytes than remain.
  ExpectSqlError(
      [] {
        DecodeBinary(kInt4Array, -1,
                     FromHex("00000001"
                             "00000000"
                             "00000017"
                             "00000001"
                             "00000001"
                             "00000008"
                             "00000001"));
      },
      "22P03");
  // Element with leftover bytes.
  ExpectSqlError(
      [] {
        DecodeBinary(kInt4Array, -1,
                     FromHex("00000001"
                             "00000000"
                             "00000017"
                             "00000001"
                             "00000001"
                             "00000005"
                             "0000000100"));
      },
      "22P03", "improper binary format in array element 1");
  // A huge element count with no data must fail fast, not allocate.
  ExpectSqlError(
      [] {
        DecodeBinary(kInt4Array, -1,
                     FromHex("00000001"
                             "00000000"
                             "00000017"
                             "00ffffff"
                             "00000001"));
      },
      "08P01");
  ExpectSqlError(
      [] {
        DecodeBinary(kInt4Array, -1,
                     FromHex("00000001"
                             "00000000"
                             "00000017"
                             "7fffffff"
                             "00000002"));
      },
      "54000");
}

TEST(BinaryIoTest, FuzzedInputNeverCrashes) {
  uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint8_t>(state >> 56);
  };
  const Oid types[] = {kNumeric,  kInt4Array, kTextArray, kNumericArray, kJsonb,
                       kInterval, kTimestamp, kUuid,      kText,         kDate};
  for (int i = 0; i < 20000; ++i) {
    std::string bytes(next() % 40, '\0');
    for (char& c : bytes) c = static_cast<char>(next());
    // Give arrays a plausible header now and then.
    if (i % 3 == 0 && bytes.size() >= 12) {
      bytes[0] = bytes[1] = bytes[2] = 0;
      bytes[3] = 1;
      bytes[4] = bytes[5] = bytes[6] = 0;
      bytes[8] = bytes[9] = bytes[10] = 0;
      bytes[11] = 23;
    }
    try {
      DecodeBinary(types[i % std::size(types)], -1, bytes);
    } catch (const SqlError&) {
    }
  }
}

}  // namespace
}  // namespace sb::types
