#include "shared/journal/journal_reader.h"

#include <utility>

#include "shared/errors/sql_error.h"
#include "shared/journal/journal_format.h"
#include "shared/journal/journal_io.h"
#include "shared/journal/journal_path.h"

namespace sb::journal {
namespace {

[[noreturn]] void ThrowCorrupt(const std::string& path, uint64_t id, std::string_view what) {
  throw SqlError(SqlState::kDataCorrupted,
                 fmt::format("journal \"{}\" is corrupt: commit {} {}", path, id, what))
      .WithHint(
          "The journal was altered or not written by this server; nothing of the bad commit was "
          "applied. Move the file aside to start without it (its commits are then lost).");
}

}  // namespace

JournalReader::JournalReader(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

bool JournalReader::ReadFileHeader() {
  file_size_ = FileSize(fd_, path_);
  std::string header(kFileHeaderBytes, '\0');
  size_t got = ReadAt(fd_, header.data(), header.size(), 0, path_);
  std::optional<uint64_t> salt = DecodeFileHeader(std::string_view(header.data(), got));
  if (!salt) return false;
  salt_ = *salt;
  offset_ = kFileHeaderBytes;
  return true;
}

std::optional<JournalReader::Commit> JournalReader::Next() {
  if (ended_) return std::nullopt;
  if (!started_) {
    started_ = true;
    if (!ReadFileHeader()) {
      ended_ = true;
      return std::nullopt;
    }
  }
  auto end = [&]() -> std::optional<Commit> {
    ended_ = true;
    return std::nullopt;
  };
  if (file_size_ - offset_ < kFrameHeaderBytes) return end();
  std::string header_bytes(kFrameHeaderBytes, '\0');
  if (ReadAt(fd_, header_bytes.data(), kFrameHeaderBytes, offset_, path_) != kFrameHeaderBytes) {
    return end();  // the file shrank while being read
  }
  FrameHeader header = DecodeFrameHeader(header_bytes);
  const uint64_t available = file_size_ - offset_ - kFrameHeaderBytes;
  if (header.salt != salt_ || header.body_bytes > kMaxCommitBodyBytes ||
      header.body_bytes > available) {
    return end();
  }
  if (last_id_ && header.commit_id != *last_id_ + 1) return end();
  buffer_.resize(header.body_bytes);
  if (ReadAt(fd_, buffer_.data(), buffer_.size(), offset_ + kFrameHeaderBytes, path_) !=
      buffer_.size()) {
    return end();
  }
  if (!FrameChecksumMatches(header_bytes, header, buffer_)) return end();

  std::optional<std::vector<Record>> records = DecodeCommitBody(buffer_, header.record_count);
  if (!records) ThrowCorrupt(path_, header.commit_id, "has malformed records");
  for (const Record& record : *records) {
    if (!IsValidJournalPath(record.path)) {
      // The path may hold any bytes; show only a printable, bounded rendering of it.
      std::string shown;
      for (char c : record.path.substr(0, 200)) {
        shown += (c >= 0x20 && c < 0x7F) ? c : '?';
      }
      ThrowCorrupt(path_, header.commit_id,
                   fmt::format("names a path outside the data directory: \"{}\"", shown));
    }
  }
  offset_ += kFrameHeaderBytes + header.body_bytes;
  last_id_ = header.commit_id;
  return Commit{header.commit_id, std::move(*records)};
}

}  // namespace sb::journal
