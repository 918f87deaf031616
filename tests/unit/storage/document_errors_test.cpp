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
      {"{\"id\": \"abc\"}", SqlState::kInvalidTextRepresentation,
       "invalid value for column \"id\" in document \"data/app/users/7.json\": invalid input "
       "syntax for type integer: \"abc\" at line 1, column 8"},
      {"{\"id\": 1.5}", SqlState::kInvalidTextRepresentation, "invalid value for column \"id\""},
      {"{\"id\": 99999999999}", SqlState::kInvalidTextRepresentation, "out of range"},
      {"{\"small\": 40000}", SqlState::kInvalidTextRepresentation, "out of range"},
      {"{\"id\": true}", SqlState::kInvalidTextRepresentation,
       "column \"id\" in document \"data/app/users/7.json\": expected integer, found a boolean"},
      {"{\"id\": {\"a\": 1}}", SqlState::kInvalidTextRepresentation,
       "expected integer, found an object at line 1, column 8"},
      {"{\"email\": 42}", SqlState::kInvalidTextRepresentation,
       "column \"email\" in document \"data/app/users/7.json\": expected text, found a number"},
      {"{\"email\": [\"a\"]}", SqlState::kInvalidTextRepresentation,
       "expected text, found an array"},
      {"{\"active\": 1}", SqlState::kInvalidTextRepresentation, "expected boolean, found a number"},
      {"{\"active\": \"maybe\"}", SqlState::kInvalidTextRepresentation,
       "invalid input syntax for type boolean"},
      {"{\"tags\": [\"a\", 1]}", SqlState::kInvalidTextRepresentation,
       "expected an element of text[], found a number"},
      {"{\"tags\": [[\"a\"]]}", SqlState::kInvalidTextRepresentation,
       "nested arrays and objects are not supported"},
      {"{\"tags\": {}}", SqlState::kInvalidTextRepresentation, "expected text[], found an object"},
      {"{\"born\": \"2024-02-30\"}", SqlState::kInvalidTextRepresentation, "column \"born\""},
      {"{\"born\": 20240101}", SqlState::kInvalidTextRepresentation,
       "expected date, found a number"},
      {"{\"code\": \"toolong\"}", SqlState::kInvalidTextRepresentation,
       "too long for type character varying(3)"},
      {"{\"score\": \"12abc\"}", SqlState::kInvalidTextRepresentation,
       "invalid input syntax for type numeric"},
      // RapidJSON refuses numbers beyond double range even when it keeps their text; such
      // values must be written as strings (SmarterBase writes numerics as strings anyway).
      {"{\"score\": 1e999999}", SqlState::kDataCorrupted, "number too big"},
      {"{\"ratio\": 1e400}", SqlState::kDataCorrupted, "number too big"},
      {"{\"ratio\": \"1e400\"}", SqlState::kInvalidTextRepresentation,
       "\"1e400\" is out of range for type double precision"},
      {"{\"meta\": {\"a\": \"\\u0000\"}}", SqlState::kInvalidTextRepresentation, "column \"meta\""},
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
      EXPECT_TRUE(error.state() == SqlState::kDataCorrupted ||
                  error.state() == SqlState::kInvalidTextRepresentation)
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
