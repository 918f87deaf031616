#include "coordinator/write_batch.h"

#include <fmt/format.h>

#include <filesystem>

#include "shared/errors/sql_error.h"
#include "shared/journal/journal_path.h"
#include "shared/storage/atomic_file.h"

namespace sb::coordinator {

std::optional<std::string> WriteBatch::Read(const std::string& path) const {
  for (auto it = request_.rbegin(); it != request_.rend(); ++it) {
    if (it->path == path) return it->bytes;
  }
  if (auto found = overlay_.find(path); found != overlay_.end()) return found->second;
  return storage::ReadFile(path);
}

bool WriteBatch::Exists(const std::string& path) const {
  for (auto it = request_.rbegin(); it != request_.rend(); ++it) {
    if (it->path == path) return it->bytes.has_value();
  }
  if (auto found = overlay_.find(path); found != overlay_.end()) return found->second.has_value();
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

void WriteBatch::Put(std::string path, std::string bytes) {
  request_.push_back({std::move(path), std::move(bytes)});
}

void WriteBatch::Remove(std::string path) {
  request_.push_back({std::move(path), std::nullopt});
}

void WriteBatch::EndRequest() {
  if (request_.empty()) return;
  if (journal_ != nullptr) {
    std::vector<std::string> relative;
    relative.reserve(request_.size());
    for (const Change& change : request_) {
      std::optional<std::string> path = journal::RelativeJournalPath(paths_.root(), change.path);
      if (!path) {
        request_.clear();
        ThrowSqlError(SqlState::kInternalError, "cannot journal a write to \"{}\"", change.path);
      }
      relative.push_back(std::move(*path));
    }
    std::vector<journal::Record> records;
    records.reserve(request_.size());
    for (size_t i = 0; i < request_.size(); ++i) {
      records.push_back(request_[i].bytes ? journal::Record::Put(relative[i], *request_[i].bytes)
                                          : journal::Record::Remove(relative[i]));
    }
    try {
      journal_->Append(records);
    } catch (...) {
      request_.clear();
      throw;
    }
  }
  for (Change& change : request_) overlay_[std::move(change.path)] = std::move(change.bytes);
  request_.clear();
}

void WriteBatch::Flush() {
  if (overlay_.empty()) return;
  if (journal_ != nullptr) journal_->Flush();
  // Durable now: the files follow. A failure here leaves the journal to complete them at the
  // next start; the overlay is dropped either way so later reads see the disk.
  std::map<std::string, std::optional<std::string>> changes;
  changes.swap(overlay_);
  size_t written = 0;
  for (const auto& [path, bytes] : changes) {
    if (progress_ && ++written % kFilesPerProgress == 0) progress_();
    if (own_write_) own_write_(path);
    if (bytes) {
      storage::WriteFileAtomic(path, *bytes, /*sync=*/false);
    } else {
      storage::RemoveFile(path);
    }
  }
  if (journal_ != nullptr && journal_->NeedsCheckpoint()) journal_->Checkpoint(paths_.root());
}

}  // namespace sb::coordinator
