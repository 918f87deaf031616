// WorkerPool: the coordinator's table of prefork worker processes (after nginx's
// ngx_processes[]): forks them, hands them client sockets, notices when they die and
// respawns them.
//
// Coordinator process only, on its io_context. Each worker slot has a fixed index (its lane in
// the write ring) and, while alive, a pid and the coordinator's end of an FdChannel.
// Connections are handed to the live worker with the fewest connections; the worker reports
// each closed connection back on the channel so the counts (and max_connections) stay right.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "shared/asio/asio.h"
#include "shared/ipc/fd_channel.h"
#include "worker/handoff.h"

namespace sb::coordinator {

using worker::ChannelKind;
using worker::kRejectTooManyClients;
inline constexpr uint32_t kNoSessionSlot = worker::kNoSlot;

class WorkerPool {
 public:
  // Runs in the freshly forked child; its return value is the worker's exit status. The child
  // never returns into the coordinator's code.
  using WorkerEntry = std::function<int(int worker_index, ipc::FdChannel channel)>;
  // Called in the coordinator when a worker reports a closed connection or dies holding
  // sessions (once per session slot).
  using SlotFreed = std::function<void(uint32_t slot)>;

  // Called in the coordinator after a worker died, before its replacement is forked.
  using WorkerGone = std::function<void(int worker_index)>;

  WorkerPool(asio::io_context& io, int worker_count, WorkerEntry entry, SlotFreed on_slot_freed,
             WorkerGone on_worker_gone);
  ~WorkerPool();

  void StartAll();
  // Passes `fd` to the least-loaded live worker and closes the coordinator's copy. Returns false
  // (fd closed) when no worker could take it.
  bool HandOff(int fd, uint32_t session_slot, uint32_t flags);
  // Reaps exited children (call on SIGCHLD); respawns them unless stopping.
  void ReapChildren();
  // Sends `signo` to every live worker.
  void SignalAll(int signo);
  void StopRespawning() { respawn_ = false; }
  // SIGKILLs one worker (it is then reaped and respawned like any dead worker).
  void KillWorker(int index);
  int live_count() const;
  int connection_count() const;
  std::vector<pid_t> pids() const;

 private:
  struct Worker;
  void Spawn(Worker& worker);
  void WatchChannel(Worker& worker);
  void OnChannelReadable(Worker& worker);
  void OnWorkerGone(Worker& worker);

  asio::io_context& io_;
  WorkerEntry entry_;
  SlotFreed on_slot_freed_;
  WorkerGone on_worker_gone_;
  std::vector<std::unique_ptr<Worker>> workers_;
  bool respawn_ = true;
};

}  // namespace sb::coordinator
