#include "shared/storage/data_paths.h"

#include <vector>

#include "shared/errors/sql_error.h"
#include "shared/storage/name_encoding.h"

namespace sb::storage {
namespace {

constexpr size_t kNameMax = 255;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

void CheckStem(std::string_view what, std::string_view stem) {
  if (!IsSafeComponent(stem) || stem.size() + kJsonSuffix.size() > kNameMax || stem[0] == '.') {
    ThrowSqlError(SqlState::kInternalError, "invalid {} file stem \"{}\"", what, stem);
  }
}

// The stem of "<stem>.json", empty when `name` has another shape.
std::string_view JsonStem(std::string_view name) {
  if (!EndsWith(name, kJsonSuffix) || name.size() == kJsonSuffix.size()) return {};
  return name.substr(0, name.size() - kJsonSuffix.size());
}

// Temp and editor files by their last component; kOther when it is neither.
DataPathKind ClassifyScratch(std::string_view name, size_t depth) {
  if (name[0] == '.') {
    if (EndsWith(name, ".tmp")) return DataPathKind::kTempFile;
    if (StartsWith(name, ".#")) return DataPathKind::kEditorFile;  // emacs lock
    if (name.size() >= 4) {
      std::string_view tail = name.substr(name.size() - 4);
      // vim swap files: .swp, .swo, .swn, ... .swa, and its .swx probe
      if (tail[0] == '.' && tail[1] == 's' && tail[2] == 'w' && tail[3] >= 'a' && tail[3] <= 'z') {
        return DataPathKind::kEditorFile;
      }
    }
    if (EndsWith(name, ".kate-swp")) return DataPathKind::kEditorFile;
    return DataPathKind::kHidden;
  }
  if (EndsWith(name, "~")) return DataPathKind::kEditorFile;  // vim/emacs backup
  if (name.size() >= 2 && name.front() == '#' && name.back() == '#') {
    return DataPathKind::kEditorFile;  // emacs auto-save
  }
  if (EndsWith(name, "___jb_tmp___") || EndsWith(name, "___jb_old___")) {
    return DataPathKind::kEditorFile;  // JetBrains safe write
  }
  // vim probes whether it may create files with "4913" in the edited file's folder; a table or
  // database may legitimately be called 4913, so only files inside those folders count.
  if (name == "4913" && depth >= 3) return DataPathKind::kEditorFile;
  if (EndsWith(name, ".tmp")) return DataPathKind::kTempFile;
  return DataPathKind::kOther;
}

}  // namespace

bool IsSafeComponent(std::string_view component) {
  return !component.empty() && component.size() <= kNameMax && component != "." &&
         component != ".." && component.find('/') == std::string_view::npos &&
         component.find('\0') == std::string_view::npos;
}

DataPaths::DataPaths(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

std::string DataPaths::Join(std::string_view a, std::string_view b) const {
  std::string out;
  out.reserve(a.size() + 1 + b.size());
  out.append(a);
  if (out.empty() || out.back() != '/') out.push_back('/');
  out.append(b);
  return out;
}

std::string DataPaths::InternalDir() const {
  return Join(root_, kInternalDirName);
}

std::string DataPaths::DatabaseDir(std::string_view db) const {
  return Join(root_, EncodeName(db));
}

std::string DataPaths::SchemaDir(std::string_view db) const {
  return Join(DatabaseDir(db), kSchemaDirName);
}

std::string DataPaths::SchemaFile(std::string_view db, std::string_view table) const {
  return Join(SchemaDir(db), EncodeName(table) + std::string(kJsonSuffix));
}

std::string DataPaths::TableDir(std::string_view db, std::string_view table) const {
  return Join(DatabaseDir(db), EncodeName(table));
}

std::string DataPaths::DocumentFile(std::string_view db, std::string_view table,
                                    std::string_view key_stem) const {
  CheckStem("document", key_stem);
  std::string out = Join(TableDir(db, table), key_stem);
  out += kJsonSuffix;
  return out;
}

std::string DataPaths::IndexRootDir(std::string_view db) const {
  return Join(DatabaseDir(db), kIndexDirName);
}

std::string DataPaths::IndexDir(std::string_view db, std::string_view table) const {
  return Join(IndexRootDir(db), EncodeName(table));
}

std::string DataPaths::UniqueIndexFile(std::string_view db, std::string_view table,
                                       std::string_view index_name) const {
  return Join(IndexDir(db, table), EncodeName(index_name) + std::string(kJsonSuffix));
}

std::string DataPaths::NonUniqueIndexDir(std::string_view db, std::string_view table,
                                         std::string_view index_name) const {
  return Join(IndexDir(db, table), EncodeName(index_name));
}

std::string DataPaths::NonUniqueIndexValueFile(std::string_view db, std::string_view table,
                                               std::string_view index_name,
                                               std::string_view value_stem) const {
  CheckStem("index value", value_stem);
  std::string out = Join(NonUniqueIndexDir(db, table, index_name), value_stem);
  out += kJsonSuffix;
  return out;
}

std::string DataPaths::SequenceDir(std::string_view db) const {
  return Join(DatabaseDir(db), kSequenceDirName);
}

std::string DataPaths::SequenceFile(std::string_view db, std::string_view sequence) const {
  return Join(SequenceDir(db), EncodeName(sequence) + std::string(kJsonSuffix));
}

DataPaths::Parsed DataPaths::Classify(std::string_view path) const {
  std::string_view root = root_;
  if (root == "/") {
    if (path.empty() || path[0] != '/') return {};
    return ParseDataPath(path.substr(1));
  }
  if (!StartsWith(path, root)) return {};
  std::string_view rest = path.substr(root.size());
  if (rest.empty()) return ParseDataPath("");
  if (rest[0] != '/') return {};  // "/data2" is not under "/data"
  return ParseDataPath(rest.substr(1));
}

DataPaths::Parsed ParseDataPath(std::string_view relative_path) {
  DataPaths::Parsed parsed;
  // One trailing slash is tolerated ("db/users/").
  if (!relative_path.empty() && relative_path.back() == '/') relative_path.remove_suffix(1);
  if (relative_path.empty()) {
    parsed.kind = DataPathKind::kRoot;
    return parsed;
  }
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t slash = relative_path.find('/', start);
    std::string_view part = relative_path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (!IsSafeComponent(part)) return parsed;  // kOutside: "..", "//", NUL
    parts.push_back(part);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts[0] == kInternalDirName) {
    parsed.kind = DataPathKind::kInternal;
    return parsed;
  }
  const size_t depth = parts.size();
  DataPathKind scratch = ClassifyScratch(parts.back(), depth);
  if (scratch != DataPathKind::kOther) {
    parsed.kind = scratch;
    return parsed;
  }
  for (size_t i = 0; i + 1 < depth; ++i) {
    if (parts[i][0] == '.') {
      parsed.kind = DataPathKind::kHidden;  // inside .git and the like
      return parsed;
    }
  }
  parsed.kind = DataPathKind::kOther;
  if (parts[0][0] == '_') return parsed;  // reserved, never a database
  parsed.database = parts[0];
  if (depth == 1) {
    parsed.kind = DataPathKind::kDatabaseDir;
    return parsed;
  }
  std::string_view second = parts[1];
  if (second == kSchemaDirName) {
    if (depth == 2) {
      parsed.kind = DataPathKind::kSchemaDir;
    } else if (depth == 3 && !JsonStem(parts[2]).empty()) {
      parsed.kind = DataPathKind::kSchemaFile;
      parsed.table = JsonStem(parts[2]);
    }
  } else if (second == kSequenceDirName) {
    if (depth == 2) {
      parsed.kind = DataPathKind::kSequenceDir;
    } else if (depth == 3 && !JsonStem(parts[2]).empty()) {
      parsed.kind = DataPathKind::kSequenceFile;
      parsed.stem = JsonStem(parts[2]);
    }
  } else if (second == kIndexDirName) {
    if (depth == 2) {
      parsed.kind = DataPathKind::kIndexRootDir;
    } else if (depth == 3) {
      parsed.kind = DataPathKind::kIndexDir;
      parsed.table = parts[2];
    } else if (depth == 4) {
      parsed.table = parts[2];
      std::string_view stem = JsonStem(parts[3]);
      if (!stem.empty()) {
        parsed.kind = DataPathKind::kUniqueIndexFile;
        parsed.index = stem;
      } else {
        parsed.kind = DataPathKind::kNonUniqueIndexDir;
        parsed.index = parts[3];
      }
    } else if (depth == 5 && !JsonStem(parts[4]).empty()) {
      parsed.kind = DataPathKind::kNonUniqueIndexValueFile;
      parsed.table = parts[2];
      parsed.index = parts[3];
      parsed.stem = JsonStem(parts[4]);
    }
  } else if (second[0] != '_') {
    parsed.table = second;
    if (depth == 2) {
      parsed.kind = DataPathKind::kTableDir;
    } else if (depth == 3 && !JsonStem(parts[2]).empty()) {
      parsed.kind = DataPathKind::kDocument;
      parsed.stem = JsonStem(parts[2]);
    }
  }
  if (parsed.kind == DataPathKind::kOther) {
    parsed.database.clear();
    parsed.table.clear();
    parsed.index.clear();
    parsed.stem.clear();
  }
  return parsed;
}

std::string_view DataPathKindName(DataPathKind kind) {
  switch (kind) {
    case DataPathKind::kOutside:
      return "outside";
    case DataPathKind::kRoot:
      return "root";
    case DataPathKind::kInternal:
      return "internal";
    case DataPathKind::kDatabaseDir:
      return "database directory";
    case DataPathKind::kSchemaDir:
      return "schema directory";
    case DataPathKind::kSchemaFile:
      return "schema file";
    case DataPathKind::kTableDir:
      return "table directory";
    case DataPathKind::kDocument:
      return "document";
    case DataPathKind::kIndexRootDir:
      return "index root directory";
    case DataPathKind::kIndexDir:
      return "index directory";
    case DataPathKind::kUniqueIndexFile:
      return "unique index file";
    case DataPathKind::kNonUniqueIndexDir:
      return "non-unique index directory";
    case DataPathKind::kNonUniqueIndexValueFile:
      return "non-unique index value file";
    case DataPathKind::kSequenceDir:
      return "sequence directory";
    case DataPathKind::kSequenceFile:
      return "sequence file";
    case DataPathKind::kTempFile:
      return "temp file";
    case DataPathKind::kEditorFile:
      return "editor file";
    case DataPathKind::kHidden:
      return "hidden file";
    case DataPathKind::kOther:
      return "other";
  }
  return "other";
}

}  // namespace sb::storage
