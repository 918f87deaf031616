#include "coordinator/ctl/rebuild_rows.h"

#include <fmt/format.h>

#include <map>
#include <variant>

#include "coordinator/ctl/missing_values.h"
#include "coordinator/ctl/table_documents.h"
#include "shared/errors/sql_error.h"
#include "shared/index/index_key.h"
#include "shared/storage/atomic_file.h"
#include "shared/types/text_io.h"

namespace sb::ctl {

TableRows ReadTableRows(const storage::DataPaths& paths, const std::string& db,
                        const storage::TableSchema& schema) {
  TableRows out;
  const std::vector<MissingValue> missing = MissingValues(schema);
  for (const DocumentEntry& entry :
       ListTableDocuments(paths, paths.TableDir(db, schema.name), schema)) {
    try {
      std::optional<std::string> text = storage::ReadFile(entry.path);
      if (!text) continue;  // deleted meanwhile
      index::SnapshotRow row;
      row.values = RowFromDocument(schema, missing, *text, entry);
      row.stem = entry.stem;
      out.rows.push_back(std::move(row));
      out.paths.push_back(entry.path);
    } catch (const SqlError& e) {
      out.broken.push_back(Finding{FindingSeverity::kError, entry.path, e.what()});
    }
  }
  return out;
}

std::string KeyDescription(const storage::TableSchema& schema, const index::IndexDefinition& index,
                           const std::vector<types::Value>& key) {
  std::string names, values;
  for (size_t i = 0; i < index.columns.size(); ++i) {
    if (i > 0) {
      names += ", ";
      values += ", ";
    }
    names += schema.columns[static_cast<size_t>(index.columns[i])].name;
    if (i < key.size()) {
      values += key[i].IsNull() ? "null" : types::FormatText(key[i], types::FormatSettings{});
    }
  }
  return fmt::format("({})=({})", names, values);
}

std::vector<UniqueDuplicate> FindUniqueDuplicates(const storage::TableSchema& schema,
                                                  const TableRows& rows) {
  std::vector<UniqueDuplicate> out;
  for (const index::IndexDefinition& index : index::SnapshotIndexes(schema)) {
    if (!index.unique) continue;
    // Encoded key → the rows holding it, in key order (rows come in primary-key order).
    std::map<std::string, std::vector<size_t>> holders;
    for (size_t i = 0; i < rows.rows.size(); ++i) {
      std::optional<std::vector<types::Value>> key =
          index::IndexedValues(index, rows.rows[i].values);
      if (!key) continue;  // NULLs never conflict
      try {
        holders[index::EncodeKey(*key, index.types)].push_back(i);
      } catch (const std::bad_variant_access&) {
        continue;  // a value not of its column's type cannot be compared; never from a document
      }
    }
    for (const auto& [encoded, positions] : holders) {
      for (size_t k = 1; k < positions.size(); ++k) {
        const size_t first = positions[0];
        const size_t second = positions[k];
        UniqueDuplicate duplicate;
        duplicate.index = index.name;
        duplicate.key =
            KeyDescription(schema, index, *index::IndexedValues(index, rows.rows[first].values));
        duplicate.first = rows.paths[first];
        duplicate.second = rows.paths[second];
        duplicate.first_row = first;
        duplicate.second_row = second;
        out.push_back(std::move(duplicate));
      }
    }
  }
  return out;
}

}  // namespace sb::ctl
