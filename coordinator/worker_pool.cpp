#include "coordinator/worker_pool.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "shared/config/log.h"
#include "shared/errors/sql_error.h"

namespace sb::coordinator {

struct WorkerPool::Worker {
  explicit Worker(asio::io_context& io, int index) : index(index), respawn_timer(io) {}
  int index;
  pid_t pid = 0;
  ipc::FdChannel channel;
  std::unique_ptr<asio::posix::stream_descriptor> watcher;
  std::set<uint32_t> sessions;  // session slots of the connections this worker serves
  int connections = 0;          // includes connections that have no session slot
  std::chrono::steady_clock::time_point spawned_at;
  std::chrono::milliseconds respawn_delay{0};
  asio::steady_timer respawn_timer;
};

WorkerPool::WorkerPool(asio::io_context& io, int worker_count, WorkerEntry entry,
                       SlotFreed on_slot_freed, WorkerGone on_worker_gone)
    : io_(io),
      entry_(std::move(entry)),
      on_slot_freed_(std::move(on_slot_freed)),
      on_worker_gone_(std::move(on_worker_gone)) {
  for (int i = 0; i < worker_count; ++i) workers_.push_back(std::make_unique<Worker>(io, i));
}

WorkerPool::~WorkerPool() = default;

void WorkerPool::StartAll() {
  for (auto& worker : workers_) Spawn(*worker);
}

void WorkerPool::Spawn(Worker& worker) {
  auto [ours, theirs] = ipc::FdChannel::CreatePair();
  pid_t pid = ::fork();
  if (pid < 0) {
    log::Error("fork() failed for worker {}: {}", worker.index, std::strerror(errno));
    worker.respawn_delay = std::chrono::milliseconds(1000);
    worker.respawn_timer.expires_after(worker.respawn_delay);
    worker.respawn_timer.async_wait([this, &worker](boost::system::error_code ec) {
      if (!ec && respawn_ && worker.pid == 0) Spawn(worker);
    });
    return;
  }
  if (pid == 0) {
    ours.Close();
    int status = 1;
    try {
      status = entry_(worker.index, std::move(theirs));
    } catch (const std::exception& e) {
      log::Error("worker {} failed: {}", worker.index, e.what());
    }
    // Never unwind into the coordinator's objects: they belong to the parent.
    ::_exit(status);
  }
  theirs.Close();
  worker.pid = pid;
  worker.channel = std::move(ours);
  worker.connections = 0;
  worker.sessions.clear();
  worker.spawned_at = std::chrono::steady_clock::now();
  log::Info("started worker {} (pid {})", worker.index, pid);
  WatchChannel(worker);
}

void WorkerPool::WatchChannel(Worker& worker) {
  // The descriptor object gets its own dup so that closing it never closes the channel twice.
  worker.watcher =
      std::make_unique<asio::posix::stream_descriptor>(io_, ::dup(worker.channel.fd()));
  worker.watcher->async_wait(asio::posix::stream_descriptor::wait_read,
                             [this, &worker, pid = worker.pid](boost::system::error_code ec) {
                               if (ec || worker.pid != pid) return;
                               OnChannelReadable(worker);
                             });
}

void WorkerPool::OnChannelReadable(Worker& worker) {
  for (;;) {
    ipc::ChannelReceive received;
    try {
      received = worker.channel.Receive();
    } catch (const SqlError& e) {
      // A worker is untrusted: a malformed message is logged and dropped, never obeyed.
      log::Warning("bad message from worker {} (pid {}): {}", worker.index, worker.pid, e.what());
      continue;
    }
    if (received.status == ipc::ChannelStatus::kWouldBlock) break;
    if (received.status == ipc::ChannelStatus::kPeerClosed) return;  // SIGCHLD follows
    const ipc::ChannelMessage& message = received.message;
    if (message.kind == static_cast<uint32_t>(ChannelKind::kConnectionClosed)) {
      worker.connections = std::max(0, worker.connections - 1);
      if (worker.sessions.erase(message.session_slot) > 0) on_slot_freed_(message.session_slot);
    } else {
      log::Warning("unknown message kind {} from worker {}", message.kind, worker.index);
    }
  }
  pid_t pid = worker.pid;
  worker.watcher->async_wait(asio::posix::stream_descriptor::wait_read,
                             [this, &worker, pid](boost::system::error_code ec) {
                               if (ec || worker.pid != pid) return;
                               OnChannelReadable(worker);
                             });
}

bool WorkerPool::HandOff(int fd, uint32_t session_slot, uint32_t flags) {
  std::vector<Worker*> candidates;
  for (auto& worker : workers_) {
    if (worker->pid > 0) candidates.push_back(worker.get());
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Worker* a, const Worker* b) { return a->connections < b->connections; });
  ipc::ChannelMessage message;
  message.kind = static_cast<uint32_t>(ChannelKind::kNewConnection);
  message.session_slot = session_slot;
  message.flags = flags;
  for (Worker* worker : candidates) {
    ipc::ChannelStatus status;
    try {
      status = worker->channel.Send(message, fd);
    } catch (const SqlError& e) {
      log::Warning("could not pass a connection to worker {}: {}", worker->index, e.what());
      continue;
    }
    if (status != ipc::ChannelStatus::kOk) continue;
    ::close(fd);
    ++worker->connections;
    if (session_slot != kNoSessionSlot) worker->sessions.insert(session_slot);
    return true;
  }
  ::close(fd);
  return false;
}

