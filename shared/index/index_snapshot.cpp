// What an index snapshot holds and its exact bytes. Reading files back is in
// index_snapshot_read.cpp, writing and cleaning up in index_snapshot_write.cpp.
#include "shared/index/index_snapshot.h"

#include <algorithm>
#include <unordered_map>
#include <variant>

#include "shared/errors/sql_error.h"
#include "shared/index/index_key.h"
#include "shared/storage/document_key.h"
#include "shared/types/json.h"
#include "shared/types/text_io.h"

namespace sb::index {
namespace {

struct Sortable {
  std::string index_key;
  std::string row_order;  // the primary-key encoding; empty for a hidden row key
  SnapshotEntry entry;
};

// Orders rows that share an index key by their primary key, as a person reads ids; a table
// without a primary key (UUIDv7 stems that sort by creation) falls back on the stem.
std::string RowOrder(const storage::TableSchema& schema, const std::vector<int>& key_positions,
                     const std::vector<types::Value>& row) {
  std::string out;
  for (int position : key_positions) {
    if (position < 0 || static_cast<size_t>(position) >= row.size()) return {};
    const types::Value& value = row[static_cast<size_t>(position)];
    const types::Oid type = schema.columns[static_cast<size_t>(position)].type.oid;
    if (value.IsNull() || !IsIndexableType(type)) return {};
    AppendKeyPart(out, value, type);
  }
  return out;
}

}  // namespace

std::vector<IndexDefinition> SnapshotIndexes(const storage::TableSchema& schema) {
  std::vector<IndexDefinition> out;
  for (IndexDefinition& index : TableIndexes(schema)) {
    if (!index.primary && index.indexable) out.push_back(std::move(index));
  }
  return out;
}

std::optional<std::vector<types::Value>> IndexedValues(const IndexDefinition& index,
                                                       const std::vector<types::Value>& row) {
  std::vector<types::Value> values;
  values.reserve(index.columns.size());
  for (int position : index.columns) {
    if (position < 0 || static_cast<size_t>(position) >= row.size()) return std::nullopt;
    const types::Value& value = row[static_cast<size_t>(position)];
    if (value.IsNull()) return std::nullopt;
    values.push_back(value);
  }
  return values;
}

std::string SnapshotKeyText(const IndexDefinition& index, std::span<const types::Value> key) {
  if (index.unique && key.size() == 1) return types::FormatText(key[0], types::FormatSettings{});
  return storage::EncodeKeyStem(key);
}

std::vector<SnapshotEntry> SnapshotEntries(const storage::TableSchema& schema,
                                           const IndexDefinition& index,
                                           const std::vector<SnapshotRow>& rows) {
  const std::vector<int> key_positions = schema.PrimaryKeyColumns();
  std::vector<Sortable> sortable;
  sortable.reserve(rows.size());
  for (const SnapshotRow& row : rows) {
    std::optional<std::vector<types::Value>> values = IndexedValues(index, row.values);
    if (!values) continue;
    Sortable item;
    try {
      item.index_key = EncodeKey(*values, index.types);
      item.row_order = RowOrder(schema, key_positions, row.values);
      item.entry.key_text = SnapshotKeyText(index, *values);
    } catch (const std::bad_variant_access&) {
      // A value of another type than its column: a caller's mistake, not the user's data.
      ThrowSqlError(SqlState::kInternalError,
                    "row \"{}\" of table \"{}\" has a value of the wrong type for index \"{}\"",
                    row.stem, schema.name, index.name);
    }
    item.entry.key = std::move(*values);
    item.entry.stem = row.stem;
    sortable.push_back(std::move(item));
  }
  std::sort(sortable.begin(), sortable.end(), [](const Sortable& a, const Sortable& b) {
    if (int c = a.index_key.compare(b.index_key); c != 0) return c < 0;
    if (int c = a.row_order.compare(b.row_order); c != 0) return c < 0;
    return a.entry.stem < b.entry.stem;
  });
  std::vector<SnapshotEntry> entries;
  entries.reserve(sortable.size());
  for (Sortable& item : sortable) entries.push_back(std::move(item.entry));
  return entries;
}

std::string FormatUniqueSnapshot(std::span<const SnapshotEntry> entries) {
  if (entries.empty()) return "{}\n";
  // Group equal key texts (normally each has one row) in order of first appearance.
  std::vector<std::pair<std::string_view, std::vector<std::string_view>>> groups;
  std::unordered_map<std::string_view, size_t> group_of;
  for (const SnapshotEntry& entry : entries) {
    auto [found, added] = group_of.emplace(entry.key_text, groups.size());
    if (added) {
      groups.push_back({entry.key_text, {entry.stem}});
    } else {
      groups[found->second].second.push_back(entry.stem);
    }
  }
  std::string out = "{\n";
  for (size_t i = 0; i < groups.size(); ++i) {
    out += "  ";
    types::AppendJsonString(out, groups[i].first);
    out += ": ";
    const std::vector<std::string_view>& stems = groups[i].second;
    if (stems.size() == 1) {
      types::AppendJsonString(out, stems[0]);
    } else {
      out += '[';
      for (size_t j = 0; j < stems.size(); ++j) {
        if (j > 0) out += ", ";
        types::AppendJsonString(out, stems[j]);
      }
      out += ']';
    }
    out += i + 1 < groups.size() ? ",\n" : "\n";
  }
  out += "}\n";
  return out;
}

std::string FormatValueFile(std::span<const std::string> stems) {
  std::string out = "[";
  for (size_t i = 0; i < stems.size(); ++i) {
    if (i > 0) out += ", ";
    types::AppendJsonString(out, stems[i]);
  }
  out += "]\n";
  return out;
}

}  // namespace sb::index
