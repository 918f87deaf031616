#include "shared/journal/journal.h"

#include <utility>

#include "shared/journal/journal_format.h"
#include "shared/journal/journal_path.h"
#include "shared/journal/journal_reader.h"

namespace sb::journal {
namespace {

// A buffer grown by one huge commit is given back rather than kept for the process's life.
constexpr size_t kMaxIdleBufferCapacity = size_t{4} << 20;

std::string ParentFolder(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

bool IsKnownKind(RecordKind kind) {
  return kind == RecordKind::kPut || kind == RecordKind::kRemove ||
         kind == RecordKind::kRemoveTree || kind == RecordKind::kMakeDir;
}

}  // namespace

Journal::Journal(std::string path, SyncMode mode, uint64_t checkpoint_bytes)
    : path_(std::move(path)), mode_(mode), checkpoint_bytes_(checkpoint_bytes) {
  bool created = false;
  fd_ = OpenJournalFile(path_, /*create=*/true, &created);
  // Starting a generation erases the file: refuse while it holds commits nobody replayed.
  JournalReader reader(fd_.get(), path_);
  if (std::optional<JournalReader::Commit> commit = reader.Next()) {
    throw SqlError(SqlState::kObjectNotInPrerequisiteState,
                   fmt::format("journal \"{}\" holds commits that were not replayed", path_))
        .WithHint("Replay the journal before opening it for writing.");
  }
  StartGeneration();
  if (created && mode_ != SyncMode::kOff) SyncFolder(ParentFolder(path_));
}

void Journal::StartGeneration() {
  // The header with the new salt is durable before any frame of this generation is written, so
  // whatever bytes a crash leaves after it, frames of an earlier generation never pass.
  salt_ = NewSalt();
  Truncate(fd_.get(), 0, path_);
  WriteAllAt(fd_.get(), EncodeFileHeader(salt_), 0, path_);
  // fsync, not fdatasync: the truncation is a metadata change that must be durable too.
  if (mode_ != SyncMode::kOff) FullSync(fd_.get(), path_);
  file_bytes_ = EncodeFileHeader(salt_).size();
}

void Journal::ThrowIfBroken() const {
  if (error_) {
    SqlError error = *error_;
    error.WithDetail("The journal failed earlier and accepts no more commits until restart.");
    throw error;
  }
}

void Journal::Break(const SqlError& error) {
  error_ = error;
  buffer_.clear();
  throw error;
}

uint64_t Journal::Append(std::span<const Record> records) {
  ThrowIfBroken();
  for (const Record& record : records) {
    if (!IsKnownKind(record.kind)) {
      ThrowSqlError(SqlState::kInternalError, "journal record has unknown kind {}",
                    static_cast<int>(record.kind));
    }
    if (!IsValidJournalPath(record.path)) {
      ThrowSqlError(SqlState::kInternalError, "journal record names an invalid path \"{}\"",
                    record.path.substr(0, 200));
    }
  }
  const uint64_t body_bytes = CommitBodyBytes(records);
  if (body_bytes > kMaxCommitBodyBytes) {
    ThrowSqlError(SqlState::kProgramLimitExceeded,
                  "commit too large for the journal ({} bytes, limit {})", body_bytes,
                  kMaxCommitBodyBytes);
  }
  const uint64_t id = next_id_++;
  AppendCommitFrame(buffer_, id, salt_, records);
  if (mode_ == SyncMode::kAlways) Flush();
  return id;
}

void Journal::Flush() {
  ThrowIfBroken();
  if (buffer_.empty()) return;
  try {
    WriteAllAt(fd_.get(), buffer_, file_bytes_, path_);
    if (mode_ != SyncMode::kOff) DataSync(fd_.get(), path_);
  } catch (const SqlError& error) {
    Break(error);
  }
  file_bytes_ += buffer_.size();
  buffer_.clear();
  if (buffer_.capacity() > kMaxIdleBufferCapacity) buffer_.shrink_to_fit();
  durable_id_ = next_id_ - 1;
}

void Journal::Checkpoint(const std::string& data_root) {
  ThrowIfBroken();
  try {
    if (mode_ != SyncMode::kOff) SyncFileSystem(data_root);
    StartGeneration();
  } catch (const SqlError& error) {
    Break(error);
  }
  buffer_.clear();
  if (buffer_.capacity() > kMaxIdleBufferCapacity) buffer_.shrink_to_fit();
  durable_id_ = next_id_ - 1;
}

}  // namespace sb::journal
