// FileWatcher: the coordinator's eye on the data directory (DESIGN §3, "files are an
// interface"). It watches the root, every database folder, every `_schema/` folder and every
// table folder with Linux inotify and hands classified changes of schema files, documents and
// those folders to its owner in batches. Index snapshots (`_idx`), sequences (`_seq`), the
// server's `.smarterbase/`, `.git/` and other hidden or reserved folders are never watched;
// temp, editor and hidden files are never reported.
//
// Runs on the coordinator's io_context (one thread): every handler, callback and public call
// except ExpectOwnWrite happens there. ExpectOwnWrite may be called from any thread. The
// watcher owns the inotify descriptor, its watches and the pending (not yet reported) changes;
// the owner owns the watcher and must not destroy it from inside one of its callbacks.
//
// Changes are debounced per path: a path whose last event completed a write (close after
// writing, rename into place, delete) is reported once it has been quiet for `settle_delay`;
// one that was only created or modified (a writer still has it open, or never closes it) waits
// for `open_write_delay` of quiet, and a path that never quiets down is still reported every
// `max_delay`. Within a batch each path appears once, in its last state.
//
// When events may have been lost (kernel queue overflow, a folder that could not be watched,
// too many pending changes) the pending changes are dropped, the watches are re-synced with
// the tree, and on_rescan tells the owner to re-read everything from disk after the call.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "shared/asio/asio.h"
#include "shared/storage/data_paths.h"

namespace sb::coordinator {

// One path that changed. `kind` is one of kSchemaFile, kDocument, kDatabaseDir, kSchemaDir,
// kTableDir (== parsed.kind). `removed` is the path's last state: gone (deleted or renamed
// away) or present (created, written, renamed into place).
//
// A folder change means "resync this folder": a removed folder takes everything below it
// along (files inside are not listed one by one when it was renamed away); a folder that
// appeared was scanned and each schema file / document in it is reported too, but entries
// known from an earlier folder of that name may be gone without a removal being listed.
struct FileChange {
  storage::DataPathKind kind = storage::DataPathKind::kOutside;
  std::string path;
  storage::DataPaths::Parsed parsed;
  bool removed = false;
};

struct FileWatcherOptions {
  std::chrono::milliseconds settle_delay{20};
  std::chrono::milliseconds open_write_delay{500};
  std::chrono::milliseconds max_delay{2000};
  // Longest time an ExpectOwnWrite waits for its event (see ExpectOwnWrite).
  std::chrono::milliseconds own_write_window{2000};
  // More distinct paths than this waiting to be reported: give up on them and ask for a
  // rescan (bounds memory during a huge `git checkout`).
  size_t max_pending = 262144;
  // 0: only the kernel's fs.inotify.max_user_watches limits the watches. Otherwise adding
  // more fails as the kernel's ENOSPC would (lets tests exercise that path).
  size_t max_watches = 0;
};

class FileWatcher {
 public:
  using ChangesCallback = std::function<void(std::vector<FileChange> changes)>;
  using RescanCallback = std::function<void(std::string reason)>;

  struct Stats {
    uint64_t events = 0;          // inotify events read
    uint64_t reported = 0;        // FileChanges delivered
    uint64_t own_suppressed = 0;  // events dropped as the server's own writes
    uint64_t overflows = 0;       // IN_Q_OVERFLOW seen
    uint64_t watch_failures = 0;  // folders that could not be watched
    uint64_t rescans = 0;         // on_rescan calls
  };

  // Callbacks may be empty. Exceptions thrown by them are logged and swallowed.
  FileWatcher(asio::io_context& io, storage::DataPaths paths, ChangesCallback on_changes,
              RescanCallback on_rescan, FileWatcherOptions options = {});
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  // Creates the inotify instance and watches the existing tree (nothing is reported for what
  // is already there). Throws SqlError 58030 io_error when inotify is unavailable or the root
  // cannot be watched. Does nothing when already started.
  void Start();
  // Drops every watch and pending change; Start() may be called again.
  void Stop();
  bool running() const { return stream_ != nullptr; }

