#include "coordinator/file_watcher.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "shared/config/log.h"
#include "shared/errors/sql_error.h"

namespace sb::coordinator {
namespace {

using storage::DataPathKind;

// What a folder watch listens to. IN_ONLYDIR and IN_DONT_FOLLOW keep a symlink (or a file
// that replaced the folder) from ever being watched, so symlink loops cannot pull us in.
constexpr uint32_t kWatchMask = IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM |
                                IN_MOVED_TO | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF |
                                IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK;

// Room for hundreds of events per read(2); the kernel refuses buffers smaller than one event
// with its longest name.
constexpr size_t kBufferBytes = 64 * 1024;
static_assert(kBufferBytes >= sizeof(inotify_event) + NAME_MAX + 1);

// One readiness callback reads at most this much (some ten thousand events) before yielding
// to other handlers; the descriptor stays readable, so the next callback continues.
constexpr size_t kMaxBytesPerPass = 256 * 1024;

// A tree with thousands of folders over the watch limit must not flood the log: the first few
// failures are logged, then every thousandth.
bool ShouldLogFailure(uint64_t failures) {
  return failures <= 10 || failures % 1000 == 0;
}

bool IsFolderKind(DataPathKind kind) {
  return kind == DataPathKind::kDatabaseDir || kind == DataPathKind::kSchemaDir ||
         kind == DataPathKind::kTableDir;
}

bool IsFileKind(DataPathKind kind) {
  return kind == DataPathKind::kSchemaFile || kind == DataPathKind::kDocument;
}

struct DirCloser {
  void operator()(DIR* dir) const { closedir(dir); }
};

}  // namespace

FileWatcher::FileWatcher(asio::io_context& io, storage::DataPaths paths, ChangesCallback on_changes,
                         RescanCallback on_rescan, FileWatcherOptions options)
    : io_(io),
      paths_(std::move(paths)),
      on_changes_(std::move(on_changes)),
      on_rescan_(std::move(on_rescan)),
      options_(options),
      flush_timer_(io) {}

FileWatcher::~FileWatcher() {
  Stop();
}

void FileWatcher::Start() {
  if (stream_) return;
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    ThrowSqlError(SqlState::kIoError, "could not watch the data directory \"{}\": {}",
                  paths_.root(), std::strerror(err));
  }
  try {
    stream_ = std::make_unique<asio::posix::stream_descriptor>(io_, fd);
  } catch (...) {
    close(fd);
    throw;
  }
  life_ = std::make_shared<int>(0);
  buffer_.assign(kBufferBytes, 0);
  {
    std::lock_guard lock(own_mutex_);
    own_writes_.clear();
  }
  starting_ = true;
  try {
    WatchTree(paths_.root(), /*report=*/false);
  } catch (...) {
    starting_ = false;
    Stop();
    throw;
  }
  starting_ = false;
  rescan_reason_.clear();  // the owner reads everything at startup anyway
  if (!watch_by_path_.contains(paths_.root())) {
    Stop();
    ThrowSqlError(SqlState::kIoError, "could not watch the data directory \"{}\"", paths_.root());
  }
  ArmRead();
  log::Info("watching {} folders of the data directory \"{}\"", watches_.size(), paths_.root());
}

void FileWatcher::Stop() {
  life_.reset();
  ++flush_generation_;
  flush_armed_ = false;
  boost::system::error_code ignored;
  flush_timer_.cancel(ignored);
  if (stream_) {
    stream_->close(ignored);  // closing the inotify descriptor removes every watch
    stream_.reset();
  }
  watches_.clear();
  watch_by_path_.clear();
  pending_.clear();
  rescan_reason_.clear();
  std::lock_guard lock(own_mutex_);
  own_writes_.clear();
}

void FileWatcher::ExpectOwnWrite(const std::string& path) {
  std::lock_guard lock(own_mutex_);
  OwnWrite& own = own_writes_[path];
  ++own.count;
  own.registered_after_read = reads_.load();
  own.deadline = Clock::now() + options_.own_write_window;
}

// ---- reading events ---------------------------------------------------------------------

