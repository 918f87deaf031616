#include "shared/index/index_definitions.h"

#include <fmt/format.h>

#include "shared/index/index_key.h"

namespace sb::index {
namespace {

IndexDefinition Make(const storage::TableSchema& schema, std::string name,
                     const std::vector<std::string>& columns, bool unique, bool primary) {
  IndexDefinition out;
  out.name = std::move(name);
  out.unique = unique;
  out.primary = primary;
  for (const std::string& column : columns) {
    const int position = schema.ColumnIndex(column);
    if (position < 0) {
      out.indexable = false;  // the schema check rejects this; be safe anyway
      continue;
    }
    out.columns.push_back(position);
    out.types.push_back(schema.columns[static_cast<size_t>(position)].type.oid);
    if (!IsIndexableType(out.types.back())) out.indexable = false;
  }
  if (out.columns.empty()) out.indexable = false;
  return out;
}

}  // namespace

std::vector<IndexDefinition> TableIndexes(const storage::TableSchema& schema) {
  std::vector<IndexDefinition> out;
  std::vector<int> key = schema.PrimaryKeyColumns();
  if (!key.empty()) {
    std::vector<std::string> names;
    for (int c : key) names.push_back(schema.columns[static_cast<size_t>(c)].name);
    out.push_back(Make(schema, schema.name + "_pkey", names, true, true));
  }
  for (const storage::ColumnSchema& column : schema.columns) {
    if (column.unique && !column.primary_key) {
      out.push_back(Make(schema, fmt::format("{}_{}_key", schema.name, column.name), {column.name},
                         true, false));
    }
  }
  for (const std::vector<std::string>& columns : schema.unique) {
    std::string name = schema.name;
    for (const std::string& column : columns) name += "_" + column;
    out.push_back(Make(schema, name + "_key", columns, true, false));
  }
  for (const storage::IndexSchema& index : schema.indexes) {
    out.push_back(Make(schema, index.name, index.columns, index.unique, false));
  }
  return out;
}

std::string Signature(const storage::TableSchema& schema, const IndexDefinition& index) {
  std::string out = index.unique ? "u" : "n";
  for (size_t i = 0; i < index.columns.size(); ++i) {
    out += fmt::format(";{}:{}", schema.columns[static_cast<size_t>(index.columns[i])].name,
                       index.types[i]);
  }
  return out;
}

}  // namespace sb::index
