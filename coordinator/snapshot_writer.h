// SnapshotWriter: keeps the index snapshot files under `<db>/_idx/` (shared/index/
// index_snapshot.h) in step with the tables, off the write path.
//
// The coordinator's thread marks tables dirty as it changes them (cheap: a set insert under a
// mutex); a background thread of the coordinator process wakes every `interval`, reads each
// dirty table's documents (the truth; each file is replaced atomically, so every read is whole)
// and rewrites only the snapshot files whose bytes changed. So the cost of one write never
// depends on the size of its table, and a snapshot lags the documents by at most about one
// interval. Stop() (clean shutdown) writes whatever is still dirty before it returns.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "shared/storage/data_paths.h"

namespace sb::coordinator {

class SnapshotWriter {
 public:
  SnapshotWriter(storage::DataPaths paths, std::chrono::milliseconds interval)
      : paths_(std::move(paths)), interval_(interval) {}
  ~SnapshotWriter() { Stop(); }
  SnapshotWriter(const SnapshotWriter&) = delete;
  SnapshotWriter& operator=(const SnapshotWriter&) = delete;

  void Start();
  // Any thread.
  void MarkDirty(const std::string& db, const std::string& table);
  // Writes every dirty table now, then ends the thread. Idempotent.
  void Stop();
  // Writes the snapshots of one table now, on the caller's thread; returns a one-line summary
  // ("table t: N rows, K indexes") and, in `problems`, one line per document that did not read.
  std::string WriteTable(const std::string& db, const std::string& table,
                         std::string* problems = nullptr);

 private:
  void Loop();
  void WriteDirty();

  storage::DataPaths paths_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::set<std::pair<std::string, std::string>> dirty_;
  bool stopping_ = false;
  std::thread thread_;
  std::mutex write_mutex_;  // one table write at a time (thread vs. Stop/WriteTable callers)
};

}  // namespace sb::coordinator
