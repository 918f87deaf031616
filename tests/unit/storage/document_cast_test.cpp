// Documents whose values do not have their column's JSON kind (a schema file's type was edited,
// or a person typed "42"): read through PostgreSQL's cast rule, JSON text → input function.
#include <gtest/gtest.h>

#include <optional>

#include "shared/storage/document_codec.h"
#include "shared/storage/value_text.h"
#include "shared/types/text_io.h"
#include "tests/unit/storage/storage_test_util.h"

namespace sb::storage {
namespace {

using namespace types;
using testing::ExpectSqlError;

constexpr std::string_view kPath = "data/postgres/users/3.json";

ColumnSchema Column(std::string name, Oid oid, int32_t typmod = -1) {
  ColumnSchema column;
  column.name = std::move(name);
  column.type = ColumnType{oid, typmod};
  return column;
}

// The table {id integer, v <type>}: what a schema file says before or after an edit of v.
TableSchema WithV(Oid oid, int32_t typmod = -1) {
  TableSchema schema;
  schema.name = "users";
  schema.columns = {Column("id", kInt4), Column("v", oid, typmod)};
  return schema;
}

Value Parse(Oid type, std::string_view text, int32_t typmod = -1) {
  return ParseText(type, typmod, text, FormatSettings{});
}

Value DecodeV(const TableSchema& schema, std::string_view document) {
  return DecodeDocument(schema, document, kPath).values.at(1);
}

struct Sample {
  Oid type;
  int32_t typmod;
  std::string text;  // PostgreSQL input text of a value of `type`
};

// One value of every scalar type of DESIGN §2 (and time, interval).
std::vector<Sample> Samples() {
  return {
      {kInt2, -1, "-12"},
      {kInt4, -1, "42"},
      {kInt8, -1, "9007199254740993"},
      {kFloat4, -1, "1.25"},
      {kFloat8, -1, "-0.001"},
      {kNumeric, -1, "12.50"},
      {kNumeric, NumericTypmod(10, 2), "3.10"},
      {kBool, -1, "true"},
      {kBool, -1, "false"},
      {kVarchar, VarcharTypmod(10), "alice"},
      {kBpchar, VarcharTypmod(4), "ab"},
      {kUuid, -1, "019363e8-7c1a-7d5e-8f00-1b2c3d4e5f60"},
      {kDate, -1, "2024-02-29"},
      {kTime, -1, "23:59:58.5"},
      {kTimestamp, -1, "2024-02-29 23:59:58"},
      {kTimestamptz, -1, "2024-02-29 22:59:58.123+00"},
      {kInterval, -1, "1 year 2 mons 3 days 04:05:06"},
      {kBytea, -1, "\\x01ab"},
  };
}

std::string Describe(const Sample& sample) {
  return FormatType(sample.type, sample.typmod) + " " + sample.text;
}

// A type edited to text reads the value's JSON text; edited back, that text reads as the value.
TEST(DocumentCastTest, EveryScalarTypeToTextAndBack) {
  const TableSchema as_text = WithV(kText);
  for (const Sample& sample : Samples()) {
    SCOPED_TRACE(Describe(sample));
    const TableSchema typed = WithV(sample.type, sample.typmod);
    const Value value = Parse(sample.type, sample.text, sample.typmod);
    const std::string document =
        EncodeDocument(typed, {Value::Int4(3), value}, {}, JsonStyle::kPretty);
    std::string storage_text;
    AppendStorageText(value, storage_text);

    const Value read_as_text = DecodeV(as_text, document);
    EXPECT_EQ(read_as_text, Value::Text(storage_text)) << read_as_text.DebugString();

    // The document as the server writes it under the text schema, read with the type again.
    const std::string text_document =
        EncodeDocument(as_text, {Value::Int4(3), read_as_text}, {}, JsonStyle::kCompact);
    const Value read_back = DecodeV(typed, text_document);
    EXPECT_EQ(read_back, value) << text_document << " → " << read_back.DebugString();
  }
}

// Every type reads a string through its input function, as 'text'::type does.
TEST(DocumentCastTest, StringsReadThroughTheInputFunction) {
  for (const Sample& sample : Samples()) {
    SCOPED_TRACE(Describe(sample));
    const std::string document =
        "{\"v\": \"" + (sample.type == kBytea ? "\\\\x01ab" : sample.text) + "\"}";
    EXPECT_EQ(DecodeV(WithV(sample.type, sample.typmod), document),
              Parse(sample.type, sample.text, sample.typmod));
  }
  // PostgreSQL's input functions, not only the storage forms.
  EXPECT_EQ(DecodeV(WithV(kInt4), R"({"v": " 42 "})"), Value::Int4(42));
  EXPECT_EQ(DecodeV(WithV(kBool), R"({"v": "t"})"), Value::Bool(true));
  EXPECT_EQ(DecodeV(WithV(kBool), R"({"v": "off"})"), Value::Bool(false));
  EXPECT_EQ(DecodeV(WithV(kDate), R"({"v": "20240101"})"), Parse(kDate, "2024-01-01"));
}

// Numbers and booleans in columns of other types: their JSON text, cast.
TEST(DocumentCastTest, NumbersAndBooleansReadAsTheirText) {
  EXPECT_EQ(DecodeV(WithV(kText), R"({"v": 42})"), Value::Text("42"));
  EXPECT_EQ(DecodeV(WithV(kText), R"({"v": 1.50})"), Value::Text("1.50"));  // as written
  EXPECT_EQ(DecodeV(WithV(kText), R"({"v": -1e3})"), Value::Text("-1e3"));
  EXPECT_EQ(DecodeV(WithV(kText), R"({"v": true})"), Value::Text("true"));
  EXPECT_EQ(DecodeV(WithV(kText), R"({"v": false})"), Value::Text("false"));
  EXPECT_EQ(DecodeV(WithV(kVarchar, VarcharTypmod(5)), R"({"v": 12345})"),
            Value::Text("12345", kVarchar));
  EXPECT_EQ(DecodeV(WithV(kBpchar, VarcharTypmod(4)), R"({"v": 7})"), Value::Text("7   ", kBpchar));
  EXPECT_EQ(DecodeV(WithV(kBool), R"({"v": 1})"), Value::Bool(true));
  EXPECT_EQ(DecodeV(WithV(kBool), R"({"v": 0})"), Value::Bool(false));
  EXPECT_EQ(DecodeV(WithV(kNumeric, NumericTypmod(5, 2)), R"({"v": 12.345})"),
            Parse(kNumeric, "12.35"));
  EXPECT_EQ(DecodeV(WithV(kInterval), R"({"v": 42})"), Parse(kInterval, "00:00:42"));
  EXPECT_EQ(DecodeV(WithV(kBytea), R"({"v": 42})"), Value::Bytea("42"));
  EXPECT_EQ(DecodeV(WithV(kDate), R"({"v": 20240101})"), Parse(kDate, "2024-01-01"));
  // json and jsonb hold the JSON value itself, whatever its kind.
  EXPECT_EQ(DecodeV(WithV(kJsonb), R"({"v": true})"), Parse(kJsonb, "true"));
  EXPECT_EQ(DecodeV(WithV(kJson), R"({"v": "42"})"), Value::Text("\"42\"", kJson));
}

TEST(DocumentCastTest, ArrayElementsAreCastOneByOne) {
  EXPECT_EQ(DecodeV(WithV(kInt4Array), R"({"v": ["1", 2, null]})"),
            Value::Array(kInt4, {Value::Int4(1), Value::Int4(2), Value::Null(kInt4)}));
  EXPECT_EQ(DecodeV(WithV(kTextArray), R"({"v": [7, true, "x"]})"),
            Value::Array(kText, {Value::Text("7"), Value::Text("true"), Value::Text("x")}));
  // A string is the array's text form, as '{1,2}'::int[] reads.
  EXPECT_EQ(DecodeV(WithV(kInt4Array), R"({"v": "{1,2}"})"),
            Value::Array(kInt4, {Value::Int4(1), Value::Int4(2)}));
}

// A value that does not convert fails with the input function's error and SQLSTATE, naming
// the column and the file; the position is in DETAIL.
TEST(DocumentCastTest, ValuesThatDoNotConvertNameColumnAndFile) {
  struct Bad {
    std::string json;   // the value in the document
    std::string input;  // the text the input function sees
  };
  const std::vector<Bad> bad = {{"\"abc\"", "abc"}, {"true", "true"}};
  for (const Sample& sample : Samples()) {
    // Text types (and bytea) accept any text.
    if (sample.type == kBytea || sample.type == kVarchar || sample.type == kBpchar) continue;
    for (const Bad& value : bad) {
      if (sample.type == kBool && value.input == "true") continue;
      SCOPED_TRACE(Describe(sample) + " ← " + value.json);
      std::optional<SqlError> expected;
      try {
        Parse(sample.type, value.input, sample.typmod);
      } catch (const SqlError& error) {
        expected = error;
      }
      ASSERT_TRUE(expected.has_value()) << value.input << " is valid input";
      const std::string document = "{\"id\": 3,\n \"v\": " + value.json + "}";
      try {
        DecodeDocument(WithV(sample.type, sample.typmod), document, kPath);
        ADD_FAILURE() << document << " decoded";
      } catch (const SqlError& error) {
        EXPECT_EQ(SqlStateCode(error.state()), SqlStateCode(expected->state()));
        EXPECT_EQ(std::string(error.what()), std::string(expected->what()) +
                                                 " (column \"v\" of document \"" +
                                                 std::string(kPath) + "\")");
        EXPECT_NE(error.detail().find("line 2, column 7"), std::string::npos) << error.detail();
      }
    }
  }
}

TEST(DocumentCastTest, ErrorTexts) {
  TableSchema schema;
  schema.name = "users";
  schema.columns = {Column("id", kInt4), Column("age", kInt4), Column("n", kInt2),
                    Column("code", kVarchar, VarcharTypmod(3)), Column("born", kDate)};
  auto error_of = [&](std::string_view document) -> SqlError {
    try {
      DecodeDocument(schema, document, kPath);
    } catch (const SqlError& error) {
      return error;
    }
    ADD_FAILURE() << document << " decoded";
    return SqlError(SqlState::kSuccessfulCompletion, "");
  };
  SqlError error = error_of("{\"id\": 3, \"age\": \"abc\"}");
  EXPECT_EQ(error.state(), SqlState::kInvalidTextRepresentation);
  EXPECT_STREQ(error.what(),
               "invalid input syntax for type integer: \"abc\" (column \"age\" of document "
               "\"data/postgres/users/3.json\")");
  EXPECT_EQ(error.detail(), "The value is at line 1, column 18.");

  error = error_of("{\"n\": 70000}");
  EXPECT_EQ(error.state(), SqlState::kNumericValueOutOfRange);
  EXPECT_STREQ(error.what(),
               "value \"70000\" is out of range for type smallint (column \"n\" of document "
               "\"data/postgres/users/3.json\")");

  error = error_of("{\"code\": true}");
  EXPECT_EQ(error.state(), SqlState::kStringDataRightTruncation);
  EXPECT_STREQ(error.what(),
               "value too long for type character varying(3) (column \"code\" of document "
               "\"data/postgres/users/3.json\")");

  error = error_of("{\"born\": \"2024-13-01\"}");
  EXPECT_EQ(error.state(), SqlState::kDatetimeFieldOverflow);
  EXPECT_NE(std::string(error.what()).find("(column \"born\" of document"), std::string::npos);

  // Objects and arrays have no cast to a scalar: XX001 with the file and the position.
  error = error_of("{\"id\": 3,\n  \"age\": {\"years\": 4}}");
  EXPECT_EQ(error.state(), SqlState::kDataCorrupted);
  EXPECT_STREQ(error.what(),
               "invalid document \"data/postgres/users/3.json\": expected integer for column "
               "\"age\", found an object at line 2, column 10");
  error = error_of("{\"code\": [\"a\"]}");
  EXPECT_EQ(error.state(), SqlState::kDataCorrupted);
  EXPECT_NE(std::string(error.what()).find("found an array at line 1, column 10"),
            std::string::npos)
      << error.what();
}

// Writes always use the schema's JSON kinds, whatever the document held before; keys the
// schema does not know are kept.
TEST(DocumentCastTest, RewritingACastValueWritesTheSchemaKind) {
  const TableSchema as_int = WithV(kInt4);
  DecodedRow row = DecodeDocument(as_int, R"({"id": "3", "v": "42", "old": [1]})", kPath);
  EXPECT_EQ(EncodeDocument(as_int, row.values, row.extra, JsonStyle::kCompact),
            "{\"id\":3,\"v\":42,\"old\":[1]}\n");
  const TableSchema as_text = WithV(kText);
  row = DecodeDocument(as_text, R"({"id": 3, "v": 42})", kPath);
  EXPECT_EQ(EncodeDocument(as_text, row.values, row.extra, JsonStyle::kCompact),
            "{\"id\":3,\"v\":\"42\"}\n");
  const TableSchema as_bool = WithV(kBool);
  row = DecodeDocument(as_bool, R"({"id": 3, "v": "yes"})", kPath);
  EXPECT_EQ(EncodeDocument(as_bool, row.values, row.extra, JsonStyle::kCompact),
            "{\"id\":3,\"v\":true}\n");
}

}  // namespace
}  // namespace sb::storage
