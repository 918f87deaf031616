#include "worker/executor/table_scan.h"

#include <dirent.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "shared/ipc/ring_requests.h"
#include "shared/storage/document_codec.h"
#include "shared/storage/document_key.h"
#include "shared/types/compare.h"
#include "worker/executor/eval.h"
#include "worker/executor/table_defaults.h"

namespace sb::worker {
namespace {

// Cancel and statement_timeout are checked this often while listing and reading files.
constexpr size_t kInterruptInterval = 256;

struct SortableEntry {
  DocumentEntry entry;
  storage::DecodedKey key;
};

bool KeyLess(const SortableEntry& a, const SortableEntry& b) {
  const bool a_ok = a.key.status == storage::KeyStemStatus::kOk;
  const bool b_ok = b.key.status == storage::KeyStemStatus::kOk;
  if (a_ok != b_ok) return a_ok;
  if (a_ok) {
    const size_t parts = std::min(a.key.values.size(), b.key.values.size());
    for (size_t i = 0; i < parts; ++i) {
      int c = types::Compare(a.key.values[i], b.key.values[i]);
      if (c != 0) return c < 0;
    }
  }
  return a.entry.file_name < b.entry.file_name;
}

class DirCloser {
 public:
  explicit DirCloser(DIR* dir) : dir_(dir) {}
  ~DirCloser() { ::closedir(dir_); }
  DirCloser(const DirCloser&) = delete;
  DirCloser& operator=(const DirCloser&) = delete;

