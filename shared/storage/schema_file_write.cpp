// FormatSchemaFile (schema_file.h).
#include "shared/storage/schema_file.h"

#include "shared/types/json.h"

namespace sb::storage {
namespace {

void AppendString(std::string& out, std::string_view text) {
  types::AppendJsonString(out, text);
}

void AppendStringList(std::string& out, const std::vector<std::string>& list) {
  out.push_back('[');
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    AppendString(out, list[i]);
  }
  out.push_back(']');
}

// Builds one inline object: {"a": ..., "b": ...}.
class InlineObject {
 public:
  explicit InlineObject(std::string& out) : out_(out) { out_.push_back('{'); }
  ~InlineObject() { out_.push_back('}'); }
  std::string& Key(std::string_view key) {
    if (!first_) out_ += ", ";
    first_ = false;
    AppendString(out_, key);
    out_ += ": ";
    return out_;
  }
  void String(std::string_view key, std::string_view value) {
    if (!value.empty()) AppendString(Key(key), value);
  }
  void True(std::string_view key, bool value) {
    if (value) Key(key) += "true";
  }
  void Action(std::string_view key, ReferentialAction action) {
    if (action != ReferentialAction::kNoAction) String(key, ReferentialActionName(action));
  }

 private:
  std::string& out_;
  bool first_ = true;
};

void AppendColumn(std::string& out, const ColumnSchema& column) {
  InlineObject object(out);
  object.String("name", column.name);
  object.String("type", FormatColumnType(column.type));
  object.True("primary_key", column.primary_key);
  object.True("unique", column.unique);
  object.True("not_null", column.not_null);
  object.String("default", column.default_expr);
  if (column.identity == IdentityKind::kAlways) object.String("identity", "always");
  if (column.identity == IdentityKind::kByDefault) object.String("identity", "by default");
  object.String("sequence", column.sequence);
  if (column.references.has_value()) {
    InlineObject reference(object.Key("references"));
    reference.String("table", column.references->table);
    reference.String("column", column.references->column);
    reference.Action("on_delete", column.references->on_delete);
    reference.Action("on_update", column.references->on_update);
  }
  object.String("check", column.check);
  object.String("comment", column.comment);
}

void AppendIndex(std::string& out, const IndexSchema& index) {
  InlineObject object(out);
  object.String("name", index.name);
  AppendStringList(object.Key("columns"), index.columns);
  object.True("unique", index.unique);
}

void AppendForeignKey(std::string& out, const ForeignKeySchema& key) {
  InlineObject object(out);
  object.String("name", key.name);
  AppendStringList(object.Key("columns"), key.columns);
  InlineObject reference(object.Key("references"));
  reference.String("table", key.table);
  if (!key.ref_columns.empty()) AppendStringList(reference.Key("columns"), key.ref_columns);
  reference.Action("on_delete", key.on_delete);
  reference.Action("on_update", key.on_update);
}

void AppendCheck(std::string& out, const CheckSchema& check) {
  if (check.name.empty()) {
    AppendString(out, check.expression);
    return;
  }
  InlineObject object(out);
  object.String("name", check.name);
  object.String("check", check.expression);
}

// Writes `"key": [` + one element per line + `]` at top level.
template <typename T, typename AppendOne>
void AppendBlock(std::string& out, bool& first, std::string_view key, const std::vector<T>& items,
                 AppendOne append_one) {
  if (items.empty()) return;
  out += first ? "\n  " : ",\n  ";
  first = false;
  AppendString(out, key);
  out += ": [";
  for (size_t i = 0; i < items.size(); ++i) {
    out += i == 0 ? "\n    " : ",\n    ";
    append_one(out, items[i]);
  }
  out += "\n  ]";
}

void AppendTopString(std::string& out, bool& first, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  out += first ? "\n  " : ",\n  ";
  first = false;
  AppendString(out, key);
  out += ": ";
  AppendString(out, value);
}

}  // namespace

std::string FormatSchemaFile(const TableSchema& schema) {
  std::string out = "{";
  bool first = true;
  AppendTopString(out, first, "name", schema.name);
  AppendBlock(out, first, "columns", schema.columns, AppendColumn);
  if (!schema.primary_key.empty()) {
    out += first ? "\n  " : ",\n  ";
    first = false;
    out += "\"primary_key\": ";
    AppendStringList(out, schema.primary_key);
  }
  AppendBlock(out, first, "unique", schema.unique, AppendStringList);
  AppendBlock(out, first, "indexes", schema.indexes, AppendIndex);
  AppendBlock(out, first, "foreign_keys", schema.foreign_keys, AppendForeignKey);
  AppendBlock(out, first, "checks", schema.checks, AppendCheck);
  AppendTopString(out, first, "comment", schema.comment);
  if (!schema.HasPrimaryKey()) AppendTopString(out, first, "row_key", "hidden");
  out += first ? "}\n" : "\n}\n";
  return out;
}

}  // namespace sb::storage
