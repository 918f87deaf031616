// ParseSchemaFile (schema_file.h).
#include "shared/storage/schema_file.h"

#include <fmt/format.h>

#include <initializer_list>

#include "shared/errors/sql_error.h"
#include "shared/storage/json_location.h"
#include "shared/storage/json_tree.h"

namespace sb::storage {
namespace {

// Schema files are a few levels deep; anything deeper is not a schema.
constexpr size_t kMaxSchemaDepth = 16;

using Kind = JsonNode::Kind;

class SchemaReader {
 public:
  SchemaReader(std::string_view text, std::string_view path) : text_(text), path_(path) {}

  TableSchema Read() {
    JsonTreeError error;
    if (!ParseJsonTree(text_, kMaxSchemaDepth, &root_, &error)) {
      Fail(error.offset, error.message);
    }
    TableSchema schema = ReadTable(root_);
    if (std::optional<SchemaProblem> problem = CheckTableSchema(schema)) {
      FailAtPath(problem->json_path, problem->message);
    }
    if (const JsonNode* row_key = root_.Find("row_key");
        row_key != nullptr && schema.HasPrimaryKey()) {
      Fail(row_key->offset, "$.row_key: a table with a primary key has no hidden row key");
    }
    if (schema.primary_key.size() == 1) {
      schema.columns[static_cast<size_t>(schema.ColumnIndex(schema.primary_key[0]))].primary_key =
          true;
      schema.primary_key.clear();
    }
    return schema;
  }

 private:
  [[noreturn]] void Fail(size_t offset, std::string_view message) const {
    ThrowSqlError(SqlState::kDataCorrupted, "invalid schema file \"{}\": {}{}", path_, message,
                  AtLineColumn(text_, offset));
  }

  [[noreturn]] void Fail(const JsonNode& node, const std::string& json_path,
                         std::string_view message) const {
    Fail(node.offset, fmt::format("{}: {}", json_path, message));
  }

  // Points at the deepest node of `json_path` ("$.columns[2].type") that exists.
  [[noreturn]] void FailAtPath(const std::string& json_path, std::string_view message) const {
    const JsonNode* node = &root_;
    size_t at = 1;  // after "$"
    while (at < json_path.size()) {
      const JsonNode* next = nullptr;
      if (json_path[at] == '.') {
        size_t end = json_path.find_first_of(".[", at + 1);
        next = node->Find(std::string_view(json_path).substr(at + 1, end - at - 1));
        at = end == std::string::npos ? json_path.size() : end;
      } else if (json_path[at] == '[') {
        size_t end = json_path.find(']', at);
        if (end == std::string::npos) break;
        size_t index = std::stoul(json_path.substr(at + 1, end - at - 1));
        if (node->kind == Kind::kArray && index < node->elements.size()) {
          next = &node->elements[index];
        }
        at = end + 1;
      } else {
        break;
      }
      if (next == nullptr) break;
      node = next;
    }
    Fail(node->offset, fmt::format("{}: {}", json_path, message));
  }

  void ExpectKind(const JsonNode& node, const std::string& json_path, Kind kind) const {
    if (node.kind != kind) {
      Fail(node, json_path,
           fmt::format("expected {}, found {}", JsonKindName(kind), JsonKindName(node.kind)));
    }
  }

  void CheckKeys(const JsonNode& object, const std::string& json_path,
                 std::initializer_list<std::string_view> allowed) const {
    for (const JsonMember& member : object.members) {
      bool known = false;
      for (std::string_view key : allowed) known = known || key == member.key;
      if (!known) {
        Fail(member.key_offset, fmt::format("{}: unknown key \"{}\"", json_path, member.key));
      }
    }
  }

  std::string String(const JsonNode& node, const std::string& json_path) const {
    ExpectKind(node, json_path, Kind::kString);
    return node.text;
  }

  // An optional string member; empty when absent.
  std::string OptionalString(const JsonNode& object, const std::string& json_path,
                             std::string_view key) const {
    const JsonNode* node = object.Find(key);
    return node == nullptr ? std::string() : String(*node, Child(json_path, key));
  }

