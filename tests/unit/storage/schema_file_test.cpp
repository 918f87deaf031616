#include "shared/storage/schema_file.h"

#include <gtest/gtest.h>

#include "tests/unit/storage/storage_test_util.h"

namespace sb::storage {
namespace {

using testing::ExpectSqlError;
using namespace types;

constexpr std::string_view kPath = "data/app/_schema/users.json";

ColumnSchema Column(std::string name, Oid oid, int32_t typmod = -1) {
  ColumnSchema column;
  column.name = std::move(name);
  column.type = ColumnType{oid, typmod};
  return column;
}

TableSchema UsersSchema() {
  TableSchema schema;
  schema.name = "users";
  ColumnSchema id = Column("id", kUuid);
  id.primary_key = true;
  id.default_expr = "gen_random_uuid7()";
  ColumnSchema email = Column("email", kText);
  email.unique = true;
  email.not_null = true;
  ColumnSchema role = Column("role", kVarchar, VarcharTypmod(20));
  role.default_expr = "'user'";
  schema.columns = {id, email, role};
  schema.indexes = {IndexSchema{"idx_role", {"role"}, false}};
  return schema;
}

TEST(SchemaFileTest, FormatIsStableAndDiffFriendly) {
  std::string text = FormatSchemaFile(UsersSchema());
  EXPECT_EQ(text,
            "{\n"
            "  \"name\": \"users\",\n"
            "  \"columns\": [\n"
            "    {\"name\": \"id\", \"type\": \"uuid\", \"primary_key\": true, \"default\": "
            "\"gen_random_uuid7()\"},\n"
            "    {\"name\": \"email\", \"type\": \"text\", \"unique\": true, \"not_null\": true},\n"
            "    {\"name\": \"role\", \"type\": \"character varying(20)\", \"default\": "
            "\"'user'\"}\n"
            "  ],\n"
            "  \"indexes\": [\n"
            "    {\"name\": \"idx_role\", \"columns\": [\"role\"]}\n"
            "  ]\n"
            "}\n");
  EXPECT_EQ(FormatSchemaFile(ParseSchemaFile(text, kPath)), text);
}

TEST(SchemaFileTest, ReadsTheDesignExample) {
  // DESIGN §2, as a person would write it: aligned, compact, keys in any order.
  std::string text = R"json({"name": "users",
   "columns": [
     {"name": "id",    "type": "uuid", "primary_key": true, "default": "gen_random_uuid7()"},
     {"name": "email", "type": "text", "unique": true, "not_null": true},
     {"name": "name",  "type": "text"},
     {"name": "role",  "type": "text", "default": "'user'"}],
   "indexes": [{"name": "idx_role", "columns": ["role"]}]})json";
  TableSchema schema = ParseSchemaFile(text, kPath);
  EXPECT_EQ(schema.name, "users");
  ASSERT_EQ(schema.columns.size(), 4u);
  EXPECT_TRUE(schema.columns[0].primary_key);
  EXPECT_EQ(schema.columns[0].default_expr, "gen_random_uuid7()");
  EXPECT_TRUE(schema.columns[1].unique);
  EXPECT_TRUE(schema.columns[1].not_null);
  EXPECT_FALSE(schema.columns[2].not_null);
  EXPECT_EQ(schema.columns[3].default_expr, "'user'");
  ASSERT_EQ(schema.indexes.size(), 1u);
  EXPECT_EQ(schema.indexes[0].columns, std::vector<std::string>{"role"});
  EXPECT_EQ(schema.PrimaryKeyColumns(), std::vector<int>{0});
}

