#include "shared/storage/document_codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "shared/types/text_io.h"
#include "tests/unit/storage/storage_test_util.h"

namespace sb::storage {
namespace {

using namespace types;

constexpr std::string_view kPath = "data/app/t/1.json";

Value Parse(Oid type, std::string_view text, int32_t typmod = -1) {
  return ParseText(type, typmod, text, FormatSettings{});
}

ColumnSchema Column(std::string name, Oid oid, int32_t typmod = -1) {
  ColumnSchema column;
  column.name = std::move(name);
  column.type = ColumnType{oid, typmod};
  return column;
}

TableSchema Schema(std::vector<ColumnSchema> columns) {
  TableSchema schema;
  schema.name = "t";
  schema.columns = std::move(columns);
  return schema;
}

void ExpectSameRow(const std::vector<Value>& actual, const std::vector<Value>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(actual[i], expected[i])
        << "column " << i << ": " << actual[i].DebugString() << " vs " << expected[i].DebugString();
  }
}

// Encodes in both styles, decodes, and checks values, presence and stability.
void ExpectRoundTrip(const TableSchema& schema, const std::vector<Value>& row) {
  for (JsonStyle style : {JsonStyle::kPretty, JsonStyle::kCompact}) {
    std::string text = EncodeDocument(schema, row, {}, style);
    DecodedRow decoded = DecodeDocument(schema, text, kPath);
    ExpectSameRow(decoded.values, row);
    EXPECT_EQ(decoded.present, std::vector<bool>(row.size(), true));
    EXPECT_TRUE(decoded.extra.empty());
    EXPECT_EQ(EncodeDocument(schema, decoded.values, decoded.extra, style), text);
    if (style == JsonStyle::kCompact) {
      EXPECT_EQ(text.find('\n'), text.size() - 1) << text;
    }
  }
}

TEST(DocumentCodecTest, PrettyAndCompactLayout) {
  TableSchema schema = Schema({Column("id", kInt4), Column("email", kText),
                               Column("tags", kTextArray), Column("active", kBool)});
  std::vector<Value> row = {Value::Int4(1), Value::Text("a@b.c"),
                            Value::Array(kText, {Value::Text("x"), Value::Null(kText)}),
                            Value::Bool(true)};
  EXPECT_EQ(EncodeDocument(schema, row, {}, JsonStyle::kPretty),
            "{\n"
            "  \"id\": 1,\n"
            "  \"email\": \"a@b.c\",\n"
            "  \"tags\": [\"x\", null],\n"
            "  \"active\": true\n"
            "}\n");
  EXPECT_EQ(EncodeDocument(schema, row, {}, JsonStyle::kCompact),
            "{\"id\":1,\"email\":\"a@b.c\",\"tags\":[\"x\",null],\"active\":true}\n");
  EXPECT_EQ(EncodeDocument(Schema({}), {}, {}, JsonStyle::kPretty), "{}\n");
}

TEST(DocumentCodecTest, KeysFollowSchemaOrderThenExtras) {
  TableSchema schema = Schema({Column("z", kInt4), Column("a", kInt4), Column("m", kInt4)});
  std::string text = R"({"extra1": {"k": [1, 2]}, "m": 3, "a": 2, "z": 1, "extra2": "x"})";
  DecodedRow decoded = DecodeDocument(schema, text, kPath);
  ExpectSameRow(decoded.values, {Value::Int4(1), Value::Int4(2), Value::Int4(3)});
  ASSERT_EQ(decoded.extra.size(), 2u);
  EXPECT_EQ(decoded.extra[0], (ExtraKey{"extra1", R"({"k": [1, 2]})"}));
  EXPECT_EQ(decoded.extra[1], (ExtraKey{"extra2", "\"x\""}));
  EXPECT_EQ(EncodeDocument(schema, decoded.values, decoded.extra, JsonStyle::kCompact),
            "{\"z\":1,\"a\":2,\"m\":3,\"extra1\":{\"k\": [1, 2]},\"extra2\":\"x\"}\n");
  // An extra key that became a column is written once, with the column's value.
  EXPECT_EQ(EncodeDocument(schema, decoded.values, {ExtraKey{"a", "99"}}, JsonStyle::kCompact),
            "{\"z\":1,\"a\":2,\"m\":3}\n");
}

TEST(DocumentCodecTest, MissingKeysAreMarked) {
  TableSchema schema = Schema({Column("id", kInt4), Column("name", kText), Column("n", kInt8)});
  DecodedRow decoded = DecodeDocument(schema, R"({"id": 7, "n": null})", kPath);
  ExpectSameRow(decoded.values, {Value::Int4(7), Value::Null(kText), Value::Null(kInt8)});
  EXPECT_EQ(decoded.present, (std::vector<bool>{true, false, true}));
  decoded = DecodeDocument(schema, "{}", kPath);
  EXPECT_EQ(decoded.present, (std::vector<bool>{false, false, false}));
}

TEST(DocumentCodecTest, ScalarTypesRoundTrip) {
  TableSchema schema = Schema({
      Column("b", kBool),
      Column("i2", kInt2),
      Column("i4", kInt4),
      Column("i8", kInt8),
      Column("f4", kFloat4),
      Column("f8", kFloat8),
      Column("num", kNumeric),
      Column("num2", kNumeric, NumericTypmod(10, 2)),
      Column("txt", kText),
      Column("vc", kVarchar, VarcharTypmod(10)),
      Column("bp", kBpchar, VarcharTypmod(4)),
      Column("nm", kName),
      Column("ch", kChar),
      Column("u", kUuid),
      Column("d", kDate),
      Column("tm", kTime),
      Column("ts", kTimestamp),
      Column("tz", kTimestamptz),
      Column("iv", kInterval),
      Column("by", kBytea),
      Column("o", kOid),
  });
  std::vector<Value> row = {
      Value::Bool(false),
      Value::Int2(-32768),
      Value::Int4(2147483647),
      Value::Int8(std::numeric_limits<int64_t>::min()),
      Value::Float4(1.1f),
      Value::Float8(0.1),
      Parse(kNumeric, "-123456789012345678901234567890.123456789012345678901234567890"),
      Parse(kNumeric, "12.50", NumericTypmod(10, 2)),
      Value::Text("quote\" backslash\\ tab\t newline\n cr\r nul-free \x01 é 日本 😀"),
      Value::Text("short", kVarchar),
      Parse(kBpchar, "ab", VarcharTypmod(4)),
      Value::Text("pg_class", kName),
      Value::Text("x", kChar),
      Parse(kUuid, "019363e8-7c1a-7d5e-8f00-1b2c3d4e5f60"),
      Parse(kDate, "2024-02-29"),
      Parse(kTime, "23:59:59.999999"),
      Parse(kTimestamp, "2024-02-29 12:34:56.789"),
      Parse(kTimestamptz, "2024-02-29 12:34:56.789+05:30"),
      Parse(kInterval, "1 year 2 mons -3 days 04:05:06.5"),
      Value::Bytea(std::string("\x00\x01\xfe\xff\"\\", 6)),
      Value::OidValue(4294967295u),
  };
  ExpectRoundTrip(schema, row);
  std::vector<Value> nulls;
  for (const ColumnSchema& column : schema.columns) nulls.push_back(Value::Null(column.type.oid));
  ExpectRoundTrip(schema, nulls);
}

TEST(DocumentCodecTest, TypeMappingOnDisk) {
  TableSchema schema =
      Schema({Column("num", kNumeric), Column("d", kDate), Column("tm", kTime),
              Column("ts", kTimestamp), Column("tz", kTimestamptz), Column("by", kBytea),
              Column("iv", kInterval), Column("u", kUuid), Column("f", kFloat8)});
  std::vector<Value> row = {Parse(kNumeric, "12.340"),
                            Parse(kDate, "2024-01-02"),
                            Parse(kTime, "03:04:05.06"),
                            Parse(kTimestamp, "2024-01-02 03:04:05"),
                            Parse(kTimestamptz, "2024-01-02 03:04:05.5-01"),
                            Value::Bytea("\x01\xab"),
                            Parse(kInterval, "1 day 02:00:00"),
                            Parse(kUuid, "019363e8-7c1a-7d5e-8f00-1b2c3d4e5f60"),
                            Value::Float8(1e100)};
  EXPECT_EQ(EncodeDocument(schema, row, {}, JsonStyle::kCompact),
            R"({"num":"12.340","d":"2024-01-02","tm":"03:04:05.06","ts":"2024-01-02T03:04:05",)"
            R"("tz":"2024-01-02T04:04:05.5Z","by":"\\x01ab","iv":"1 day 02:00:00",)"
            R"("u":"019363e8-7c1a-7d5e-8f00-1b2c3d4e5f60","f":1e+100})"
            "\n");
}

TEST(DocumentCodecTest, SpecialFloatsAndInfinities) {
  TableSchema schema = Schema({Column("a", kFloat8), Column("b", kFloat8), Column("c", kFloat8),
                               Column("d", kFloat8), Column("e", kFloat4), Column("f", kDate),
                               Column("g", kTimestamp), Column("h", kTimestamptz),
                               Column("i", kNumeric), Column("j", kDate)});
  std::vector<Value> row = {Value::Float8(std::nan("")),
                            Value::Float8(std::numeric_limits<double>::infinity()),
                            Value::Float8(-std::numeric_limits<double>::infinity()),
                            Value::Float8(-0.0),
                            Value::Float4(std::numeric_limits<float>::denorm_min()),
                            Value::Date(kDatePlusInfinity),
                            Value::Timestamp(kTimestampMinusInfinity),
                            Value::Timestamptz(kTimestampPlusInfinity),
                            Value::FromNumeric(Numeric::NaN()),
                            Parse(kDate, "0044-03-15 BC")};
  std::string text = EncodeDocument(schema, row, {}, JsonStyle::kCompact);
  EXPECT_NE(text.find(R"("a":"NaN","b":"Infinity","c":"-Infinity","d":-0.0)"), std::string::npos)
      << text;
  EXPECT_NE(text.find(R"("f":"infinity","g":"-infinity","h":"infinity","i":"NaN")"),
            std::string::npos)
      << text;
  ExpectRoundTrip(schema, row);
  DecodedRow decoded = DecodeDocument(schema, text, kPath);
  EXPECT_TRUE(std::signbit(decoded.values[3].GetFloat()));
}

TEST(DocumentCodecTest, BcTimestampsRoundTrip) {
  TableSchema schema = Schema({Column("ts", kTimestamp), Column("tz", kTimestamptz)});
  ExpectRoundTrip(schema, {Parse(kTimestamp, "0100-02-03 04:05:06 BC"),
                           Parse(kTimestamptz, "0100-02-03 04:05:06+00 BC")});
}

TEST(DocumentCodecTest, JsonColumnsEmbedTheValue) {
  TableSchema schema = Schema({Column("j", kJson), Column("jb", kJsonb), Column("s", kJson),
                               Column("n", kJsonb), Column("deep", kJson)});
  std::string deep = std::string(500, '[') + std::string(500, ']');
  std::vector<Value> row = {Value::Text(R"({"b": 1,  "a": [true, null, "x\"y"]})", kJson),
                            Parse(kJsonb, R"({"b": 1, "a": {"c": 1.50}})"),
                            Value::Text(R"("just a string")", kJson),
                            Parse(kJsonb, "12345678901234567890.5"), Value::Text(deep, kJson)};
  ExpectRoundTrip(schema, row);
  std::string text = EncodeDocument(schema, row, {}, JsonStyle::kPretty);
  EXPECT_NE(text.find(R"("j": {"b": 1,  "a": [true, null, "x\"y"]})"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("s": "just a string")"), std::string::npos) << text;
  // A hand-edited document: whatever JSON is there is the value.
  DecodedRow decoded =
      DecodeDocument(schema, "{\"j\": [1,\n 2], \"jb\": {\"z\": 1, \"a\": 2}, \"s\": 3.0}", kPath);
  EXPECT_EQ(decoded.values[0], Value::Text("[1,\n 2]", kJson));
  EXPECT_EQ(decoded.values[1], Value::Text(R"({"a": 2, "z": 1})", kJsonb));
  EXPECT_EQ(decoded.values[2], Value::Text("3.0", kJson));
}