  std::string RequiredString(const JsonNode& object, const std::string& json_path,
                             std::string_view key) const {
    const JsonNode* node = object.Find(key);
    if (node == nullptr) Fail(object, json_path, fmt::format("missing key \"{}\"", key));
    return String(*node, Child(json_path, key));
  }

  bool OptionalBool(const JsonNode& object, const std::string& json_path,
                    std::string_view key) const {
    const JsonNode* node = object.Find(key);
    if (node == nullptr) return false;
    ExpectKind(*node, Child(json_path, key), Kind::kBool);
    return node->boolean;
  }

  std::vector<std::string> StringList(const JsonNode& node, const std::string& json_path) const {
    ExpectKind(node, json_path, Kind::kArray);
    std::vector<std::string> result;
    for (size_t i = 0; i < node.elements.size(); ++i) {
      result.push_back(String(node.elements[i], Index(json_path, i)));
    }
    return result;
  }

  ReferentialAction Action(const JsonNode& object, const std::string& json_path,
                           std::string_view key) const {
    const JsonNode* node = object.Find(key);
    if (node == nullptr) return ReferentialAction::kNoAction;
    std::string path = Child(json_path, key);
    std::optional<ReferentialAction> action = ParseReferentialAction(String(*node, path));
    if (!action.has_value()) {
      Fail(*node, path,
           fmt::format("unknown action \"{}\" (expected no action, restrict, cascade, set null "
                       "or set default)",
                       node->text));
    }
    return *action;
  }

  static std::string Child(const std::string& json_path, std::string_view key) {
    return fmt::format("{}.{}", json_path, key);
  }
  static std::string Index(const std::string& json_path, size_t index) {
    return fmt::format("{}[{}]", json_path, index);
  }

  ColumnSchema ReadColumn(const JsonNode& node, const std::string& json_path) const {
    ExpectKind(node, json_path, Kind::kObject);
    CheckKeys(node, json_path,
              {"name", "type", "primary_key", "unique", "not_null", "default", "identity",
               "sequence", "references", "check", "comment"});
    ColumnSchema column;
    column.name = RequiredString(node, json_path, "name");
    std::string type = RequiredString(node, json_path, "type");
    std::optional<ColumnType> parsed = ParseColumnType(type);
    if (!parsed.has_value()) {
      Fail(*node.Find("type"), Child(json_path, "type"), fmt::format("unknown type \"{}\"", type));
    }
    column.type = *parsed;
    column.primary_key = OptionalBool(node, json_path, "primary_key");
    column.unique = OptionalBool(node, json_path, "unique");
    column.not_null = OptionalBool(node, json_path, "not_null");
    column.default_expr = OptionalString(node, json_path, "default");
    if (const JsonNode* identity = node.Find("identity")) {
      std::string path = Child(json_path, "identity");
      std::string text = String(*identity, path);
      if (text == "always") {
        column.identity = IdentityKind::kAlways;
      } else if (text == "by default") {
        column.identity = IdentityKind::kByDefault;
      } else {
        Fail(*identity, path,
             fmt::format("unknown identity \"{}\" (expected \"always\" or \"by default\")", text));
      }
    }
    column.sequence = OptionalString(node, json_path, "sequence");
    if (const JsonNode* references = node.Find("references")) {
      std::string path = Child(json_path, "references");
      ExpectKind(*references, path, Kind::kObject);
      CheckKeys(*references, path, {"table", "column", "on_delete", "on_update"});
      ColumnReference reference;
      reference.table = RequiredString(*references, path, "table");
      reference.column = OptionalString(*references, path, "column");
      reference.on_delete = Action(*references, path, "on_delete");
      reference.on_update = Action(*references, path, "on_update");
      column.references = std::move(reference);
    }
    column.check = OptionalString(node, json_path, "check");
    column.comment = OptionalString(node, json_path, "comment");
    return column;
  }

  IndexSchema ReadIndex(const JsonNode& node, const std::string& json_path) const {
    ExpectKind(node, json_path, Kind::kObject);
    CheckKeys(node, json_path, {"name", "columns", "unique"});
    IndexSchema index;
    index.name = RequiredString(node, json_path, "name");
    const JsonNode* columns = node.Find("columns");
    if (columns == nullptr) Fail(node, json_path, "missing key \"columns\"");
    index.columns = StringList(*columns, Child(json_path, "columns"));
    index.unique = OptionalBool(node, json_path, "unique");
    return index;
  }

