// The operations a journal commit is made of, and the durability modes of the journal.
//
// Records are built by the coordinator's commit thread and passed to Journal::Append, which
// copies them into its buffer at once: a Record only borrows its path and bytes, which must stay
// alive for the duration of that call. Every record describes a whole-file outcome, never a
// delta, so applying it twice gives the same result as applying it once (see journal.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sb::journal {

// `fsync:` of the configuration (DESIGN §2).
enum class SyncMode {
  kAlways,  // every Append is written and fdatasync'ed before it returns (batches of one)
  kBatch,   // Flush writes every buffered commit with one write(2) and one fdatasync
  kOff,     // Flush writes but never syncs: survives a coordinator crash, not an OS crash
};

enum class RecordKind : uint8_t {
  kPut = 1,         // the file at `path` now holds exactly `bytes`
  kRemove = 2,      // the file at `path` no longer exists
  kRemoveTree = 3,  // the folder at `path` and everything below it no longer exist
  kMakeDir = 4,     // the folder at `path` exists (with its parents), e.g. CREATE DATABASE
};

// Text a Record borrows. Refuses a temporary std::string at compile time, so that
// `Record r = Record::Put(path, Encode(row));` cannot leave `r` viewing freed memory.
class Borrowed {
 public:
  Borrowed(std::string_view text) : text_(text) {}     // NOLINT: implicit by design
  Borrowed(const char* text) : text_(text) {}          // NOLINT
  Borrowed(const std::string& text) : text_(text) {}   // NOLINT
  Borrowed(std::string&& text) = delete;               // NOLINT
  operator std::string_view() const { return text_; }  // NOLINT

 private:
  std::string_view text_;
};

// `path` is relative to the data root, '/'-separated, and must pass IsValidJournalPath
// (journal_path.h). `bytes` is used by kPut only.
struct Record {
  RecordKind kind = RecordKind::kPut;
  std::string_view path;
  std::string_view bytes;

  static Record Put(Borrowed path, Borrowed bytes) { return {RecordKind::kPut, path, bytes}; }
  static Record Remove(Borrowed path) { return {RecordKind::kRemove, path, {}}; }
  static Record RemoveTree(Borrowed path) { return {RecordKind::kRemoveTree, path, {}}; }
  static Record MakeDir(Borrowed path) { return {RecordKind::kMakeDir, path, {}}; }
};

}  // namespace sb::journal