void FileWatcher::ArmRead() {
  if (!stream_) return;
  stream_->async_wait(asio::posix::stream_descriptor::wait_read,
                      [this, life = std::weak_ptr<int>(life_)](boost::system::error_code ec) {
                        if (life.expired()) return;
                        if (ec) {
                          if (ec == asio::error::operation_aborted) return;
                          log::Error("waiting for data directory events failed: {}", ec.message());
                          return;
                        }
                        OnReadable();
                        // A callback may have stopped (or restarted) the watcher.
                        if (life.expired()) return;
                        try {
                          ArmRead();
                        } catch (const std::exception& e) {
                          log::Error("data directory watcher stopped: {}", e.what());
                        }
                      });
}

bool FileWatcher::OnReadable(bool finish_pass) {
  bool drained = false;
  bool failed = false;  // nothing more to read this time either
  try {
    size_t consumed = 0;
    uint64_t drained_read = 0;
    while (consumed < kMaxBytesPerPass) {
      uint64_t read_number = ++reads_;
      ssize_t n = ::read(stream_->native_handle(), buffer_.data(), buffer_.size());
      if (n < 0) {
        int err = errno;
        if (err == EINTR) continue;
        if (err == EAGAIN || err == EWOULDBLOCK) {
          drained = true;
          drained_read = read_number;
        } else {
          log::Error("reading data directory events failed: {}", std::strerror(err));
          RequestRescan("reading inotify events failed");
          failed = true;
        }
        break;
      }
      if (n == 0) break;
      consumed += static_cast<size_t>(n);
      const char* data = buffer_.data();
      size_t size = static_cast<size_t>(n);
      size_t offset = 0;
      while (size - offset >= sizeof(inotify_event)) {
        inotify_event event;
        std::memcpy(&event, data + offset, sizeof event);  // no misaligned access
        offset += sizeof event;
        if (event.len > size - offset) {
          log::Error("truncated inotify event ({} name bytes, {} left)", event.len, size - offset);
          RequestRescan("malformed inotify event");
          break;
        }
        std::string name(data + offset, strnlen(data + offset, event.len));
        offset += event.len;
        ++stats_.events;
        if (event.mask & IN_Q_OVERFLOW) {
          ++stats_.overflows;
          RequestRescan("inotify event queue overflowed (fs.inotify.max_queued_events)");
          continue;
        }
        if (event.wd < 0) continue;
        if (name.empty()) {
          HandleSelfEvent(event.wd, event.mask);
        } else if (storage::IsSafeComponent(name)) {
          HandleEvent(event.wd, event.mask, name);
        }
      }
    }
    if (drained) ExpireOwnWrites(drained_read);
    if (finish_pass) FinishPass();
  } catch (const std::exception& e) {
    // Events of this pass may be lost (out of memory and the like): never drift silently.
    log::Error("data directory watcher: {}", e.what());
    RequestRescan("the watcher failed while reading events");
    if (!finish_pass) return true;
    try {
      FinishPass();
    } catch (const std::exception& again) {
      log::Error("data directory watcher: {}", again.what());
    }
  }
  return drained || failed;
}

void FileWatcher::HandleEvent(int wd, uint32_t mask, const std::string& name) {
  auto watch = watches_.find(wd);
  if (watch == watches_.end()) return;  // a watch we already dropped
  std::string path = Join(watch->second.path, name);
  storage::DataPaths::Parsed parsed = paths_.Classify(path);
  const bool gone = mask & (IN_DELETE | IN_MOVED_FROM);

  if (mask & IN_ISDIR) {
    const bool arrived = mask & (IN_CREATE | IN_MOVED_TO);
    // The folder's watch and those below it now name a path that no longer holds them.
    if (gone) DropWatchTree(path);
    if (!IsFolderKind(parsed.kind) || !(gone || arrived)) return;
    if (ConsumeOwnWrite(path)) {
      ++stats_.own_suppressed;
    } else {
      Note(path, parsed, gone, /*settled=*/true);
    }
    // Files may have been created in it before its watch existed: scan it.
    if (arrived) WatchTree(path, /*report=*/true);
    return;
  }

  if (!IsFileKind(parsed.kind)) return;
  if (mask & (IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM)) {
    if (ConsumeOwnWrite(path)) {
      ++stats_.own_suppressed;
      return;
    }
    Note(path, std::move(parsed), gone, /*settled=*/true);
  } else if (mask & IN_CLOSE_WRITE) {
    Note(path, std::move(parsed), /*removed=*/false, /*settled=*/true);
  } else if (mask & (IN_CREATE | IN_MODIFY)) {
    Note(path, std::move(parsed), /*removed=*/false, /*settled=*/false);
  }
}

