#include "coordinator/ctl/table_documents.h"

#include <algorithm>

#include "coordinator/ctl/dir_listing.h"
#include "shared/errors/sql_error.h"
#include "shared/storage/document_codec.h"
#include "shared/types/compare.h"

namespace sb::ctl {
namespace {

bool KeyLess(const DocumentEntry& a, const DocumentEntry& b) {
  const bool a_ok = a.key.status == storage::KeyStemStatus::kOk;
  const bool b_ok = b.key.status == storage::KeyStemStatus::kOk;
  if (a_ok != b_ok) return a_ok;
  if (a_ok) {
    const size_t parts = std::min(a.key.values.size(), b.key.values.size());
    for (size_t i = 0; i < parts; ++i) {
      const types::Value& x = a.key.values[i];
      const types::Value& y = b.key.values[i];
      if (x.IsNull() || y.IsNull()) {
        if (x.IsNull() != y.IsNull()) return y.IsNull();
        continue;
      }
      int c = types::Compare(x, y);
      if (c != 0) return c < 0;
    }
    if (a.key.values.size() != b.key.values.size()) {
      return a.key.values.size() < b.key.values.size();
    }
  }
  return a.stem < b.stem;
}

}  // namespace

void SortByKey(std::vector<DocumentEntry>& entries) {
  std::stable_sort(entries.begin(), entries.end(), KeyLess);
}

std::vector<DocumentEntry> ListTableDocuments(const storage::DataPaths& paths,
                                              const std::string& table_dir,
                                              const storage::TableSchema& schema) {
  std::vector<DocumentEntry> entries;
  std::optional<std::vector<DirEntry>> listing = ListDirectory(table_dir);
  if (!listing) return entries;
  const std::vector<storage::KeyColumn> key_columns = schema.KeyColumns();
  for (DirEntry& item : *listing) {
    if (item.is_dir) continue;
    std::string path = table_dir + "/" + item.name;
    storage::DataPaths::Parsed parsed = paths.Classify(path);
    if (parsed.kind != storage::DataPathKind::kDocument) continue;
    DocumentEntry entry;
    entry.path = std::move(path);
    entry.key = storage::DecodeKeyStem(parsed.stem, key_columns);
    entry.stem = std::move(parsed.stem);
    entries.push_back(std::move(entry));
  }
  SortByKey(entries);
  return entries;
}

std::vector<types::Value> RowFromDocument(const storage::TableSchema& schema,
                                          const std::vector<MissingValue>& missing,
                                          std::string_view text, const DocumentEntry& entry) {
  storage::DecodedRow decoded = storage::DecodeDocument(schema, text, entry.path);
  const size_t width = decoded.values.size();
  const std::vector<int> key_positions = schema.PrimaryKeyColumns();
  std::vector<bool> filled(width, false);
  for (size_t i = 0; i < key_positions.size(); ++i) {
    const int position = key_positions[i];
    if (position < 0 || static_cast<size_t>(position) >= width) continue;
    const size_t p = static_cast<size_t>(position);
    if (decoded.present[p]) continue;
    // The file name is the key: a document may leave its key columns out.
    if (entry.key.status != storage::KeyStemStatus::kOk ||
        entry.key.values.size() != key_positions.size()) {
      ThrowSqlError(SqlState::kDataCorrupted,
                    "invalid document \"{}\": key column \"{}\" is missing and the file name is "
                    "not a key of the table",
                    entry.path, schema.columns[p].name);
    }
    decoded.values[p] = entry.key.values[i];
    filled[p] = true;
  }
  for (size_t i = 0; i < width; ++i) {
    if (decoded.present[i] || filled[i] || i >= missing.size()) continue;
    if (missing[i].error) {
      throw SqlError(missing[i].error->state(),
                     fmt::format("document \"{}\" has no value for column \"{}\": {}", entry.path,
                                 schema.columns[i].name, missing[i].error->what()));
    }
    decoded.values[i] = missing[i].value;
  }
  return std::move(decoded.values);
}

std::vector<types::Value> KeyOfRow(const storage::TableSchema& schema,
                                   const std::vector<types::Value>& row) {
  std::vector<types::Value> key;
  for (int position : schema.PrimaryKeyColumns()) {
    if (position >= 0 && static_cast<size_t>(position) < row.size()) {
      key.push_back(row[static_cast<size_t>(position)]);
    }
  }
  return key;
}

}  // namespace sb::ctl
