#include "shared/types/text_io.h"

#include <gtest/gtest.h>

#include <cmath>

#include "shared/types/json.h"
#include "tests/unit/types/test_util.h"

namespace sb::types {
namespace {

using testing::ExpectSqlError;
using testing::RoundTrip;

FormatSettings Settings() {
  return FormatSettings();
}

TEST(TextIoTest, Integers) {
  EXPECT_EQ(ParseText(kInt4, -1, " 42 ", Settings()), Value::Int4(42));
  EXPECT_EQ(ParseText(kInt2, -1, "-32768", Settings()), Value::Int2(-32768));
  EXPECT_EQ(ParseText(kInt8, -1, "-9223372036854775808", Settings()), Value::Int8(INT64_MIN));
  ExpectSqlError([] { ParseText(kInt4, -1, "abc", Settings()); }, "22P02",
                 "invalid input syntax for type integer: \"abc\"");
  ExpectSqlError([] { ParseText(kInt2, -1, "99999", Settings()); }, "22003",
                 "value \"99999\" is out of range for type smallint");
  ExpectSqlError([] { ParseText(kInt8, -1, "99999999999999999999", Settings()); }, "22003",
                 "value \"99999999999999999999\" is out of range for type bigint");
  ExpectSqlError([] { ParseText(kInt4, -1, "1.5", Settings()); }, "22P02");
  ExpectSqlError([] { ParseText(kInt4, -1, std::string_view("1\0", 2), Settings()); }, "22P02");
  EXPECT_EQ(FormatText(Value::Int8(INT64_MIN), Settings()), "-9223372036854775808");
  EXPECT_EQ(FormatText(Value::OidValue(4294967295u), Settings()), "4294967295");
  EXPECT_EQ(ParseText(kOid, -1, "-1", Settings()).GetInt(), 4294967295);
  EXPECT_EQ(ParseText(kRegclass, -1, "1259", Settings()), Value::OidValue(1259, kRegclass));
  ExpectSqlError([] { ParseText(kRegclass, -1, "pg_class", Settings()); }, "0A000");
}

TEST(TextIoTest, Booleans) {
  for (const char* text : {"t", "TRUE", "tr", " yes ", "y", "on", "ON", "1"}) {
    EXPECT_EQ(ParseText(kBool, -1, text, Settings()), Value::Bool(true)) << text;
  }
  for (const char* text : {"f", "false", "FA", "no", "n", "off", "of", "0"}) {
    EXPECT_EQ(ParseText(kBool, -1, text, Settings()), Value::Bool(false)) << text;
  }
  for (const char* text : {"o", "2", "truex", "", "yess", "onn"}) {
    ExpectSqlError([&] { ParseText(kBool, -1, text, Settings()); }, "22P02",
                   std::string("invalid input syntax for type boolean: \"") + text + "\"");
  }
  EXPECT_EQ(FormatText(Value::Bool(true), Settings()), "t");
  EXPECT_EQ(FormatText(Value::Bool(false), Settings()), "f");
}

TEST(TextIoTest, Floats) {
  FormatSettings settings;
  EXPECT_EQ(FormatText(Value::Float8(0.1), settings), "0.1");
  EXPECT_EQ(FormatText(Value::Float8(1e100), settings), "1e+100");
  EXPECT_EQ(FormatText(Value::Float8(1e15), settings), "1e+15");
  EXPECT_EQ(FormatText(Value::Float8(1e14), settings), "100000000000000");
  EXPECT_EQ(FormatText(Value::Float8(-0.0), settings), "-0");
  EXPECT_EQ(FormatText(Value::Float4(0.1f), settings), "0.1");
  EXPECT_EQ(FormatText(Value::Float4(1e6f), settings), "1e+06");
  EXPECT_EQ(FormatText(Value::Float4(123456.7f), settings), "123456.7");
  settings.extra_float_digits = 0;
  EXPECT_EQ(FormatText(Value::Float8(1.0 / 3), settings), "0.333333333333333");
  EXPECT_EQ(FormatText(Value::Float4(123456789.0f), settings), "1.23457e+08");
  ExpectSqlError([] { ParseText(kFloat8, -1, "1e400", Settings()); }, "22003",
                 "\"1e400\" is out of range for type double precision");
  ExpectSqlError([] { ParseText(kFloat4, -1, "1e39", Settings()); }, "22003",
                 "\"1e39\" is out of range for type real");
  ExpectSqlError([] { ParseText(kFloat8, -1, "abc", Settings()); }, "22P02",
                 "invalid input syntax for type double precision: \"abc\"");
  EXPECT_TRUE(std::isnan(ParseText(kFloat8, -1, " NaN ", Settings()).GetFloat()));
  EXPECT_EQ(ParseText(kFloat8, -1, "-Infinity", Settings()).GetFloat(), -INFINITY);
}

TEST(TextIoTest, CharacterTypesCheckLength) {
  ExpectSqlError(
      [] { ParseText(kVarchar, VarcharTypmod(5), "abcdefg", Settings(), LengthMode::kCheck); },
      "22001", "value too long for type character varying(5)");
  ExpectSqlError(
      [] { ParseText(kBpchar, VarcharTypmod(2), "abc", Settings(), LengthMode::kCheck); }, "22001",
      "value too long for type character(2)");
  // Excess spaces are dropped silently; explicit casts truncate.
  EXPECT_EQ(ParseText(kVarchar, VarcharTypmod(3), "abc   ", Settings()).GetString(), "abc");
  EXPECT_EQ(ParseText(kVarchar, VarcharTypmod(3), "abcdef", Settings(), LengthMode::kTruncate)
                .GetString(),
            "abc");
  // Lengths count characters, not bytes.
  EXPECT_EQ(ParseText(kVarchar, VarcharTypmod(2), "éé", Settings()).GetString(), "éé");
  EXPECT_EQ(
      ParseText(kVarchar, VarcharTypmod(1), "éé", Settings(), LengthMode::kTruncate).GetString(),
      "é");
  EXPECT_EQ(ParseText(kBpchar, VarcharTypmod(4), "ab", Settings()).GetString(), "ab  ");
  EXPECT_EQ(ParseText(kBpchar, VarcharTypmod(3), "é", Settings()).GetString(), "é  ");
  EXPECT_EQ(ParseText(kBpchar, -1, "ab  ", Settings()).GetString(), "ab  ");
  EXPECT_EQ(ApplyStringTypmod(kVarchar, -1, "whatever", LengthMode::kCheck), "whatever");
}

TEST(TextIoTest, NameAndChar) {
  std::string long_name(70, 'a');
  EXPECT_EQ(ParseText(kName, -1, long_name, Settings()).GetString(), std::string(63, 'a'));
  // 62 ASCII bytes + a two-byte character: the character does not fit in 63 bytes.
  std::string utf8 = std::string(62, 'a') + "é";
  EXPECT_EQ(ParseText(kName, -1, utf8, Settings()).GetString(), std::string(62, 'a'));
  EXPECT_EQ(FormatText(ParseText(kChar, -1, "abc", Settings()), Settings()), "a");
  EXPECT_EQ(FormatText(ParseText(kChar, -1, "", Settings()), Settings()), "");
  EXPECT_EQ(FormatText(ParseText(kChar, -1, "\\101", Settings()), Settings()), "A");
  EXPECT_EQ(FormatText(ParseText(kChar, -1, "\\377", Settings()), Settings()), "\\377");
}

TEST(TextIoTest, Uuid) {
  const std::string canonical = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
  for (const char* text :
       {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
        "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11",
        "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11"}) {
    EXPECT_EQ(RoundTrip("uuid", text), "OK\t" + canonical) << text;
  }
  for (const char* text :
       {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        "{a0eebc999c0b4ef8bb6d6bb9bd380a11", "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11",
        "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", ""}) {
    ExpectSqlError([&] { ParseUuid(text); }, "22P02",
                   std::string("invalid input syntax for type uuid: \"") + text + "\"");
  }
}

TEST(TextIoTest, Bytea) {
  EXPECT_EQ(ParseText(kBytea, -1, "\\x0aFf", Settings()).GetString(), std::string("\n\xff"));
  EXPECT_EQ(ParseText(kBytea, -1, "a\\\\b\\001", Settings()).GetString(), std::string("a\\b\x01"));
  EXPECT_EQ(FormatText(Value::Bytea(std::string("\x00\x01\xfe", 3)), Settings()), "\\x0001fe");
  FormatSettings escape;
  escape.bytea_output = ByteaOutput::kEscape;
  EXPECT_EQ(FormatText(Value::Bytea(std::string("a\\\x01\xff", 4)), escape), "a\\\\\\001\\377");
  ExpectSqlError([] { ParseBytea("\\x4"); }, "22023",
                 "invalid hexadecimal data: odd number of digits");
  ExpectSqlError([] { ParseBytea("\\xzz"); }, "22023", "invalid hexadecimal digit: \"z\"");
  ExpectSqlError([] { ParseBytea("a\\b"); }, "22P02", "invalid input syntax for type bytea");
  ExpectSqlError([] { ParseBytea("\\"); }, "22P02");
}

TEST(TextIoTest, JsonIsValidatedAndKeptVerbatim) {
  EXPECT_EQ(RoundTrip("json", "{\"a\":1e2 ,  \"b\" : 1}"), "OK\t{\"a\":1e2 ,  \"b\" : 1}");
  try {
    ValidateJson("{\"a\":1,}");
    FAIL();
  } catch (const SqlError& error) {
    EXPECT_EQ(SqlStateCode(error.state()), "22P02");
    EXPECT_STREQ(error.what(), "invalid input syntax for type json");
    EXPECT_EQ(error.detail(), "Expected string, but found \"}\".");
  }
  ExpectSqlError([] { ValidateJson("[1,2"); }, "22P02");
  ExpectSqlError([] { ValidateJson("NaN"); }, "22P02");
  ExpectSqlError([] { ValidateJson("\"tab\there\""); }, "22P02");
  ExpectSqlError([] { ValidateJson(std::string_view("1\0", 2)); }, "22021");
  ValidateJson("\"\\u0000\"");  // json keeps escapes; only jsonb rejects \u0000
}

TEST(TextIoTest, JsonbNormalisation) {
  EXPECT_EQ(NormalizeJsonb("{\"b\":1,\"a\":[1,2],\"a\":3}"), "{\"a\": 3, \"b\": 1}");
  EXPECT_EQ(NormalizeJsonb("{\"aa\":1,\"b\":2,\"a\":{\"y\":[],\"x\":{}}}"),
            "{\"a\": {\"x\": {}, \"y\": []}, \"b\": 2, \"aa\": 1}");
  EXPECT_EQ(NormalizeJsonb(" [1.50, 1e2, -0, true, null, \"x\"] "),
            "[1.50, 100, 0, true, null, \"x\"]");
  EXPECT_EQ(NormalizeJsonb("\"\\u00e9\\n\\u0001\\/\""), "\"é\\n\\u0001/\"");
  ExpectSqlError([] { NormalizeJsonb("\"\\u0000\""); }, "22P05",
                 "unsupported Unicode escape sequence");
  std::string deep(kMaxJsonDepth + 1, '[');
  deep += std::string(kMaxJsonDepth + 1, ']');
  ExpectSqlError([&] { NormalizeJsonb(deep); }, "54001");
  ExpectSqlError([&] { ValidateJson(deep); }, "54001");
  std::string ok_deep(1000, '[');
  ok_deep += std::string(1000, ']');
  EXPECT_EQ(NormalizeJsonb(ok_deep).size(), 2000u);
}

TEST(TextIoTest, Arrays) {
  EXPECT_EQ(RoundTrip("int4[]", "{1,2,NULL}"), "OK\t{1,2,NULL}");
  EXPECT_EQ(RoundTrip("text[]", R"({"a b","c",NULL,"NULL","","x\\y","q\""})"),
            "OK\t"
            R"({"a b",c,NULL,"NULL","","x\\y","q\""})");
  EXPECT_EQ(RoundTrip("int4[]", "{}"), "OK\t{}");
  EXPECT_EQ(RoundTrip("int4[]", " { 1 , 2 } "), "OK\t{1,2}");
  EXPECT_EQ(RoundTrip("text[]", "{a\\,b,c\\ }"), "OK\t{\"a,b\",\"c \"}");
  EXPECT_EQ(RoundTrip("bytea[]", "{\"\\\\x01\"}"), "OK\t{\"\\\\x01\"}");
  EXPECT_EQ(RoundTrip("numeric(4,1)[]", "{1.25,2.35}"), "OK\t{1.3,2.4}");
  Value array = ParseText(kTextArray, -1, "{x,NULL}", Settings());
  ASSERT_EQ(array.GetArray().elements.size(), 2u);
  EXPECT_EQ(array.GetArray().element_type, kText);
  EXPECT_TRUE(array.GetArray().elements[1].IsNull());
  ExpectSqlError([] { ParseText(kInt4Array, -1, "{1,2", Settings()); }, "22P02",
                 "malformed array literal: \"{1,2\"");
  ExpectSqlError([] { ParseText(kInt4Array, -1, "{{1},{2}}", Settings()); }, "0A000");
  ExpectSqlError([] { ParseText(kInt4Array, -1, "{1,a}", Settings()); }, "22P02",
                 "invalid input syntax for type integer: \"a\"");
  ExpectSqlError([] { ParseText(kInt4Array, -1, "[1:3]={1,2}", Settings()); }, "22P02");
}

TEST(TextIoTest, AppendTextAppends) {
  std::string buffer = "prefix:";
  AppendText(Value::Int4(7), Settings(), buffer);
  AppendText(Value::Null(kInt4), Settings(), buffer);
  AppendText(Value::Text("x"), Settings(), buffer);
  EXPECT_EQ(buffer, "prefix:7x");
}

TEST(TextIoTest, UnsupportedTypeIsAnError) {
  ExpectSqlError([] { ParseText(kVoid, -1, "", Settings()); }, "0A000");
}

}  // namespace
}  // namespace sb::types
