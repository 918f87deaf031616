// JournalReader: walks the commits of a journal file in order, for replay and for the check that
// a journal about to be reused holds nothing unreplayed.
//
// Used by one thread at start-up. Borrows the descriptor (the caller owns it and keeps it open).
// A commit is returned only when its frame is whole, its CRC matches, it carries the file
// header's salt and its id follows the previous one; the first frame that fails any of these
// ends the walk (a torn tail after a crash, or stale bytes of an earlier generation), and
// everything from there on is reported as dropped. A frame that passes those checks but whose
// contents are malformed or name a path outside the data root was not written by this server:
// that is corruption, not a crash, and Next throws SqlError XX001 data_corrupted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shared/journal/journal_record.h"

namespace sb::journal {

class JournalReader {
 public:
  struct Commit {
    uint64_t id = 0;
    // Views into the reader's buffer: valid until the next call of Next.
    std::vector<Record> records;
  };

  JournalReader(int fd, std::string path);

  // The next whole commit, or nullopt at the end of the valid part of the file.
  std::optional<Commit> Next();

  // Bytes after the last whole commit (a torn tail), known once Next has returned nullopt.
  uint64_t dropped_bytes() const { return file_size_ - offset_; }
  bool torn() const { return dropped_bytes() > 0; }

 private:
  // Reads the file header; false when it is missing or damaged (nothing is valid then).
  bool ReadFileHeader();

  int fd_;
  std::string path_;
  uint64_t file_size_ = 0;
  uint64_t offset_ = 0;
  bool started_ = false;
  bool ended_ = false;
  uint64_t salt_ = 0;
  std::optional<uint64_t> last_id_;
  std::string buffer_;
};

}  // namespace sb::journal
