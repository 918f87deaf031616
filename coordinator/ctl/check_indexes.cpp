#include "coordinator/ctl/check_indexes.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "coordinator/ctl/database_files.h"
#include "coordinator/ctl/dir_listing.h"
#include "coordinator/ctl/missing_values.h"
#include "coordinator/ctl/rebuild_rows.h"
#include "coordinator/ctl/table_documents.h"
#include "shared/errors/sql_error.h"
#include "shared/index/index_key.h"
#include "shared/index/index_snapshot.h"
#include "shared/storage/atomic_file.h"
#include "shared/storage/name_encoding.h"
#include "shared/types/json.h"

namespace sb::ctl {
namespace {

// A stale snapshot of a big table differs everywhere; the first few differences say enough.
constexpr size_t kMaxDifferencesPerIndex = 10;

// Findings about snapshots: warnings while a server runs (snapshots lag by design).
class SnapshotFindings {
 public:
  SnapshotFindings(bool server_running, CheckReport& report)
      : severity_(server_running ? FindingSeverity::kWarning : FindingSeverity::kError),
        report_(report) {}

  void Add(std::string path, std::string message) {
    report_.Add(Finding{severity_, std::move(path), std::move(message)});
  }

 private:
  FindingSeverity severity_;
  CheckReport& report_;
};

std::string Json(std::string_view text) {
  std::string out;
  types::AppendJsonString(out, text);
  return out;
}

std::string JsonList(const std::vector<std::string>& stems) {
  if (stems.size() == 1) return Json(stems[0]);
  std::string out = "[";
  for (size_t i = 0; i < stems.size(); ++i) {
    if (i > 0) out += ", ";
    out += Json(stems[i]);
  }
  return out + "]";
}

std::string JsonArray(const std::vector<std::string>& stems) {
  return stems.size() == 1 ? "[" + Json(stems[0]) + "]" : JsonList(stems);
}

// SnapshotError messages are `invalid index snapshot "<path>": <reason>`; the report shows the
// path in its own column.
std::pair<std::string, std::string> SplitSnapshotError(const std::string& message,
                                                       const std::string& fallback_path) {
  constexpr std::string_view kPrefix = "invalid index snapshot \"";
  if (message.starts_with(kPrefix)) {
    const size_t end = message.find("\": ", kPrefix.size());
    if (end != std::string::npos) {
      return {message.substr(kPrefix.size(), end - kPrefix.size()), message.substr(end + 3)};
    }
  }
  return {fallback_path, message};
}

using Grouped = std::map<std::string, std::vector<std::string>>;  // key text → row stems

Grouped Group(const std::vector<index::SnapshotEntry>& entries) {
  Grouped out;
  for (const index::SnapshotEntry& entry : entries) out[entry.key_text].push_back(entry.stem);
  // The order of rows within a key is presentation, not content.
  for (auto& [key, stems] : out) std::sort(stems.begin(), stems.end());
  return out;
}

// One difference between the documents (`want`) and the snapshot (`have`) for key `key`, as the
// path it concerns and a message.
std::pair<std::string, std::string> Describe(const storage::DataPaths& paths, const std::string& db,
                                             const storage::TableSchema& schema,
                                             const index::IndexDefinition& index,
                                             const std::string& key,
                                             const std::vector<std::string>* want,
                                             const std::vector<std::string>* have) {
  if (index.unique) {
    std::string path = paths.UniqueIndexFile(db, schema.name, index.name);
    if (have == nullptr) {
      return {path, fmt::format("missing entry {}: {}", Json(key), JsonList(*want))};
    }
    if (want == nullptr) {
      return {path, fmt::format("extra entry {}: {} (no document has this value)", Json(key),
                                JsonList(*have))};
    }
    return {path, fmt::format("entry {} names {}, the documents say {}", Json(key), JsonList(*have),
                              JsonList(*want))};
  }
  std::string path = paths.NonUniqueIndexValueFile(db, schema.name, index.name, key);
  if (have == nullptr) {
    return {path, fmt::format("missing: documents {} have this value of index \"{}\"",
                              JsonArray(*want), index.name)};
  }
  if (want == nullptr) {
    return {path, fmt::format("no document has this value of index \"{}\" (the file lists {})",
                              index.name, JsonArray(*have))};
  }
  return {path, fmt::format("lists {}, the documents say {}", JsonArray(*have), JsonArray(*want))};
}

void CompareIndex(const storage::DataPaths& paths, const std::string& db,
                  const storage::TableSchema& schema, const index::IndexDefinition& index,
                  const TableRows& rows, SnapshotFindings& findings) {
  const std::string where = index.unique ? paths.UniqueIndexFile(db, schema.name, index.name)
                                         : paths.NonUniqueIndexDir(db, schema.name, index.name);
  std::optional<std::vector<index::SnapshotEntry>> actual;
  try {
    actual = index::ReadIndexSnapshot(paths, db, schema, index);
  } catch (const SqlError& e) {
    auto [path, reason] = SplitSnapshotError(e.what(), where);
    findings.Add(std::move(path), std::move(reason));
    return;
  }
  if (!actual) {
    findings.Add(where, fmt::format("the snapshot of index \"{}\" is missing", index.name));
    return;
  }
  const Grouped want = Group(index::SnapshotEntries(schema, index, rows.rows));
  const Grouped have = Group(*actual);
  size_t differences = 0;
  auto report = [&](const std::string& key, const std::vector<std::string>* w,
                    const std::vector<std::string>* h) {
    if (++differences > kMaxDifferencesPerIndex) return;
    auto [path, message] = Describe(paths, db, schema, index, key, w, h);
    findings.Add(std::move(path), std::move(message));
  };
  auto w = want.begin();
  auto h = have.begin();
  while (w != want.end() || h != have.end()) {
    if (h == have.end() || (w != want.end() && w->first < h->first)) {
      report(w->first, &w->second, nullptr);
      ++w;
    } else if (w == want.end() || h->first < w->first) {
      report(h->first, nullptr, &h->second);
      ++h;
    } else {
      if (w->second != h->second) report(w->first, &w->second, &h->second);
      ++w;
      ++h;
    }
  }
  if (differences > kMaxDifferencesPerIndex) {
    findings.Add(where, fmt::format("{} more differences in the snapshot of index \"{}\"",
                                    differences - kMaxDifferencesPerIndex, index.name));
  }
}

// Entries of _idx/<table>/ that are no snapshot of any index of the table.
void CheckUnknownSnapshots(const storage::DataPaths& paths, const std::string& dir,
                           const std::vector<index::IndexDefinition>& indexes,
                           const storage::TableSchema& schema, const std::vector<DirEntry>& listing,
                           SnapshotFindings& findings) {
  std::set<std::string> files, folders;
  for (const index::IndexDefinition& index : indexes) {
    if (index.unique) {
      files.insert(storage::EncodeName(index.name) + std::string(storage::kJsonSuffix));
    } else {
      folders.insert(storage::EncodeName(index.name));
    }
  }
  for (const DirEntry& entry : listing) {
    const std::string path = dir + "/" + entry.name;
    storage::DataPaths::Parsed parsed = paths.Classify(path);
    const bool json = parsed.kind == storage::DataPathKind::kUniqueIndexFile;
    if (!json && parsed.kind != storage::DataPathKind::kNonUniqueIndexDir) continue;  // scratch
    if (!json && !entry.is_dir) continue;  // a person's notes, not a snapshot
    if (entry.is_dir ? folders.count(entry.name) != 0 : files.count(entry.name) != 0) continue;
    findings.Add(path, fmt::format("not the snapshot of any index of table \"{}\"", schema.name));
  }
}

// A duplicate seen while a server runs may be two reads on either side of an UPDATE that moved
// the value: it counts only if both documents still hold it.
bool StillDuplicated(const storage::TableSchema& schema, const index::IndexDefinition& index,
                     const TableRows& rows, const UniqueDuplicate& duplicate) {
  const std::vector<MissingValue> missing = MissingValues(schema);
  std::vector<std::string> keys;
  for (size_t row : {duplicate.first_row, duplicate.second_row}) {
    DocumentEntry entry;
    entry.path = rows.paths[row];
    entry.stem = rows.rows[row].stem;
    entry.key = storage::DecodeKeyStem(entry.stem, schema.KeyColumns());
    try {
      std::optional<std::string> text = storage::ReadFile(entry.path);
      if (!text) return false;
      std::optional<std::vector<types::Value>> key =
          index::IndexedValues(index, RowFromDocument(schema, missing, *text, entry));
      if (!key) return false;
      keys.push_back(index::EncodeKey(*key, index.types));
    } catch (const std::exception&) {
      return false;
    }
  }
  return keys[0] == keys[1];
}

void CheckTableIndexes(const storage::DataPaths& paths, const std::string& db,
                       const storage::TableSchema& schema, bool server_running,
                       CheckReport& report) {
  const std::vector<index::IndexDefinition> indexes = index::SnapshotIndexes(schema);
  const std::string dir = paths.IndexDir(db, schema.name);
  std::optional<std::vector<DirEntry>> listing = ListDirectory(dir);
  SnapshotFindings findings(server_running, report);
  if (indexes.empty()) {  // nothing to compare, no unique value to hold twice
    if (listing) CheckUnknownSnapshots(paths, dir, indexes, schema, *listing, findings);
    return;
  }

  TableRows rows = ReadTableRows(paths, db, schema);
  for (const UniqueDuplicate& duplicate : FindUniqueDuplicates(schema, rows)) {
    if (server_running) {
      auto index = std::find_if(indexes.begin(), indexes.end(),
                                [&](const auto& d) { return d.name == duplicate.index; });
      if (index == indexes.end() || !StillDuplicated(schema, *index, rows, duplicate)) continue;
    }
    report.Error(duplicate.first,
                 fmt::format("duplicate key {} in unique index \"{}\": document \"{}\" has the "
                             "same value",
                             duplicate.key, duplicate.index, duplicate.second));
  }

  if (!listing) return;  // never snapshotted: nothing to compare
  for (const index::IndexDefinition& index : indexes) {
    try {
      CompareIndex(paths, db, schema, index, rows, findings);
    } catch (const SqlError& e) {  // e.g. a folder that cannot be read
      findings.Add(dir, e.what());
    }
  }
  CheckUnknownSnapshots(paths, dir, indexes, schema, *listing, findings);
}

}  // namespace

void CheckDatabaseIndexes(const storage::DataPaths& paths, const std::string& db,
                          bool server_running, CheckReport& report) {
  std::vector<SchemaFile> schema_files;
  try {
    schema_files = ReadSchemaFiles(paths, db);
  } catch (const SqlError&) {
    return;  // the file half reported it
  }
  std::set<std::string> table_stems;
  for (const SchemaFile& file : schema_files) {
    table_stems.insert(file.stem);
    if (!file.schema) continue;  // reported by the file half
    try {
      CheckTableIndexes(paths, db, *file.schema, server_running, report);
    } catch (const SqlError& e) {
      report.Error(paths.IndexDir(db, file.schema->name), e.what());
    }
  }

  const std::string root = paths.IndexRootDir(db);
  std::optional<std::vector<DirEntry>> listing;
  try {
    listing = ListDirectory(root);
  } catch (const SqlError& e) {
    report.Error(root, e.what());
  }
  if (!listing) return;
  SnapshotFindings findings(server_running, report);
  for (const DirEntry& entry : *listing) {
    if (!entry.is_dir) continue;
    const std::string path = root + "/" + entry.name;
    storage::DataPaths::Parsed parsed = paths.Classify(path);
    if (parsed.kind != storage::DataPathKind::kIndexDir) continue;
    if (table_stems.count(parsed.table) != 0) continue;
    findings.Add(path, "index snapshots of a table that has no schema file");
  }
}

void CheckIndexSnapshots(const storage::DataPaths& paths,
                         const std::optional<std::string>& database, bool server_running,
                         CheckReport& report) {
  if (database) {
    CheckDatabaseIndexes(paths, *database, server_running, report);
    return;
  }
  for (const DatabaseFolder& folder : ListDatabaseFolders(paths)) {
    if (folder.name) CheckDatabaseIndexes(paths, *folder.name, server_running, report);
  }
}

}  // namespace sb::ctl