TEST(DocumentCodecTest, ArraysRoundTrip) {
  TableSchema schema = Schema(
      {Column("ints", kInt4Array), Column("texts", kTextArray), Column("nums", kNumericArray),
       Column("empty", kInt8Array), Column("jsons", kJsonbArray), Column("dates", kDateArray),
       Column("floats", kFloat8Array), Column("vcs", kVarcharArray, VarcharTypmod(3))});
  std::vector<Value> row = {
      Value::Array(kInt4, {Value::Int4(1), Value::Null(kInt4), Value::Int4(-3)}),
      Value::Array(kText, {Value::Text("a,b"), Value::Text("{\"}"), Value::Null(kText),
                           Value::Text("NULL"), Value::Text("")}),
      Value::Array(kNumeric, {Parse(kNumeric, "1.10"), Value::FromNumeric(Numeric::NaN())}),
      Value::Array(kInt8, {}),
      Value::Array(kJsonb,
                   {Parse(kJsonb, R"({"a": [1]})"), Parse(kJsonb, "\"s\""), Value::Null(kJsonb)}),
      Value::Array(kDate, {Parse(kDate, "2020-01-01"), Value::Date(kDateMinusInfinity)}),
      Value::Array(kFloat8, {Value::Float8(std::nan("")), Value::Float8(2.5)}),
      Value::Array(kVarchar, {Value::Text("abc", kVarchar)}),
  };
  ExpectRoundTrip(schema, row);
  std::string text = EncodeDocument(schema, row, {}, JsonStyle::kPretty);
  EXPECT_NE(text.find(R"("ints": [1, null, -3])"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("jsons": [{"a": [1]}, "s", null])"), std::string::npos) << text;
}

TEST(DocumentCodecTest, LenientInput) {
  TableSchema schema =
      Schema({Column("i", kInt4), Column("b", kBool), Column("n", kNumeric), Column("f", kFloat8),
              Column("tz", kTimestamptz), Column("arr", kInt4Array), Column("f2", kFloat4),
              Column("i8", kInt8)});
  DecodedRow decoded = DecodeDocument(
      schema,
      R"({"i": " 42 ", "b": "yes", "n": 1.50, "f": "Infinity", "tz": "2024-01-01 12:00",)"
      R"( "arr": "{1,2}", "f2": 1e-3, "i8": 9223372036854775807})",
      kPath);
  ExpectSameRow(decoded.values,
                {Value::Int4(42), Value::Bool(true), Parse(kNumeric, "1.50"),
                 Value::Float8(std::numeric_limits<double>::infinity()),
                 Parse(kTimestamptz, "2024-01-01 12:00+00"),
                 Value::Array(kInt4, {Value::Int4(1), Value::Int4(2)}), Value::Float4(0.001f),
                 Value::Int8(std::numeric_limits<int64_t>::max())});
}

TEST(DocumentCodecTest, NumbersKeepTheirDigits) {
  TableSchema schema = Schema({Column("n", kNumeric), Column("m", kNumeric)});
  std::string huge = "-" + std::string(1000, '9') + "." + std::string(500, '1');
  ExpectRoundTrip(schema, {Parse(kNumeric, huge), Parse(kNumeric, "0.000000000000000000001")});
  // A JSON number in a numeric column is read from its text, not through a double.
  DecodedRow decoded = DecodeDocument(
      schema, R"({"n": 123456789012345678901234567890.000000000000000000001, "m": 1e-400})", kPath);
  ExpectSameRow(decoded.values,
                {Parse(kNumeric, "123456789012345678901234567890.000000000000000000001"),
                 Parse(kNumeric, "1e-400")});
}

TEST(DocumentCodecTest, TypmodsApplyOnRead) {
  TableSchema schema =
      Schema({Column("n", kNumeric, NumericTypmod(5, 1)), Column("c", kBpchar, VarcharTypmod(3))});
  DecodedRow decoded = DecodeDocument(schema, R"({"n": 1.26, "c": "a"})", kPath);
  ExpectSameRow(decoded.values, {Parse(kNumeric, "1.3"), Value::Text("a  ", kBpchar)});
}

TEST(DocumentCodecTest, EmptyStringsAndWhitespace) {
  TableSchema schema = Schema({Column("t", kText), Column("j", kJsonb)});
  ExpectRoundTrip(schema, {Value::Text(""), Parse(kJsonb, "{}")});
  DecodedRow decoded = DecodeDocument(schema, " \n\t{ \"t\" :\n\"\" , \"j\":[ ] }\n\n", kPath);
  ExpectSameRow(decoded.values, {Value::Text(""), Value::Text("[]", kJsonb)});
}

}  // namespace
}  // namespace sb::storage