void FileWatcher::HandleSelfEvent(int wd, uint32_t mask) {
  auto watch = watches_.find(wd);
  if (watch == watches_.end()) return;
  const std::string path = watch->second.path;
  const bool is_root = path == paths_.root();
  if (mask & IN_IGNORED) {
    DropWatch(wd, /*kernel_removed=*/true);
  } else if (mask & (IN_DELETE_SELF | IN_UNMOUNT)) {
    DropWatchTree(path);
  } else if (mask & IN_MOVE_SELF) {
    // Normally the parent's IN_MOVED_FROM dropped it already; only a watch whose parent is
    // not watched (the root) gets here. Keep it if the path still holds the same folder.
    struct stat st;
    if (lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_dev == watch->second.dev &&
        st.st_ino == watch->second.ino) {
      return;
    }
    DropWatchTree(path);
  } else {
    return;
  }
  if (is_root) {
    log::Error("the data directory \"{}\" was removed or moved away", path);
    RequestRescan("the data directory was removed or moved");
  }
}

void FileWatcher::FinishPass() {
  if (rescan_reason_.empty()) return;
  std::string reason = std::move(rescan_reason_);
  rescan_reason_.clear();
  // Everything is about to be re-read, and an own write's event may have been among the lost
  // ones: forgetting both is the safe direction.
  pending_.clear();
  ++flush_generation_;
  flush_armed_ = false;
  boost::system::error_code ignored;
  flush_timer_.cancel(ignored);
  {
    std::lock_guard lock(own_mutex_);
    own_writes_.clear();
  }
  // Folders created while events were lost have no watch yet.
  ResyncWatches();
  rescan_reason_.clear();  // failures while resyncing are covered by this rescan
  ++stats_.rescans;
  log::Warning("data directory changes may have been missed ({}); asking for a rescan", reason);
  if (!on_rescan_) return;
  try {
    on_rescan_(std::move(reason));
  } catch (const std::exception& e) {
    log::Error("data directory rescan callback failed: {}", e.what());
  } catch (...) {
    log::Error("data directory rescan callback failed");
  }
}

void FileWatcher::RequestRescan(std::string reason) {
  if (starting_) return;  // the owner reads the whole tree at startup; the cause is logged
  if (rescan_reason_.empty()) rescan_reason_ = std::move(reason);
}

// ---- watches ----------------------------------------------------------------------------