void WorkerPool::ReapChildren() {
  for (;;) {
    int status = 0;
    pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid <= 0) break;
    for (auto& worker : workers_) {
      if (worker->pid != pid) continue;
      if (WIFSIGNALED(status)) {
        log::Warning("worker {} (pid {}) was terminated by signal {}", worker->index, pid,
                     WTERMSIG(status));
      } else if (WEXITSTATUS(status) != 0) {
        log::Warning("worker {} (pid {}) exited with status {}", worker->index, pid,
                     WEXITSTATUS(status));
      } else {
        log::Info("worker {} (pid {}) exited", worker->index, pid);
      }
      OnWorkerGone(*worker);
    }
  }
}

void WorkerPool::OnWorkerGone(Worker& worker) {
  worker.pid = 0;
  if (worker.watcher) {
    boost::system::error_code ignored;
    worker.watcher->close(ignored);
    worker.watcher.reset();
  }
  worker.channel.Close();
  for (uint32_t slot : worker.sessions) on_slot_freed_(slot);
  worker.sessions.clear();
  worker.connections = 0;
  on_worker_gone_(worker.index);
  if (!respawn_) return;
  // A worker that dies right after starting would otherwise be forked in a tight loop.
  auto lived = std::chrono::steady_clock::now() - worker.spawned_at;
  if (lived < std::chrono::seconds(1)) {
    worker.respawn_delay =
        std::min(std::chrono::milliseconds(5000),
                 std::max(std::chrono::milliseconds(100), worker.respawn_delay * 2));
  } else {
    worker.respawn_delay = std::chrono::milliseconds(0);
  }
  if (worker.respawn_delay.count() == 0) {
    Spawn(worker);
    return;
  }
  worker.respawn_timer.expires_after(worker.respawn_delay);
  worker.respawn_timer.async_wait([this, &worker](boost::system::error_code ec) {
    if (!ec && respawn_ && worker.pid == 0) Spawn(worker);
  });
}

void WorkerPool::KillWorker(int index) {
  for (auto& worker : workers_) {
    if (worker->index == index && worker->pid > 0) ::kill(worker->pid, SIGKILL);
  }
}

void WorkerPool::SignalAll(int signo) {
  for (auto& worker : workers_) {
    if (worker->pid > 0) ::kill(worker->pid, signo);
  }
}

int WorkerPool::live_count() const {
  return static_cast<int>(
      std::count_if(workers_.begin(), workers_.end(), [](const auto& w) { return w->pid > 0; }));
}

int WorkerPool::connection_count() const {
  int total = 0;
  for (const auto& worker : workers_) total += worker->connections;
  return total;
}

std::vector<pid_t> WorkerPool::pids() const {
  std::vector<pid_t> out;
  for (const auto& worker : workers_) {
    if (worker->pid > 0) out.push_back(worker->pid);
  }
  return out;
}

}  // namespace sb::coordinator