TEST(SchemaFileTest, EveryFieldRoundTrips) {
  TableSchema schema;
  schema.name = "Order \"Items\"";
  ColumnSchema order_id = Column("order_id", kInt8);
  order_id.not_null = true;
  order_id.references =
      ColumnReference{"orders", "id", ReferentialAction::kCascade, ReferentialAction::kSetNull};
  ColumnSchema line = Column("line", kInt4);
  line.identity = IdentityKind::kByDefault;
  line.sequence = "order_items_line_seq";
  ColumnSchema price = Column("price", kNumeric, NumericTypmod(10, 2));
  price.check = "price >= 0";
  price.comment = "in euros\nincl. VAT";
  ColumnSchema tags = Column("tags", kTextArray);
  ColumnSchema at = Column("at", kTimestamptz, 3);
  ColumnSchema serial = Column("n", kInt8);
  serial.identity = IdentityKind::kAlways;
  ColumnSchema ref = Column("sku", kText);
  ref.references =
      ColumnReference{"products", "", ReferentialAction::kRestrict, ReferentialAction::kNoAction};
  schema.columns = {order_id, line, price, tags, at, serial, ref};
  schema.primary_key = {"order_id", "line"};
  schema.unique = {{"order_id", "sku"}, {"n"}};
  schema.indexes = {IndexSchema{"by_at", {"at", "price"}, true}, IndexSchema{"by_sku", {"sku"}}};
  schema.foreign_keys = {
      ForeignKeySchema{"fk_pair",
                       {"order_id", "sku"},
                       "pairs",
                       {"a", "b"},
                       ReferentialAction::kSetDefault,
                       ReferentialAction::kCascade},
      ForeignKeySchema{
          "", {"sku"}, "products", {}, ReferentialAction::kNoAction, ReferentialAction::kNoAction}};
  schema.checks = {CheckSchema{"", "price < 1000000"}, CheckSchema{"positive_line", "line > 0"}};
  schema.comment = "one line per product";
  ASSERT_FALSE(CheckTableSchema(schema).has_value()) << CheckTableSchema(schema)->message;

  std::string text = FormatSchemaFile(schema);
  TableSchema back = ParseSchemaFile(text, kPath);
  EXPECT_EQ(back, schema) << text;
  EXPECT_EQ(FormatSchemaFile(back), text);
  EXPECT_EQ(back.PrimaryKeyColumns(), (std::vector<int>{0, 1}));
  EXPECT_EQ(text.find("row_key"), std::string::npos);
  EXPECT_NE(text.find("\"on_delete\": \"cascade\""), std::string::npos) << text;
}

TEST(SchemaFileTest, HiddenRowKey) {
  TableSchema schema;
  schema.name = "log";
  schema.columns = {Column("line", kText)};
  std::string text = FormatSchemaFile(schema);
  EXPECT_NE(text.find("\"row_key\": \"hidden\""), std::string::npos) << text;
  TableSchema back = ParseSchemaFile(text, kPath);
  EXPECT_EQ(back, schema);
  EXPECT_FALSE(back.HasPrimaryKey());
  ASSERT_EQ(back.KeyColumns().size(), 1u);
  EXPECT_EQ(back.KeyColumns()[0].type, kUuid);
  // A hand-written file may leave row_key out.
  EXPECT_FALSE(
      ParseSchemaFile(R"({"name": "log", "columns": [{"name": "line", "type": "text"}]})", kPath)
          .HasPrimaryKey());
  // A zero-column table.
  TableSchema empty;
  empty.name = "empty";
  EXPECT_EQ(ParseSchemaFile(FormatSchemaFile(empty), kPath), empty);
}

TEST(SchemaFileTest, SingleColumnTableKeyMovesOntoTheColumn) {
  TableSchema schema = ParseSchemaFile(
      R"({"name": "t", "columns": [{"name": "a", "type": "int"}, {"name": "b", "type": "int"}],
          "primary_key": ["b"]})",
      kPath);
  EXPECT_TRUE(schema.primary_key.empty());
  EXPECT_TRUE(schema.columns[1].primary_key);
  EXPECT_EQ(schema.PrimaryKeyColumns(), std::vector<int>{1});
}

struct ErrorCase {
  std::string text;
  std::string expected;  // a fragment of the message, including the location
};