void FileWatcher::WatchTree(const std::string& dir, bool report) {
  // The layout bounds the depth (root, database, _schema or table), and only real folders of
  // those kinds are entered, so the walk is finite whatever the tree holds.
  std::vector<std::string> stack{dir};
  while (!stack.empty()) {
    std::string current = std::move(stack.back());
    stack.pop_back();
    if (!AddWatch(current)) continue;
    int fd = open(current.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      if (errno != ENOENT && errno != ENOTDIR) {
        log::Warning("cannot list folder \"{}\": {}", current, std::strerror(errno));
      }
      continue;
    }
    std::unique_ptr<DIR, DirCloser> listing(fdopendir(fd));
    if (!listing) {
      close(fd);
      continue;
    }
    while (dirent* entry = readdir(listing.get())) {
      std::string name = entry->d_name;
      if (name == "." || name == "..") continue;
      std::string child = Join(current, name);
      storage::DataPaths::Parsed parsed = paths_.Classify(child);
      bool is_dir = entry->d_type == DT_DIR;
      if (entry->d_type == DT_UNKNOWN) {
        struct stat st;
        is_dir = fstatat(fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
      }
      if (is_dir) {
        if (!IsFolderKind(parsed.kind)) continue;
        if (report) {
          if (ConsumeOwnWrite(child)) {
            ++stats_.own_suppressed;
          } else {
            Note(child, parsed, /*removed=*/false, /*settled=*/true);
          }
        }
        stack.push_back(std::move(child));
      } else if (report && IsFileKind(parsed.kind)) {
        if (ConsumeOwnWrite(child)) {
          ++stats_.own_suppressed;
        } else {
          Note(child, std::move(parsed), /*removed=*/false, /*settled=*/true);
        }
      }
    }
  }
}

bool FileWatcher::AddWatch(const std::string& dir) {
  int wd = -1;
  int err = 0;
  if (options_.max_watches != 0 && watches_.size() >= options_.max_watches &&
      !watch_by_path_.contains(dir)) {
    err = ENOSPC;
  } else {
    wd = inotify_add_watch(stream_->native_handle(), dir.c_str(), kWatchMask);
    if (wd < 0) err = errno;
  }
  if (wd < 0) {
    // Gone again, or replaced by a file or symlink: its removal event covers it.
    if (err == ENOENT || err == ENOTDIR) return false;
    ++stats_.watch_failures;
    if (ShouldLogFailure(stats_.watch_failures)) {
      log::Warning("cannot watch folder \"{}\": {}", dir,
                   err == ENOSPC ? "too many watches (raise fs.inotify.max_user_watches)"
                                 : std::strerror(err));
    }
    RequestRescan("a folder of the data directory could not be watched");
    return false;
  }
  Watch watch{dir, 0, 0};
  struct stat st;
  if (lstat(dir.c_str(), &st) == 0) {
    watch.dev = st.st_dev;
    watch.ino = st.st_ino;
  }
  // The kernel hands back the existing descriptor for a folder it already watches; when that
  // folder was known under another path, the old path is stale.
  auto known = watches_.find(wd);
  if (known != watches_.end() && known->second.path != dir) {
    auto by_path = watch_by_path_.find(known->second.path);
    if (by_path != watch_by_path_.end() && by_path->second == wd) watch_by_path_.erase(by_path);
  }
  // And a path that named another folder before (replaced in between) loses that watch.
  auto previous = watch_by_path_.find(dir);
  if (previous != watch_by_path_.end() && previous->second != wd)
    DropWatch(previous->second, false);
  watches_[wd] = std::move(watch);
  watch_by_path_[dir] = wd;
  return true;
}

void FileWatcher::DropWatchTree(const std::string& dir) {
  std::vector<int> doomed;
  auto exact = watch_by_path_.find(dir);
  if (exact != watch_by_path_.end()) doomed.push_back(exact->second);
  // '/' sorts after '-' and '.', so "<dir>/..." is one contiguous range of the ordered map.
  std::string prefix = dir;
  if (prefix.empty() || prefix.back() != '/') prefix.push_back('/');
  for (auto it = watch_by_path_.lower_bound(prefix);
       it != watch_by_path_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    doomed.push_back(it->second);
  }
  for (int wd : doomed) DropWatch(wd, /*kernel_removed=*/false);
}

void FileWatcher::DropWatch(int wd, bool kernel_removed) {
  auto watch = watches_.find(wd);
  if (watch == watches_.end()) return;
  // Fails harmlessly (EINVAL) when the kernel already removed it.
  if (!kernel_removed && stream_) inotify_rm_watch(stream_->native_handle(), wd);
  auto by_path = watch_by_path_.find(watch->second.path);
  if (by_path != watch_by_path_.end() && by_path->second == wd) watch_by_path_.erase(by_path);
  watches_.erase(watch);
}

void FileWatcher::ResyncWatches() {
  std::vector<int> stale;
  for (const auto& [wd, watch] : watches_) {
    struct stat st;
    if (lstat(watch.path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_dev != watch.dev ||
        st.st_ino != watch.ino) {
      stale.push_back(wd);
    }
  }
  for (int wd : stale) DropWatch(wd, /*kernel_removed=*/false);
  WatchTree(paths_.root(), /*report=*/false);
  if (!watch_by_path_.contains(paths_.root())) {
    log::Error("the data directory \"{}\" cannot be watched any more", paths_.root());
  }
}

// ---- pending changes --------------------------------------------------------------------

void FileWatcher::Note(const std::string& path, storage::DataPaths::Parsed parsed, bool removed,
                       bool settled) {
  auto found = pending_.find(path);
  if (found == pending_.end()) {
    if (pending_.size() >= options_.max_pending) {
      RequestRescan("too many changes at once");
      return;
    }
    found = pending_.emplace(path, Pending{}).first;
    found->second.change.path = path;
    found->second.first = Clock::now();
    found->second.seq = next_seq_++;
  }
  Pending& pending = found->second;
  pending.change.kind = parsed.kind;
  pending.change.parsed = std::move(parsed);
  pending.change.removed = removed;
  pending.settled = settled;
  pending.last = Clock::now();
  Clock::time_point due = Due(pending);
  if (!flush_armed_ || due < flush_due_) ArmFlush(due);
}

FileWatcher::Clock::time_point FileWatcher::Due(const Pending& pending) const {
  auto quiet = pending.settled ? options_.settle_delay : options_.open_write_delay;
  return std::min(pending.last + quiet, pending.first + options_.max_delay);
}

void FileWatcher::ArmFlush(Clock::time_point due) {
  flush_armed_ = true;
  flush_due_ = due;
  uint64_t generation = ++flush_generation_;
  flush_timer_.expires_at(due);
  flush_timer_.async_wait(
      [this, life = std::weak_ptr<int>(life_), generation](boost::system::error_code ec) {
        if (life.expired() || generation != flush_generation_ || ec) return;
        try {
          OnFlush();
        } catch (const std::exception& e) {
          log::Error("data directory watcher: {}", e.what());
        }
      });
}

void FileWatcher::ReadQueue(bool finish_pass) {
  // Bounded: each pass reads what the kernel queued, which a busy writer could keep refilling.
  for (int pass = 0; pass < 16 && !OnReadable(finish_pass); ++pass) {
  }
}

void FileWatcher::Drain() {
  if (!stream_) return;
  ReadQueue(/*finish_pass=*/false);
  if (rescan_reason_.empty()) return;
  // Lost events are dealt with once the server's write is over, from the event loop.
  asio::post(stream_->get_executor(), [this, life = std::weak_ptr<int>(life_)] {
    if (life.expired()) return;
    try {
      FinishPass();
    } catch (const std::exception& e) {
      log::Error("data directory watcher: {}", e.what());
    }
  });
}

void FileWatcher::CatchUp() {
  if (!stream_) return;
  ReadQueue(/*finish_pass=*/true);
  if (!pending_.empty()) OnFlush(/*settled_now=*/true);
}

void FileWatcher::OnFlush(bool settled_now) {
  flush_armed_ = false;
  const Clock::time_point now = Clock::now();
  std::vector<Pending> due;
  Clock::time_point next = Clock::time_point::max();
  for (auto it = pending_.begin(); it != pending_.end();) {
    Clock::time_point when = Due(it->second);
    if (when <= now || (settled_now && it->second.settled)) {
      due.push_back(std::move(it->second));
      it = pending_.erase(it);
    } else {
      next = std::min(next, when);
      ++it;
    }
  }
  if (!pending_.empty()) ArmFlush(next);
  if (due.empty()) return;
  std::sort(due.begin(), due.end(),
            [](const Pending& a, const Pending& b) { return a.seq < b.seq; });
  std::vector<FileChange> batch;
  batch.reserve(due.size());
  for (Pending& pending : due) batch.push_back(std::move(pending.change));
  stats_.reported += batch.size();
  if (!on_changes_) return;
  try {
    on_changes_(std::move(batch));
  } catch (const std::exception& e) {
    log::Error("data directory change callback failed: {}", e.what());
  } catch (...) {
    log::Error("data directory change callback failed");
  }
}

// ---- own writes -------------------------------------------------------------------------

bool FileWatcher::ConsumeOwnWrite(const std::string& path) {
  std::lock_guard lock(own_mutex_);
  auto own = own_writes_.find(path);
  if (own == own_writes_.end()) return false;
  if (Clock::now() > own->second.deadline) {
    own_writes_.erase(own);
    return false;
  }
  if (--own->second.count <= 0) own_writes_.erase(own);
  return true;
}

void FileWatcher::ExpireOwnWrites(uint64_t drained_read) {
  // The queue was read empty by read number `drained_read`: every event of a write that
  // happened before that read started has been seen, so an expectation registered before it
  // that is still waiting belongs to a write that never happened (or was lost to overflow).
  const Clock::time_point now = Clock::now();
  std::lock_guard lock(own_mutex_);
  std::erase_if(own_writes_, [&](const auto& entry) {
    return entry.second.registered_after_read < drained_read || now > entry.second.deadline;
  });
}

std::string FileWatcher::Join(const std::string& dir, const std::string& name) const {
  std::string out;
  out.reserve(dir.size() + 1 + name.size());
  out.append(dir);
  if (out.empty() || out.back() != '/') out.push_back('/');
  out.append(name);
  return out;
}

}  // namespace sb::coordinator