  ForeignKeySchema ReadForeignKey(const JsonNode& node, const std::string& json_path) const {
    ExpectKind(node, json_path, Kind::kObject);
    CheckKeys(node, json_path, {"name", "columns", "references"});
    ForeignKeySchema key;
    key.name = OptionalString(node, json_path, "name");
    const JsonNode* columns = node.Find("columns");
    if (columns == nullptr) Fail(node, json_path, "missing key \"columns\"");
    key.columns = StringList(*columns, Child(json_path, "columns"));
    const JsonNode* references = node.Find("references");
    if (references == nullptr) Fail(node, json_path, "missing key \"references\"");
    std::string path = Child(json_path, "references");
    ExpectKind(*references, path, Kind::kObject);
    CheckKeys(*references, path, {"table", "columns", "on_delete", "on_update"});
    key.table = RequiredString(*references, path, "table");
    if (const JsonNode* ref_columns = references->Find("columns")) {
      key.ref_columns = StringList(*ref_columns, Child(path, "columns"));
    }
    key.on_delete = Action(*references, path, "on_delete");
    key.on_update = Action(*references, path, "on_update");
    return key;
  }

  CheckSchema ReadCheck(const JsonNode& node, const std::string& json_path) const {
    if (node.kind == Kind::kString) return CheckSchema{"", node.text};
    if (node.kind != Kind::kObject) {
      Fail(node, json_path,
           fmt::format("expected a string or an object, found {}", JsonKindName(node.kind)));
    }
    CheckKeys(node, json_path, {"name", "check"});
    return CheckSchema{OptionalString(node, json_path, "name"),
                       RequiredString(node, json_path, "check")};
  }

  template <typename T, typename ReadOne>
  std::vector<T> ReadArray(const JsonNode& table, std::string_view key, ReadOne read_one) const {
    std::vector<T> result;
    const JsonNode* node = table.Find(key);
    if (node == nullptr) return result;
    std::string json_path = Child("$", key);
    ExpectKind(*node, json_path, Kind::kArray);
    for (size_t i = 0; i < node->elements.size(); ++i) {
      result.push_back(read_one(node->elements[i], Index(json_path, i)));
    }
    return result;
  }

  TableSchema ReadTable(const JsonNode& node) const {
    const std::string root = "$";
    ExpectKind(node, root, Kind::kObject);
    CheckKeys(node, root,
              {"name", "columns", "primary_key", "unique", "indexes", "foreign_keys", "checks",
               "comment", "row_key"});
    TableSchema schema;
    schema.name = RequiredString(node, root, "name");
    auto self = this;
    schema.columns = ReadArray<ColumnSchema>(
        node, "columns",
        [self](const JsonNode& n, const std::string& p) { return self->ReadColumn(n, p); });
    if (const JsonNode* key = node.Find("primary_key")) {
      schema.primary_key = StringList(*key, "$.primary_key");
    }
    schema.unique = ReadArray<std::vector<std::string>>(
        node, "unique",
        [self](const JsonNode& n, const std::string& p) { return self->StringList(n, p); });
    schema.indexes = ReadArray<IndexSchema>(
        node, "indexes",
        [self](const JsonNode& n, const std::string& p) { return self->ReadIndex(n, p); });
    schema.foreign_keys = ReadArray<ForeignKeySchema>(
        node, "foreign_keys",
        [self](const JsonNode& n, const std::string& p) { return self->ReadForeignKey(n, p); });
    schema.checks = ReadArray<CheckSchema>(
        node, "checks",
        [self](const JsonNode& n, const std::string& p) { return self->ReadCheck(n, p); });
    schema.comment = OptionalString(node, root, "comment");
    if (const JsonNode* row_key = node.Find("row_key")) {
      if (String(*row_key, "$.row_key") != "hidden") {
        Fail(*row_key, "$.row_key", "expected \"hidden\"");
      }
    }
    return schema;
  }

  std::string_view text_;
  std::string_view path_;
  JsonNode root_;
};

}  // namespace

TableSchema ParseSchemaFile(std::string_view text, std::string_view path) {
  return SchemaReader(text, path).Read();
}

}  // namespace sb::storage