TEST(SchemaFileTest, ErrorsNameFileJsonPathAndLine) {
  std::vector<ErrorCase> cases = {
      {"{\"name\": \"t\",\n \"columns\": [\n  {\"name\": \"a\", \"type\": \"int\", \"uniqe\": "
       "true}]}",
       "$.columns[0]: unknown key \"uniqe\" at line 3, column 32"},
      {"{\"name\": \"t\", \"colums\": []}", "$: unknown key \"colums\" at line 1, column 15"},
      {"{\"name\": \"t\",\n \"columns\": [\n  {\"name\": \"a\", \"type\": \"integr\"}]}",
       "$.columns[0].type: unknown type \"integr\" at line 3, column 25"},
      {"{\"name\": \"t\", \"columns\": [{\"name\": \"a\"}]}",
       "$.columns[0]: missing key \"type\" at line 1, column 27"},
      {"{\"columns\": []}", "$: missing key \"name\" at line 1, column 1"},
      {"{\"name\": 5}", "$.name: expected a string, found a number at line 1, column 10"},
      {"{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"int\", \"unique\": "
       "\"yes\"}]}",
       "$.columns[0].unique: expected a boolean, found a string"},
      {"{\"name\": \"t\", \"columns\": {}}", "$.columns: expected an array, found an object"},
      {"[]", "$: expected an object, found an array at line 1, column 1"},
      {"{\"name\": \"t\",\n \"columns\": [\n  {\"name\": \"a\", \"type\": \"int\"},\n"
       "  {\"name\": \"a\", \"type\": \"int\"}]}",
       "$.columns[1].name: column \"a\" appears twice at line 4, column 12"},
      {"{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"int\"}], \"indexes\": "
       "[{\"name\": \"i\", \"columns\": [\"b\"]}]}",
       "$.indexes[0].columns[0]: column \"b\" does not exist"},
      {"{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"int\", \"primary_key\": "
       "true}, {\"name\": \"b\", \"type\": \"int\", \"primary_key\": true}]}",
       "$.columns[1].primary_key: multiple primary keys"},
      {"{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"jsonb\", \"primary_key\": "
       "true}]}",
       "$.columns[0].type: primary key column \"a\" has type jsonb"},
      {"{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"text\", \"identity\": "
       "\"always\"}]}",
       "$.columns[0].identity: identity columns must be"},
      {"{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"int\", \"identity\": "
       "\"sometimes\"}]}",
       "unknown identity \"sometimes\""},
      {"{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"int\", \"references\": "
       "{\"table\": \"u\", \"on_delete\": \"explode\"}}]}",
       "$.columns[0].references.on_delete: unknown action \"explode\""},
      {"{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"int\", \"primary_key\": "
       "true}], \"row_key\": \"hidden\"}",
       "$.row_key: a table with a primary key has no hidden row key"},
      {"{\"name\": \"t\", \"row_key\": \"visible\"}", "$.row_key: expected \"hidden\""},
      {"{\"name\": \"\"}", "$.name: invalid table name: name is empty"},
      {"{\"name\": \"" + std::string(64, 'x') + "\"}", "name is longer than 63 bytes"},
      {"{\"name\": \"t\", \"name\": \"u\"}", "duplicate key \"name\" at line 1, column 15"},
      {"{\"name\": \"t\",\n \"columns\": [\n", "at line 3, column 1"},
      {"{\"name\": \"t\" \"columns\": []}", "missing a comma or '}' after an object member"},
      {"", "the document is empty"},
      {"{\"name\": \"t\"} x", "root must not be followed by other values"},
      {std::string("{\"name\": \"t\"}\0{}", 16), "unexpected NUL byte at line 1, column 14"},
      {"{\"name\": \"\xff\"}", "invalid encoding"},
      {std::string(100, '[') + std::string(100, ']'), "nesting deeper than"},
      {"{\"name\": \"t\", \"primary_key\": [\"a\", \"a\"], \"columns\": [{\"name\": \"a\", "
       "\"type\": \"int\"}]}",
       "$.primary_key[1]: column \"a\" appears twice"},
      {"{\"name\": \"t\", \"foreign_keys\": [{\"columns\": [\"a\"], \"references\": {\"table\": "
       "\"u\", \"columns\": [\"x\", \"y\"]}}], \"columns\": [{\"name\": \"a\", \"type\": "
       "\"int\"}]}",
       "$.foreign_keys[0].references.columns: number of referencing and referenced columns "
       "differ"},
      {"{\"name\": \"t\", \"checks\": [5]}", "$.checks[0]: expected a string or an object"},
      {"{\"name\": \"t\", \"checks\": [\"\"]}", "$.checks[0]: check expression is empty"},
  };
  for (const ErrorCase& c : cases) {
    std::string message =
        ExpectSqlError(SqlState::kDataCorrupted, [&] { ParseSchemaFile(c.text, kPath); });
    EXPECT_NE(message.find("invalid schema file \"data/app/_schema/users.json\": "),
              std::string::npos)
        << message;
    EXPECT_NE(message.find(c.expected), std::string::npos)
        << "message: " << message << "\nexpected: " << c.expected;
    EXPECT_NE(message.find(" at line "), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace sb::storage
