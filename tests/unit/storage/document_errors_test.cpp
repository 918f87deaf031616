// Broken documents: every failure is a SqlError with the right SQLSTATE naming the file.
#include <gtest/gtest.h>

#include "shared/storage/document_codec.h"
#include "shared/types/text_io.h"
#include "tests/unit/storage/storage_test_util.h"

namespace sb::storage {
namespace {

using namespace types;
using testing::ExpectSqlError;

constexpr std::string_view kPath = "data/app/users/7.json";

TableSchema UsersSchema() {
  TableSchema schema;
  schema.name = "users";
  auto column = [](std::string name, Oid oid, int32_t typmod = -1) {
    ColumnSchema c;
    c.name = std::move(name);
    c.type = {oid, typmod};
    return c;
  };
  schema.columns = {column("id", kInt4),       column("email", kText),
                    column("active", kBool),   column("tags", kTextArray),
                    column("born", kDate),     column("code", kVarchar, VarcharTypmod(3)),
                    column("score", kNumeric), column("meta", kJsonb),
                    column("small", kInt2),    column("ratio", kFloat8)};
  return schema;
}

struct Case {
  std::string document;
  SqlState state;
  std::string expected;
};

TEST(DocumentErrorsTest, BrokenDocuments) {
  std::vector<Case> cases = {
      {"", SqlState::kDataCorrupted,
       "invalid JSON in document \"data/app/users/7.json\": the "
       "document is empty at line 1, column 1"},
      {"{\"id\": 1, \"email\": \"a", SqlState::kDataCorrupted,
       "invalid JSON in document \"data/app/users/7.json\": missing a closing quotation mark in "
       "string at line 1, column 22"},
      {"{\"id\": 1,\n \"email\": \"a\"\n", SqlState::kDataCorrupted, "at line 3, column 1"},
      {"{\"id\": 1,}", SqlState::kDataCorrupted, "missing a name for object member"},
      {"{\"id\": 01}", SqlState::kDataCorrupted, "invalid JSON in document"},
      {"{\"id\": NaN}", SqlState::kDataCorrupted, "invalid value"},
      {"{\"id\": 1} {}", SqlState::kDataCorrupted, "root must not be followed by other values"},
      {std::string("{\"id\": 1}\0", 10), SqlState::kDataCorrupted, "unexpected NUL byte"},
      {"{\"email\": \"\xc3\x28\"}", SqlState::kDataCorrupted, "invalid encoding in string"},
      {"[1, 2]", SqlState::kDataCorrupted,
       "invalid document \"data/app/users/7.json\": expected a JSON object, found an array"},
      {"\"text\"", SqlState::kDataCorrupted, "expected a JSON object, found a string"},
      {"null", SqlState::kDataCorrupted, "expected a JSON object, found null"},
      {"{\"id\": 1, \"id\": 2}", SqlState::kDataCorrupted,
       "invalid document \"data/app/users/7.json\": duplicate key \"id\" at line 1, column 11"},
      {"{\"x\": 1, \"x\": 2}", SqlState::kDataCorrupted, "duplicate key \"x\""},
      // A value the column type does not accept: the input function's error and SQLSTATE,
      // with the column and the file; the position is in DETAIL.
      {"{\"id\": \"abc\"}", SqlState::kInvalidTextRepresentation,
       "invalid input syntax for type integer: \"abc\" (column \"id\" of document "
       "\"data/app/users/7.json\")"},
      {"{\"id\": 1.5}", SqlState::kInvalidTextRepresentation,
       "invalid input syntax for type integer: \"1.5\" (column \"id\""},
      {"{\"id\": 99999999999}", SqlState::kNumericValueOutOfRange,
       "value \"99999999999\" is out of range for type integer (column \"id\""},
      {"{\"small\": 40000}", SqlState::kNumericValueOutOfRange, "out of range for type smallint"},
      {"{\"id\": true}", SqlState::kInvalidTextRepresentation,
       "invalid input syntax for type integer: \"true\" (column \"id\""},
      {"{\"active\": 2}", SqlState::kInvalidTextRepresentation,
       "invalid input syntax for type boolean: \"2\" (column \"active\""},
      {"{\"active\": \"maybe\"}", SqlState::kInvalidTextRepresentation,
       "invalid input syntax for type boolean"},
      {"{\"tags\": [\"a\", {}]}", SqlState::kDataCorrupted,
       "nested arrays and objects are not supported in column \"tags\" of type text[] at line 1, "
       "column 16"},
      {"{\"tags\": 7}", SqlState::kInvalidTextRepresentation, "malformed array literal: \"7\""},
      {"{\"born\": \"2024-02-30\"}", SqlState::kDatetimeFieldOverflow, "column \"born\""},
      {"{\"born\": 2024}", SqlState::kInvalidDatetimeFormat, "column \"born\""},
      {"{\"code\": \"toolong\"}", SqlState::kStringDataRightTruncation,
       "too long for type character varying(3)"},
      {"{\"code\": 1234}", SqlState::kStringDataRightTruncation,
       "too long for type character varying(3)"},
      {"{\"score\": \"12abc\"}", SqlState::kInvalidTextRepresentation,
       "invalid input syntax for type numeric"},
      {"{\"score\": false}", SqlState::kInvalidTextRepresentation,
       "invalid input syntax for type numeric: \"false\""},
      // Objects and arrays have no text to cast: the document does not fit the schema.
      {"{\"id\": {\"a\": 1}}", SqlState::kDataCorrupted,
       "invalid document \"data/app/users/7.json\": expected integer for column \"id\", found "
       "an object at line 1, column 8"},
      {"{\"email\": [\"a\"]}", SqlState::kDataCorrupted,
       "expected text for column \"email\", found an array"},
      {"{\"tags\": [[\"a\"]]}", SqlState::kDataCorrupted,
       "nested arrays and objects are not supported in column \"tags\" of type text[]"},
      {"{\"tags\": {}}", SqlState::kDataCorrupted,
       "expected text[] for column \"tags\", found an object"},
      // RapidJSON refuses numbers beyond double range even when it keeps their text; such
      // values must be written as strings (SmarterBase writes numerics as strings anyway).
      {"{\"score\": 1e999999}", SqlState::kDataCorrupted, "number too big"},
      {"{\"ratio\": 1e400}", SqlState::kDataCorrupted, "number too big"},
      {"{\"ratio\": \"1e400\"}", SqlState::kNumericValueOutOfRange,
       "\"1e400\" is out of range for type double precision"},
      {"{\"meta\": {\"a\": \"\\u0000\"}}", SqlState::kUntranslatableCharacter,
       "unsupported Unicode escape sequence (column \"meta\""},
  };
  TableSchema schema = UsersSchema();
  for (const Case& c : cases) {
    std::string message =
        ExpectSqlError(c.state, [&] { DecodeDocument(schema, c.document, kPath); });
    EXPECT_NE(message.find(kPath), std::string::npos) << message;
    EXPECT_NE(message.find(c.expected), std::string::npos)
        << "document: " << c.document << "\nmessage: " << message << "\nexpected: " << c.expected;
  }
}

TEST(DocumentErrorsTest, TruncationAtEveryLengthIsAnError) {
  TableSchema schema = UsersSchema();
  std::vector<Value> row = {Value::Int4(7),
                            Value::Text("a@b.c"),
                            Value::Bool(true),
                            Value::Array(kText, {Value::Text("x"), Value::Null(kText)}),
                            ParseText(kDate, -1, "2000-01-01", FormatSettings{}),
                            Value::Text("abc", kVarchar),
                            ParseText(kNumeric, -1, "3.14", FormatSettings{}),
                            ParseText(kJsonb, -1, R"({"k": [1, {"x": null}]})", FormatSettings{}),
                            Value::Int2(5),
                            Value::Float8(0.5)};
  std::string text = EncodeDocument(schema, row, {}, JsonStyle::kPretty);
  DecodeDocument(schema, text, kPath);
  // Every strict prefix that cuts into the object fails; none crashes or half-decodes.
  size_t closing = text.rfind('}');
  for (size_t length = 0; length < closing + 1; ++length) {
    try {
      DecodeDocument(schema, std::string_view(text).substr(0, length), kPath);
      ADD_FAILURE() << "prefix of length " << length << " decoded";
    } catch (const SqlError& error) {
      EXPECT_EQ(error.state(), SqlState::kDataCorrupted) << length << ": " << error.what();
    }
  }
}

TEST(DocumentErrorsTest, GarbageNeverCrashes) {
  TableSchema schema = UsersSchema();
  std::string seed = R"({"id": 1, "email": "x", "tags": ["a"], "meta": {"a": [1, 2]}})";
  uint32_t state = 12345;
  for (int round = 0; round < 3000; ++round) {
    std::string text = seed;
    for (int k = 0; k < 3; ++k) {
      state = state * 1103515245 + 12345;
      size_t at = (state >> 8) % text.size();
      state = state * 1103515245 + 12345;
      text[at] = static_cast<char>(state >> 16);
    }
    try {
      DecodedRow row = DecodeDocument(schema, text, kPath);
      EXPECT_EQ(row.values.size(), schema.columns.size());
    } catch (const SqlError& error) {
      // Malformed (XX001) or a value its column type refuses (class 22, data exception).
      EXPECT_TRUE(error.state() == SqlState::kDataCorrupted ||
                  SqlStateCode(error.state()).substr(0, 2) == "22")
          << error.what();
    }
  }
}

TEST(DocumentErrorsTest, EncodeChecksItsInput) {
  TableSchema schema = UsersSchema();
  ExpectSqlError(SqlState::kInternalError,
                 [&] { EncodeDocument(schema, {Value::Int4(1)}, {}, JsonStyle::kPretty); });
  TableSchema json_schema;
  json_schema.name = "j";
  ColumnSchema column;
  column.name = "j";
  column.type = {kJson, -1};
  json_schema.columns = {column};
  ExpectSqlError(SqlState::kInvalidTextRepresentation, [&] {
    EncodeDocument(json_schema, {Value::Text("{broken", kJson)}, {}, JsonStyle::kPretty);
  });
  std::vector<Value> row(schema.columns.size(), Value());
  for (size_t i = 0; i < row.size(); ++i) row[i] = Value::Null(schema.columns[i].type.oid);
  row[1] = Value::Text("bad \xff byte");
  ExpectSqlError(SqlState::kCharacterNotInRepertoire,
                 [&] { EncodeDocument(schema, row, {}, JsonStyle::kPretty); });
  row[1] = Value::Text("fine \xc3\xa9");
  EXPECT_EQ(
      DecodeDocument(schema, EncodeDocument(schema, row, {}, JsonStyle::kPretty), kPath).values[1],
      row[1]);
}

TEST(DocumentErrorsTest, DeepNestingInExtrasIsFine) {
  TableSchema schema = UsersSchema();
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  DecodedRow row = DecodeDocument(schema, "{\"id\": 1, \"deep\": " + deep + "}", kPath);
  ASSERT_EQ(row.extra.size(), 1u);
  EXPECT_EQ(row.extra[0].json, deep);
}

}  // namespace
}  // namespace sb::storage
