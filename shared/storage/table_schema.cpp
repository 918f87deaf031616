#include "shared/storage/table_schema.h"

#include <fmt/format.h>

#include <set>

#include "shared/storage/name_encoding.h"

namespace sb::storage {
namespace {

struct ActionName {
  ReferentialAction action;
  std::string_view name;
};

constexpr ActionName kActionNames[] = {
    {ReferentialAction::kNoAction, "no action"},     {ReferentialAction::kRestrict, "restrict"},
    {ReferentialAction::kCascade, "cascade"},        {ReferentialAction::kSetNull, "set null"},
    {ReferentialAction::kSetDefault, "set default"},
};

std::optional<SchemaProblem> NameProblemAt(std::string_view what, std::string_view name,
                                           std::string json_path) {
  NameProblem problem = CheckSqlName(name);
  if (problem == NameProblem::kNone) return std::nullopt;
  return SchemaProblem{fmt::format("invalid {}: {}", what, NameProblemText(problem)),
                       std::move(json_path)};
}

// Checks a list of column names: non-empty, known, no repeats.
std::optional<SchemaProblem> CheckColumnList(const TableSchema& schema,
                                             const std::vector<std::string>& columns,
                                             const std::string& json_path) {
  if (columns.empty()) return SchemaProblem{"column list is empty", json_path};
  std::set<std::string_view> seen;
  for (size_t i = 0; i < columns.size(); ++i) {
    std::string path = fmt::format("{}[{}]", json_path, i);
    if (schema.ColumnIndex(columns[i]) < 0) {
      return SchemaProblem{fmt::format("column \"{}\" does not exist", columns[i]), path};
    }
    if (!seen.insert(columns[i]).second) {
      return SchemaProblem{fmt::format("column \"{}\" appears twice", columns[i]), path};
    }
  }
  return std::nullopt;
}

bool IsIntegerType(types::Oid oid) {
  return oid == types::kInt2 || oid == types::kInt4 || oid == types::kInt8;
}

std::optional<SchemaProblem> CheckColumns(const TableSchema& schema) {
  std::set<std::string_view> names;
  int flagged_keys = 0;
  for (size_t i = 0; i < schema.columns.size(); ++i) {
    const ColumnSchema& column = schema.columns[i];
    std::string path = fmt::format("$.columns[{}]", i);
    if (auto problem = NameProblemAt("column name", column.name, path + ".name")) return problem;
    if (!names.insert(column.name).second) {
      return SchemaProblem{fmt::format("column \"{}\" appears twice", column.name), path + ".name"};
    }
    if (types::FindType(column.type.oid) == nullptr) {
      return SchemaProblem{"unknown type", path + ".type"};
    }
    if (column.primary_key) {
      ++flagged_keys;
      if (flagged_keys > 1 || !schema.primary_key.empty()) {
        return SchemaProblem{
            "multiple primary keys are not allowed (list the columns of a composite key in the "
            "table's \"primary_key\")",
            path + ".primary_key"};
      }
    }
    if (column.identity != IdentityKind::kNone && !IsIntegerType(column.type.oid)) {
      return SchemaProblem{"identity columns must be smallint, integer or bigint",
                           path + ".identity"};
    }
    if (column.identity != IdentityKind::kNone && !column.default_expr.empty()) {
      return SchemaProblem{"an identity column cannot have a default", path + ".default"};
    }
    if (column.references.has_value()) {
      if (auto problem = NameProblemAt("referenced table name", column.references->table,
                                       path + ".references.table")) {
        return problem;
      }
      if (!column.references->column.empty()) {
        if (auto problem = NameProblemAt("referenced column name", column.references->column,
                                         path + ".references.column")) {
          return problem;
        }
      }
    }
    if (!column.sequence.empty()) {
      if (auto problem = NameProblemAt("sequence name", column.sequence, path + ".sequence")) {
        return problem;
      }
    }
  }
  return std::nullopt;
}

std::optional<SchemaProblem> CheckKeyTypes(const TableSchema& schema) {
  for (int index : schema.PrimaryKeyColumns()) {
    const ColumnSchema& column = schema.columns[static_cast<size_t>(index)];
    if (!IsSupportedKeyType(column.type.oid)) {
      return SchemaProblem{
          fmt::format("primary key column \"{}\" has type {}, which cannot name documents",
                      column.name, FormatColumnType(column.type)),
          fmt::format("$.columns[{}].type", index)};
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view ReferentialActionName(ReferentialAction action) {
  for (const ActionName& entry : kActionNames) {
    if (entry.action == action) return entry.name;
  }
  return "no action";
}

std::optional<ReferentialAction> ParseReferentialAction(std::string_view text) {
  for (const ActionName& entry : kActionNames) {
    if (entry.name == text) return entry.action;
  }
  return std::nullopt;
}

int TableSchema::ColumnIndex(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == column) return static_cast<int>(i);
  }
  return -1;
}

const ColumnSchema* TableSchema::FindColumn(std::string_view column) const {
  int index = ColumnIndex(column);
  return index < 0 ? nullptr : &columns[static_cast<size_t>(index)];
}

std::vector<int> TableSchema::PrimaryKeyColumns() const {
  std::vector<int> result;
  if (!primary_key.empty()) {
    for (const std::string& name : primary_key) result.push_back(ColumnIndex(name));
    return result;
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].primary_key) result.push_back(static_cast<int>(i));
  }
  return result;
}

std::vector<KeyColumn> TableSchema::KeyColumns() const {
  std::vector<KeyColumn> result;
  for (int index : PrimaryKeyColumns()) {
    if (index < 0) continue;
    const ColumnType& type = columns[static_cast<size_t>(index)].type;
    result.push_back(KeyColumn{type.oid, type.typmod});
  }
  if (result.empty()) result.push_back(KeyColumn{types::kUuid, -1});
  return result;
}

std::optional<SchemaProblem> CheckTableSchema(const TableSchema& schema) {
  if (auto problem = NameProblemAt("table name", schema.name, "$.name")) return problem;
  if (auto problem = CheckColumns(schema)) return problem;
  if (!schema.primary_key.empty()) {
    if (auto problem = CheckColumnList(schema, schema.primary_key, "$.primary_key")) {
      return problem;
    }
  }
  if (auto problem = CheckKeyTypes(schema)) return problem;
  for (size_t i = 0; i < schema.unique.size(); ++i) {
    if (auto problem = CheckColumnList(schema, schema.unique[i], fmt::format("$.unique[{}]", i))) {
      return problem;
    }
  }
  std::set<std::string_view> index_names;
  for (size_t i = 0; i < schema.indexes.size(); ++i) {
    const IndexSchema& index = schema.indexes[i];
    std::string path = fmt::format("$.indexes[{}]", i);
    if (auto problem = NameProblemAt("index name", index.name, path + ".name")) return problem;
    if (!index_names.insert(index.name).second) {
      return SchemaProblem{fmt::format("index \"{}\" appears twice", index.name), path + ".name"};
    }
    if (auto problem = CheckColumnList(schema, index.columns, path + ".columns")) return problem;
  }
  for (size_t i = 0; i < schema.foreign_keys.size(); ++i) {
    const ForeignKeySchema& key = schema.foreign_keys[i];
    std::string path = fmt::format("$.foreign_keys[{}]", i);
    if (!key.name.empty()) {
      if (auto problem = NameProblemAt("constraint name", key.name, path + ".name")) {
        return problem;
      }
    }
    if (auto problem = CheckColumnList(schema, key.columns, path + ".columns")) return problem;
    if (auto problem =
            NameProblemAt("referenced table name", key.table, path + ".references.table")) {
      return problem;
    }
    if (!key.ref_columns.empty() && key.ref_columns.size() != key.columns.size()) {
      return SchemaProblem{"number of referencing and referenced columns differ",
                           path + ".references.columns"};
    }
  }
  for (size_t i = 0; i < schema.checks.size(); ++i) {
    if (schema.checks[i].expression.empty()) {
      return SchemaProblem{"check expression is empty", fmt::format("$.checks[{}]", i)};
    }
  }
  return std::nullopt;
}

}  // namespace sb::storage
