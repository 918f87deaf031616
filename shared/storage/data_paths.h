// DataPaths: every path the server uses under the data root, and the inverse classification
// of a path (after leveldb's filename.h).
//
// A small value object built from the data root; any process or thread may hold its own copy.
// It never touches the disk. Names passed in are SQL names (encoded here with EncodeName);
// `key_stem` and `value_stem` are already-encoded file stems (document_key.h, index owners).
//
//   <root>/.smarterbase/                      InternalDir: server-private state (journal, lock)
//   <root>/<db>/                              DatabaseDir
//   <root>/<db>/_schema/<table>.json          SchemaFile
//   <root>/<db>/<table>/<key>.json            DocumentFile
//   <root>/<db>/_idx/<table>/<index>.json     UniqueIndexFile
//   <root>/<db>/_idx/<table>/<index>/<v>.json NonUniqueIndexValueFile
//   <root>/<db>/_seq/<sequence>.json          SequenceFile
#pragma once

#include <string>
#include <string_view>

namespace sb::storage {

inline constexpr std::string_view kSchemaDirName = "_schema";
inline constexpr std::string_view kIndexDirName = "_idx";
inline constexpr std::string_view kSequenceDirName = "_seq";
inline constexpr std::string_view kInternalDirName = ".smarterbase";
inline constexpr std::string_view kJsonSuffix = ".json";

class DataPaths {
 public:
  // Trailing slashes of `root` are dropped ("/" stays "/").
  explicit DataPaths(std::string root);

  const std::string& root() const { return root_; }

  std::string InternalDir() const;
  std::string DatabaseDir(std::string_view db) const;
  std::string SchemaDir(std::string_view db) const;
  std::string SchemaFile(std::string_view db, std::string_view table) const;
  std::string TableDir(std::string_view db, std::string_view table) const;
  // Throws SqlError XX000 when `key_stem` is not a safe single component.
  std::string DocumentFile(std::string_view db, std::string_view table,
                           std::string_view key_stem) const;
  std::string IndexRootDir(std::string_view db) const;
  std::string IndexDir(std::string_view db, std::string_view table) const;
  std::string UniqueIndexFile(std::string_view db, std::string_view table,
                              std::string_view index_name) const;
  std::string NonUniqueIndexDir(std::string_view db, std::string_view table,
                                std::string_view index_name) const;
  // Throws SqlError XX000 when `value_stem` is not a safe single component.
  std::string NonUniqueIndexValueFile(std::string_view db, std::string_view table,
                                      std::string_view index_name,
                                      std::string_view value_stem) const;
  std::string SequenceDir(std::string_view db) const;
  std::string SequenceFile(std::string_view db, std::string_view sequence) const;

  // Classifies an absolute path; see ParseDataPath for relative ones.
  struct Parsed;
  Parsed Classify(std::string_view path) const;

 private:
  std::string Join(std::string_view a, std::string_view b) const;

  std::string root_;
};

enum class DataPathKind {
  kOutside,  // not under the root, or not a clean path ("..", "//")
  kRoot,
  kInternal,  // <root>/.smarterbase and everything below
  kDatabaseDir,
  kSchemaDir,
  kSchemaFile,
  kTableDir,
  kDocument,
  kIndexRootDir,
  kIndexDir,
  kUniqueIndexFile,
  kNonUniqueIndexDir,
  kNonUniqueIndexValueFile,
  kSequenceDir,
  kSequenceFile,
  kTempFile,    // ".name.tmp" (our atomic writes) and other "*.tmp"
  kEditorFile,  // editor droppings: ".swp"/".swo"/".swx", "name~", "#name#", ".#name", "4913"
  kHidden,      // any other component starting with "."
  kOther,       // anything else (unknown "_" folders, "notes.txt" beside documents, ...)
};

std::string_view DataPathKindName(DataPathKind kind);

// Components are the ENCODED spellings as found on disk (stems without ".json"); whether they
// decode to a valid name or key is for the caller to check (DecodeName, DecodeKeyStem), so it
// can report a clear error instead of ignoring the file. Fields not meaningful for the kind
// stay empty.
struct DataPaths::Parsed {
  DataPathKind kind = DataPathKind::kOutside;
  std::string database;
  std::string table;
  std::string index;
  std::string stem;  // document key, index value or sequence stem
};

// Classification of a path relative to the root ("" is the root itself; "db/users/1.json").
// Purely lexical: temp, editor and hidden files are never rows, tables or schemas.
DataPaths::Parsed ParseDataPath(std::string_view relative_path);

// True for a non-empty component that is not "." or "..", has no '/' or NUL and is at most
// 255 bytes.
bool IsSafeComponent(std::string_view component);

}  // namespace sb::storage
