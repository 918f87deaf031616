// WriteBatch: the document and sequence files that the requests of one ring batch change, held
// until the commit journal has made them durable (DESIGN §2: group commit).
//
// Coordinator event loop only. A request stages its changes (Put/Remove) after it has passed
// every check; EndRequest turns them into one journal commit and into the batch's overlay, which
// later requests of the same batch read through (so a second INSERT of the same key, or an
// UPDATE of a row written moments ago, sees the first). Flush makes every commit durable with one
// journal flush (one fdatasync at `fsync: batch`), then writes the files (temp + rename, no
// fsync: the journal is their durable copy until the next checkpoint). Replies are sent only
// after Flush, so a client never hears of a write that a crash could lose, and a document is
// never on disk before its commit is durable (a crash cannot leave half a statement).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shared/journal/journal.h"
#include "shared/storage/data_paths.h"

namespace sb::coordinator {

class WriteBatch {
 public:
  // `journal` may be null (no durability, files written at Flush): unit tests.
  WriteBatch(const storage::DataPaths& paths, journal::Journal* journal)
      : paths_(paths), journal_(journal) {}

  // The file as the requests applied so far leave it: the batch's own changes first, else the
  // disk. nullopt when it does not exist.
  std::optional<std::string> Read(const std::string& path) const;
  bool Exists(const std::string& path) const;

  // The current request's changes (absolute paths under the data root).
  void Put(std::string path, std::string bytes);
  void Remove(std::string path);
  // The current request succeeded: its changes become one journal commit. Throws the journal's
  // error (the request then fails).
  void EndRequest();
  // The current request failed: its staged changes are dropped.
  void AbortRequest() { request_.clear(); }

  // Makes every ended request durable, then writes their files. Throws the journal's or the file
  // system's error (the batch's requests are then reported as failed).
  void Flush();
  bool empty() const { return overlay_.empty() && request_.empty(); }
  // Called with each path right before Flush writes or removes it (the file watcher's
  // ExpectOwnWrite).
  void SetOwnWriteHook(std::function<void(const std::string&)> hook) {
    own_write_ = std::move(hook);
  }
  // Called every kFilesPerProgress files of a Flush (the file watcher's Drain: each file the
  // server writes queues inotify events, and a bulk write must not overflow the queue).
  void SetProgressHook(std::function<void()> hook) { progress_ = std::move(hook); }
  static constexpr size_t kFilesPerProgress = 256;

 private:
  struct Change {
    std::string path;
    std::optional<std::string> bytes;  // nullopt: removed
  };

  const storage::DataPaths& paths_;
  journal::Journal* journal_;
  std::vector<Change> request_;
  std::map<std::string, std::optional<std::string>> overlay_;  // path → final state
  std::function<void(const std::string&)> own_write_;
  std::function<void()> progress_;
};

}  // namespace sb::coordinator
