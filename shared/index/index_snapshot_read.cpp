// Reading index snapshot files back (index_snapshot.h). Snapshots are hand-readable and may be
// hand-edited or half-restored by `git checkout`, so everything is validated and reported with
// the file's path and the line and column of the offending value.
#include <dirent.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "shared/errors/sql_error.h"
#include "shared/index/index_snapshot.h"
#include "shared/storage/atomic_file.h"
#include "shared/storage/column_type.h"
#include "shared/storage/document_key.h"
#include "shared/storage/json_location.h"
#include "shared/storage/json_tree.h"
#include "shared/types/format_settings.h"
#include "shared/types/json.h"
#include "shared/types/text_io.h"

namespace sb::index {
namespace {

// An object of arrays of strings is as deep as a snapshot goes.
constexpr size_t kMaxSnapshotDepth = 3;

[[noreturn]] void Malformed(std::string_view path, std::string_view reason) {
  ThrowSqlError(SqlState::kDataCorrupted, "invalid index snapshot \"{}\": {}", path, reason);
}

[[noreturn]] void MalformedAt(std::string_view path, std::string_view text, size_t offset,
                              std::string_view reason) {
  Malformed(path, std::string(reason) + storage::AtLineColumn(text, offset));
}

std::string Quoted(std::string_view text) {
  std::string out;
  types::AppendJsonString(out, text);
  return out;
}

storage::JsonNode ParseTree(std::string_view text, std::string_view path) {
  storage::JsonNode root;
  storage::JsonTreeError error;
  if (!storage::ParseJsonTree(text, kMaxSnapshotDepth, &root, &error)) {
    MalformedAt(path, text, error.offset, "invalid JSON: " + error.message);
  }
  return root;
}

// Exactly the stems a document file can have (what the folder listing calls a document), so
// that a stem read here can never name anything outside the table's folder.
bool IsDocumentStem(std::string_view stem) {
  storage::DataPaths::Parsed parsed =
      storage::ParseDataPath("d/t/" + std::string(stem) + std::string(storage::kJsonSuffix));
  return parsed.kind == storage::DataPathKind::kDocument && parsed.stem == stem;
}

std::string RowStem(const storage::JsonNode& node, std::string_view text, std::string_view path) {
  if (node.kind != storage::JsonNode::Kind::kString) {
    MalformedAt(
        path, text, node.offset,
        fmt::format("expected a row key string, found {}", storage::JsonKindName(node.kind)));
  }
  if (!IsDocumentStem(node.text)) {
    MalformedAt(path, text, node.offset,
                fmt::format("{} cannot name a document file", Quoted(node.text)));
  }
  return node.text;
}

std::vector<storage::KeyColumn> IndexKeyColumns(const storage::TableSchema& schema,
                                                const IndexDefinition& index) {
  std::vector<storage::KeyColumn> columns;
  for (int position : index.columns) {
    const storage::ColumnType& type = schema.columns[static_cast<size_t>(position)].type;
    columns.push_back(storage::KeyColumn{type.oid, type.typmod});
  }
  return columns;
}

std::string ColumnList(const storage::TableSchema& schema, const IndexDefinition& index) {
  std::string out;
  for (int position : index.columns) {
    if (!out.empty()) out += ", ";
    out += schema.columns[static_cast<size_t>(position)].name;
  }
  return out;
}

// The values of a key stem (value file name, or the member name of a multi-column unique
// index); an empty vector for a shortened stem.
std::optional<std::vector<types::Value>> DecodeStem(std::string_view stem,
                                                    const storage::TableSchema& schema,
                                                    const IndexDefinition& index) {
  storage::DecodedKey decoded = storage::DecodeKeyStem(stem, IndexKeyColumns(schema, index));
  switch (decoded.status) {
    case storage::KeyStemStatus::kOk:
      return std::move(decoded.values);
    case storage::KeyStemStatus::kHashed:
      return std::vector<types::Value>{};
    case storage::KeyStemStatus::kInvalid:
      break;
  }
  return std::nullopt;
}

std::vector<types::Value> ParseKey(const storage::JsonMember& member, std::string_view text,
                                   std::string_view path, const storage::TableSchema& schema,
                                   const IndexDefinition& index) {
  if (index.columns.size() == 1) {
    const storage::ColumnSchema& column = schema.columns[static_cast<size_t>(index.columns[0])];
    try {
      std::vector<types::Value> key;
      key.push_back(types::ParseText(column.type.oid, column.type.typmod, member.key,
                                     types::FormatSettings{}));
      return key;
    } catch (const SqlError& e) {
      MalformedAt(path, text, member.key_offset,
                  fmt::format("key {} is not a value of column \"{}\" ({}): {}", Quoted(member.key),
                              column.name, storage::FormatColumnType(column.type), e.what()));
    }
  }
  std::optional<std::vector<types::Value>> key = DecodeStem(member.key, schema, index);
  if (!key) {
    MalformedAt(path, text, member.key_offset,
                fmt::format("key {} is not a key stem of columns ({})", Quoted(member.key),
                            ColumnList(schema, index)));
  }
  return std::move(*key);
}

}  // namespace

std::vector<SnapshotEntry> ParseUniqueSnapshot(std::string_view text, std::string_view path,
                                               const storage::TableSchema& schema,
                                               const IndexDefinition& index) {
  storage::JsonNode root = ParseTree(text, path);
  if (root.kind != storage::JsonNode::Kind::kObject) {
    MalformedAt(path, text, root.offset,
                fmt::format("expected a JSON object, found {}", storage::JsonKindName(root.kind)));
  }
  std::vector<SnapshotEntry> entries;
  entries.reserve(root.members.size());
  for (const storage::JsonMember& member : root.members) {
    std::vector<types::Value> key = ParseKey(member, text, path, schema, index);
    const storage::JsonNode& value = member.value;
    if (value.kind == storage::JsonNode::Kind::kArray) {
      // A value that several rows hold (only after documents were edited by hand).
      if (value.elements.empty()) {
        MalformedAt(path, text, value.offset,
                    fmt::format("the rows of key {} are an empty array", Quoted(member.key)));
      }
      for (const storage::JsonNode& element : value.elements) {
        entries.push_back(SnapshotEntry{member.key, key, RowStem(element, text, path)});
      }
    } else {
      entries.push_back(SnapshotEntry{member.key, std::move(key), RowStem(value, text, path)});
    }
  }
  return entries;
}

std::vector<std::string> ParseValueFile(std::string_view text, std::string_view path) {
  storage::JsonNode root = ParseTree(text, path);
  if (root.kind != storage::JsonNode::Kind::kArray) {
    MalformedAt(path, text, root.offset,
                fmt::format("expected a JSON array of row keys, found {}",
                            storage::JsonKindName(root.kind)));
  }
  std::vector<std::string> stems;
  stems.reserve(root.elements.size());
  for (const storage::JsonNode& element : root.elements) {
    stems.push_back(RowStem(element, text, path));
  }
  return stems;
}

SnapshotEntry ParseValueFileStem(std::string_view stem, std::string_view path,
                                 const storage::TableSchema& schema, const IndexDefinition& index) {
  std::optional<std::vector<types::Value>> key = DecodeStem(stem, schema, index);
  if (!key) {
    Malformed(path, fmt::format("the file name is not a value of columns ({}) of index \"{}\"",
                                ColumnList(schema, index), index.name));
  }
  return SnapshotEntry{std::string(stem), std::move(*key), {}};
}

std::optional<std::vector<SnapshotEntry>> ReadIndexSnapshot(const storage::DataPaths& paths,
                                                            std::string_view db,
                                                            const storage::TableSchema& schema,
                                                            const IndexDefinition& index) {
  if (index.unique) {
    const std::string path = paths.UniqueIndexFile(db, schema.name, index.name);
    std::optional<std::string> text = storage::ReadFile(path);
    if (!text) return std::nullopt;
    return ParseUniqueSnapshot(*text, path, schema, index);
  }
  const std::string dir = paths.NonUniqueIndexDir(db, schema.name, index.name);
  std::vector<std::string> names;
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    ThrowSqlError(SqlState::kIoError, "could not open directory \"{}\": {}", dir,
                  std::strerror(errno));
  }
  while (const dirent* item = ::readdir(handle)) names.emplace_back(item->d_name);
  ::closedir(handle);
  std::sort(names.begin(), names.end());

  std::vector<SnapshotEntry> entries;
  for (const std::string& name : names) {
    const std::string path = dir + "/" + name;
    storage::DataPaths::Parsed parsed = paths.Classify(path);
    if (parsed.kind != storage::DataPathKind::kNonUniqueIndexValueFile) continue;
    std::optional<std::string> text = storage::ReadFile(path);
    if (!text) continue;  // removed meanwhile
    SnapshotEntry key = ParseValueFileStem(parsed.stem, path, schema, index);
    for (std::string& stem : ParseValueFile(*text, path)) {
      entries.push_back(SnapshotEntry{key.key_text, key.key, std::move(stem)});
    }
  }
  return entries;
}

}  // namespace sb::index