  // Call right before the server renames a file into `path`, removes `path`, or creates or
  // removes the folder `path`. The next rename-into-place, rename-away or delete event of
  // that path (or, for a folder, its creation) is not reported, nor is the file when a scan
  // of a new folder finds it. Hand edits are never swallowed:
  //  - in-place writes (IN_MODIFY / IN_CLOSE_WRITE / IN_CREATE of a file) never match;
  //  - each call matches one event only, so a hand rename or delete right after the server's
  //    own is reported;
  //  - an expectation whose event did not come is forgotten as soon as the inotify queue has
  //    been read empty after the call (the kernel queues an event inside the rename/unlink
  //    itself, so by then it would have been seen), and at the latest after
  //    own_write_window; a failed server write thus cannot hide a later hand edit.
  // `path` must be spelled as DataPaths builds it (the watcher joins names onto root()).
  // From another thread the expectation may be forgotten before the server's write happens;
  // the write is then reported like a hand edit, which costs a re-read but loses nothing.
  void ExpectOwnWrite(const std::string& path);

  // Reads every event queued so far and reports, right now, each pending change whose write
  // has completed (files still open for writing keep waiting). The write path calls this
  // before applying a batch, so that a write sees every hand edit that finished before it
  // was sent: a unique check never misses a value just written by hand.
  void CatchUp();
  // Reads the events queued so far into the pending changes and reports nothing (safe in the
  // middle of the server's own bulk write; an overflow is still noticed and rescanned after).
  void Drain();

  size_t watch_count() const { return watches_.size(); }
  const Stats& stats() const { return stats_; }

 private:
  using Clock = std::chrono::steady_clock;

  struct Watch {
    std::string path;
    dev_t dev = 0;
    ino_t ino = 0;
  };
  struct Pending {
    FileChange change;
    bool settled = false;
    Clock::time_point first;
    Clock::time_point last;
    uint64_t seq = 0;
  };
  struct OwnWrite {
    int count = 0;
    uint64_t registered_after_read = 0;
    Clock::time_point deadline;
  };

  void ArmRead();
  // Reads until the queue is empty (a bounded number of passes).
  void ReadQueue(bool finish_pass);
  // Returns true when the queue was read empty.
  bool OnReadable(bool finish_pass = true);
  void HandleEvent(int wd, uint32_t mask, const std::string& name);
  void HandleSelfEvent(int wd, uint32_t mask);
  void FinishPass();

  // Adds a watch on `dir` and, recursively, on the watchable folders below it. With `report`,
  // the folders and files found are noted as present (own writes excepted).
  void WatchTree(const std::string& dir, bool report);
  bool AddWatch(const std::string& dir);
  void DropWatchTree(const std::string& dir);
  void DropWatch(int wd, bool kernel_removed);
  void ResyncWatches();

  void Note(const std::string& path, storage::DataPaths::Parsed parsed, bool removed, bool settled);
  Clock::time_point Due(const Pending& pending) const;
  void ArmFlush(Clock::time_point due);
  // Reports the changes that are due; with `settled_now`, also every completed write.
  void OnFlush(bool settled_now = false);

  bool ConsumeOwnWrite(const std::string& path);
  void ExpireOwnWrites(uint64_t drained_read);

  void RequestRescan(std::string reason);
  std::string Join(const std::string& dir, const std::string& name) const;

  asio::io_context& io_;
  storage::DataPaths paths_;
  ChangesCallback on_changes_;
  RescanCallback on_rescan_;
  FileWatcherOptions options_;

  // Handlers hold a weak copy: once Stop() or the destructor resets it, late completions of
  // the old descriptor or timer return without touching `this`.
  std::shared_ptr<int> life_;
  std::unique_ptr<asio::posix::stream_descriptor> stream_;
  asio::steady_timer flush_timer_;
  bool flush_armed_ = false;
  Clock::time_point flush_due_;
  uint64_t flush_generation_ = 0;

  std::unordered_map<int, Watch> watches_;
  std::map<std::string, int> watch_by_path_;  // ordered: a folder's subtree is one range
  bool starting_ = false;

  std::unordered_map<std::string, Pending> pending_;
  uint64_t next_seq_ = 0;

  std::string rescan_reason_;  // non-empty: fire on_rescan at the end of the current pass

  std::mutex own_mutex_;
  std::unordered_map<std::string, OwnWrite> own_writes_;  // guarded by own_mutex_
  std::atomic<uint64_t> reads_{0};                        // read(2) calls on the queue

  std::vector<char> buffer_;
  Stats stats_;
};

}  // namespace sb::coordinator
