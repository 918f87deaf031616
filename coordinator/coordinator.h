// Coordinator: the smarterbase main process. Owns the configuration, the data directory lock,
// the shared memory (session table, write ring), the listening sockets and the worker pool, and
// drives the server's life cycle (ServerState) from one Asio event loop.
//
// It stays out of client traffic: it never reads a byte a client sent. Accepted sockets go to
// workers; writes arrive on the ring. Like PostgreSQL's postmaster it must outlive any child,
// so everything it reads from workers is validated, and signals only post events to the loop.
#pragma once

#include <signal.h>

#include <memory>
#include <string>
#include <vector>

#include "coordinator/data_dir_lock.h"
#include "coordinator/listener.h"
#include "coordinator/server_state.h"
#include "coordinator/worker_pool.h"
#include "coordinator/write_applier.h"
#include "shared/asio/asio.h"
#include "shared/config/config.h"
#include "shared/index/index_arena.h"
#include "shared/ipc/session_table.h"
#include "shared/ipc/write_ring.h"

namespace sb::coordinator {

class AdminSocket;
struct AdminReply;
class FileWatcher;
class SnapshotWriter;
class RingService;

class Coordinator {
 public:
  // `args` are the command-line arguments, kept to re-read the configuration on SIGHUP.
  Coordinator(config::Config config, std::vector<std::string> args);
  ~Coordinator();

  // Runs the server until it has shut down; returns the process exit status.
  int Run();

 private:
  void WatchSignals();
  void ArmSignalWait();
  void OnSignal(int signo);
  void OnAccept(int fd);
  void Reload();
  void BeginShutdown();
  void AdvanceState();
  int RunWorkerChild(int index, ipc::FdChannel channel);
  AdminReply OnAdminCommand(const std::vector<std::string>& argv);

  asio::io_context io_;
  config::Config config_;
  std::vector<std::string> args_;
  ServerState state_ = ServerState::kStarting;
  std::unique_ptr<DataDirLock> lock_;
  std::unique_ptr<ipc::SessionTable> sessions_;
  std::unique_ptr<ipc::WriteRing> ring_;
  std::unique_ptr<index::IndexArena> indexes_;
  std::unique_ptr<WriteApplier> applier_;
  std::unique_ptr<RingService> ring_service_;
  std::unique_ptr<FileWatcher> watcher_;
  std::unique_ptr<SnapshotWriter> snapshots_;
  std::unique_ptr<AdminSocket> admin_;
  std::unique_ptr<Listener> listener_;
  std::unique_ptr<WorkerPool> pool_;
  int signal_fd_ = -1;
  std::unique_ptr<asio::posix::stream_descriptor> signal_stream_;
  sigset_t original_mask_{};
  asio::steady_timer shutdown_timer_;
  int active_sessions_ = 0;
};

}  // namespace sb::coordinator