 private:
  DIR* dir_;
};

}  // namespace

std::vector<DocumentEntry> ListDocuments(const TableReadSpec& spec, const std::string& table_dir,
                                         const storage::DataPaths& paths, ExecContext& context) {
  DIR* dir = ::opendir(table_dir.c_str());
  if (dir == nullptr) {
    if (errno == ENOENT) return {};  // a table nobody has inserted into yet
    ThrowSqlError(SqlState::kIoError, "could not open directory \"{}\": {}", table_dir,
                  std::strerror(errno));
  }
  DirCloser closer(dir);
  std::vector<SortableEntry> found;
  for (;;) {
    errno = 0;
    const dirent* item = ::readdir(dir);
    if (item == nullptr) {
      if (errno != 0) {
        ThrowSqlError(SqlState::kIoError, "could not read directory \"{}\": {}", table_dir,
                      std::strerror(errno));
      }
      break;
    }
    if (item->d_type == DT_DIR) continue;
    std::string name = item->d_name;
    storage::DataPaths::Parsed parsed = paths.Classify(table_dir + "/" + name);
    if (parsed.kind != storage::DataPathKind::kDocument) continue;
    SortableEntry entry;
    entry.key = storage::DecodeKeyStem(parsed.stem, spec.key_columns);
    entry.entry.stem = std::move(parsed.stem);
    entry.entry.file_name = std::move(name);
    found.push_back(std::move(entry));
    if (found.size() % kInterruptInterval == 0) context.hooks.CheckForInterrupts();
  }
  std::sort(found.begin(), found.end(), KeyLess);
  std::vector<DocumentEntry> entries;
  entries.reserve(found.size());
  for (SortableEntry& entry : found) entries.push_back(std::move(entry.entry));
  return entries;
}

namespace {

std::vector<types::Value> DecodeDocumentRow(const TableReadSpec& spec, const std::string& path,
                                            std::string_view text, std::string_view stem,
                                            const FillProvider& fill_provider) {
  storage::DecodedRow decoded = storage::DecodeDocument(*spec.schema, text, path);
  const size_t width = decoded.values.size();
  bool key_missing = false;
  for (int position : spec.key_positions) {
    if (position >= 0 && static_cast<size_t>(position) < width &&
        !decoded.present[static_cast<size_t>(position)]) {
      key_missing = true;
    }
  }
  // The file name is the key: a document without its key columns still has them.
  std::vector<bool> from_stem;  // stays empty in the usual case
  if (key_missing) {
    from_stem.assign(width, false);
    storage::DecodedKey key = storage::DecodeKeyStem(stem, spec.key_columns);
    if (key.status == storage::KeyStemStatus::kOk &&
        key.values.size() == spec.key_positions.size()) {
      for (size_t i = 0; i < spec.key_positions.size(); ++i) {
        const size_t position = static_cast<size_t>(spec.key_positions[i]);
        if (position < width && !decoded.present[position]) {
          decoded.values[position] = std::move(key.values[i]);
          from_stem[position] = true;
        }
      }
    }
  }
  const std::vector<ColumnFill>* fills = nullptr;
  for (size_t i = 0; i < width; ++i) {
    if (decoded.present[i] || (!from_stem.empty() && from_stem[i])) continue;
    if (fills == nullptr) fills = &fill_provider();
    if (i >= fills->size()) break;
    const ColumnFill& fill = (*fills)[i];
    if (fill.error) throw *fill.error;
    decoded.values[i] = fill.value;
  }
  return std::move(decoded.values);
}

}  // namespace

std::optional<std::vector<types::Value>> ReadDocumentRow(const TableReadSpec& spec,
                                                         const std::string& path,
                                                         std::string_view stem,
                                                         const FillProvider& fill_provider) {
  return storage::ReadSettledFile(path, [&](const std::string& text) {
    return DecodeDocumentRow(spec, path, text, stem, fill_provider);
  });
}

std::vector<VersionedRow> ReadRowsForWrite(const TableReadSpec& spec, const std::string& table_dir,
                                           const std::vector<DocumentEntry>& entries,
                                           const BoundExpr* where, ExecContext& context) {
  std::optional<std::vector<ColumnFill>> fills;
  FillProvider fill = [&]() -> const std::vector<ColumnFill>& {
    if (!fills) fills = ReadDefaults(*spec.schema, context);
    return *fills;
  };
  std::vector<VersionedRow> rows;
  for (size_t i = 0; i < entries.size(); ++i) {
    if ((i + 1) % kInterruptInterval == 0) context.hooks.CheckForInterrupts();
    const std::string path = table_dir + "/" + entries[i].file_name;
    std::optional<VersionedRow> row = storage::ReadSettledFile(path, [&](const std::string& text) {
      VersionedRow read;
      read.values = DecodeDocumentRow(spec, path, text, entries[i].stem, fill);
      // The version of exactly the bytes decoded: the coordinator rejects the write if
      // the file changed since.
      read.version = ipc::DocumentVersion(text);
      return read;
    });
    if (!row) continue;  // deleted since the listing
    if (where != nullptr) {
      EvalContext eval{context, &row->values};
      if (!EvalCondition(*where, eval)) continue;
    }
    row->stem = entries[i].stem;
    rows.push_back(std::move(*row));
  }
  return rows;
}

DocumentRowSource::DocumentRowSource(std::shared_ptr<const TableReadSpec> spec,
                                     std::string table_dir, std::vector<DocumentEntry> entries)
    : spec_(std::move(spec)), table_dir_(std::move(table_dir)), entries_(std::move(entries)) {}

bool DocumentRowSource::Next(std::vector<types::Value>& row, ExecContext& context) {
  while (next_ < entries_.size()) {
    const DocumentEntry& entry = entries_[next_++];
    if (next_ % kInterruptInterval == 0) context.hooks.CheckForInterrupts();
    FillProvider fill = [this, &context]() -> const std::vector<ColumnFill>& {
      if (!fill_) fill_ = ReadDefaults(*spec_->schema, context);
      return *fill_;
    };
    std::optional<std::vector<types::Value>> values =
        ReadDocumentRow(*spec_, table_dir_ + "/" + entry.file_name, entry.stem, fill);
    if (!values) continue;  // deleted since the listing
    row = std::move(*values);
    return true;
  }
  return false;
}

}  // namespace sb::worker
