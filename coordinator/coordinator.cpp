#include "coordinator/coordinator.h"

#include <dirent.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include "coordinator/admin_socket.h"
#include "coordinator/data_dir_guide.h"
#include "coordinator/file_watcher.h"
#include "coordinator/ring_service.h"
#include "coordinator/snapshot_writer.h"
#include "shared/config/config_loader.h"
#include "shared/config/config_reload.h"
#include "shared/config/log.h"
#include "shared/config/systemd_notify.h"
#include "shared/errors/sql_error.h"
#include "worker/worker_main.h"

namespace sb::coordinator {
namespace {

// A forked worker keeps only what it needs; the coordinator's listeners, signalfd, lock and
// other workers' channels must not live on in it.
void CloseInheritedFds(const std::vector<int>& keep) {
  std::vector<int> to_close;
  if (DIR* dir = ::opendir("/proc/self/fd"); dir != nullptr) {
    int dir_fd = ::dirfd(dir);
    while (dirent* entry = ::readdir(dir)) {
      int fd = std::atoi(entry->d_name);
      if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
      if (fd <= 2 || fd == dir_fd) continue;
      if (std::find(keep.begin(), keep.end(), fd) != keep.end()) continue;
      to_close.push_back(fd);
    }
    ::closedir(dir);
  }
  for (int fd : to_close) ::close(fd);
}

}  // namespace

Coordinator::Coordinator(config::Config config, std::vector<std::string> args)
    : config_(std::move(config)), args_(std::move(args)), shutdown_timer_(io_) {}

Coordinator::~Coordinator() {
  if (signal_fd_ >= 0) ::close(signal_fd_);
}

int Coordinator::Run() {
  const int worker_count = config::EffectiveWorkers(config_);
  try {
    lock_ = std::make_unique<DataDirLock>(config_.data);
    sessions_ = std::make_unique<ipc::SessionTable>(ipc::SessionTable::kMaxCapacity);
    ipc::WriteRingOptions ring_options;
    ring_options.lanes = static_cast<uint32_t>(worker_count);
    ring_ = std::make_unique<ipc::WriteRing>(ring_options);
    indexes_ = std::make_unique<index::IndexArena>(static_cast<size_t>(config_.index_memory),
                                                   static_cast<uint32_t>(worker_count));
    applier_ = std::make_unique<WriteApplier>(config_, *indexes_, sessions_.get());
    snapshots_ = std::make_unique<SnapshotWriter>(storage::DataPaths(config_.data),
                                                  std::chrono::seconds(10));
    applier_->SetSnapshotWriter(snapshots_.get());
    applier_->SetBackgroundPoster(
        [this](std::function<void()> task) { asio::post(io_, std::move(task)); });
    applier_->BuildAllIndexes();
    WriteDataDirGuide(storage::DataPaths(config_.data));
    watcher_ = std::make_unique<FileWatcher>(
        io_, storage::DataPaths(config_.data),
        [this](std::vector<FileChange> changes) { applier_->OnFilesChanged(changes); },
        [this](std::string reason) { applier_->OnRescan(reason); });
    try {
      watcher_->Start();
      applier_->SetOwnWriteHook(
          [this](const std::string& path) { watcher_->ExpectOwnWrite(path); });
      applier_->SetWriteProgressHook([this] { watcher_->Drain(); });
    } catch (const std::exception& e) {
      log::Warning(
          "not watching the data directory ({}): files edited by hand are seen by "
          "queries, but indexes catch up only at the next start",
          e.what());
    }
    ring_service_ = std::make_unique<RingService>(io_, *ring_, *applier_, [this](uint32_t lane) {
      pool_->KillWorker(static_cast<int>(lane));
    });
    ring_service_->SetBeforeBatch([this] {
      if (watcher_) watcher_->CatchUp();
    });
    WatchSignals();
    // After WatchSignals: the thread inherits the blocked signal mask, so SIGTERM and friends
    // reach the signalfd instead of killing the process.
    snapshots_->Start();
    listener_ = std::make_unique<Listener>(io_, [this](int fd) { OnAccept(fd); });
    listener_->Open(config_.listen, config_.port, config_.socket_dir);
    try {
      admin_ = std::make_unique<AdminSocket>(
          io_, AdminSocketPath(config_.data),
          [this](const std::vector<std::string>& argv) { return OnAdminCommand(argv); });
    } catch (const std::exception& e) {
      log::Warning(
          "no admin socket ({}): smarterbase-ctl rebuild-indexes needs the server "
          "stopped",
          e.what());
    }
  } catch (const std::exception& e) {
    log::Error("could not start: {}", e.what());
    return 1;
  }

  pool_ = std::make_unique<WorkerPool>(
      io_, worker_count,
      [this](int index, ipc::FdChannel channel) {
        return RunWorkerChild(index, std::move(channel));
      },
      [this](uint32_t slot) {
        if (sessions_->Free(slot)) --active_sessions_;
      },
      [this](int index) {
        ring_service_->ResetLane(static_cast<uint32_t>(index));
        indexes_->ReleaseSlot(static_cast<uint32_t>(index));
      });
  pool_->StartAll();
  ring_service_->Start();
  state_ = ServerState::kRunning;
  log::Info("SmarterBase ready to accept connections ({} workers, data \"{}\")", worker_count,
            config_.data);
  config::NotifySystemd("READY=1\nSTATUS=accepting connections");

  io_.run();
  log::Info("SmarterBase shut down");
  return 0;
}

int Coordinator::RunWorkerChild(int index, ipc::FdChannel channel) {
  // If the coordinator dies, the workers must not linger holding client connections.
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  ::sigprocmask(SIG_SETMASK, &original_mask_, nullptr);
  std::vector<int> keep = {channel.fd(), ring_->coordinator_wake().fd(),
                           ring_->lane_wake(static_cast<uint32_t>(index)).fd()};
  CloseInheritedFds(keep);
  log::SetRole(fmt::format("worker {}", index));
  worker::WorkerContext context{index,     config_,           args_, *sessions_, *ring_,
                                *indexes_, std::move(channel)};
  return worker::WorkerMain(context);
}

void Coordinator::WatchSignals() {
  sigset_t mask;
  sigemptyset(&mask);
  for (int signo : {SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGQUIT}) sigaddset(&mask, signo);
  ::sigprocmask(SIG_BLOCK, &mask, &original_mask_);
  ::signal(SIGPIPE, SIG_IGN);
  signal_fd_ = ::signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  if (signal_fd_ < 0) throw std::runtime_error("signalfd() failed");
  signal_stream_ = std::make_unique<asio::posix::stream_descriptor>(io_, ::dup(signal_fd_));
  ArmSignalWait();
}

// Signals arrive through a signalfd, so handlers never run asynchronously: each one is an
// ordinary event of the loop (the same idea as nginx's flags, without the flags).
void Coordinator::ArmSignalWait() {
  signal_stream_->async_wait(asio::posix::stream_descriptor::wait_read,
                             [this](boost::system::error_code ec) {
                               if (ec) return;
                               signalfd_siginfo info;
                               while (::read(signal_fd_, &info, sizeof(info)) == sizeof(info)) {
                                 OnSignal(static_cast<int>(info.ssi_signo));
                               }
                               if (state_ != ServerState::kStopped) ArmSignalWait();
                             });
}

void Coordinator::OnSignal(int signo) {
  switch (signo) {
    case SIGCHLD:
      pool_->ReapChildren();
      AdvanceState();
      break;
    case SIGHUP:
      Reload();
      break;
    case SIGTERM:
    case SIGINT:
      log::Info("received {}: shutting down after running statements finish",
                signo == SIGTERM ? "SIGTERM" : "SIGINT");
      BeginShutdown();
      break;
    case SIGQUIT:
      log::Warning("received SIGQUIT: immediate shutdown");
      pool_->StopRespawning();
      pool_->SignalAll(SIGKILL);
      BeginShutdown();
      break;
    default:
      break;
  }
}

void Coordinator::OnAccept(int fd) {
  if (state_ != ServerState::kRunning) {
    ::close(fd);
    return;
  }
  uint32_t flags = 0;
  uint32_t slot = kNoSessionSlot;
  // The worker, not the coordinator, tells the client "too many clients" (after reading its
  // startup packet, as PostgreSQL does), so the coordinator never writes to client sockets.
  if (active_sessions_ >= config_.max_connections) {
    flags |= kRejectTooManyClients;
  } else if (auto allocated = sessions_->Allocate(); allocated.has_value()) {
    slot = *allocated;
    ++active_sessions_;
  } else {
    flags |= kRejectTooManyClients;
  }
  if (!pool_->HandOff(fd, slot, flags)) {
    log::Warning("no worker could take a new connection; closed it");
    if (slot != kNoSessionSlot && sessions_->Free(slot)) --active_sessions_;
  }
}

void Coordinator::Reload() {
  log::Info("received SIGHUP: reloading configuration");
  config::NotifySystemd("RELOADING=1");
  struct ReadyAgain {
    ~ReadyAgain() { config::NotifySystemd("READY=1"); }
  } ready_again;
  config::Config fresh;
  try {
    fresh = config::LoadConfig(args_);
  } catch (const std::exception& e) {
    log::Error("configuration not reloaded, keeping the old one: {}", e.what());
    return;
  }
  std::vector<config::ConfigChange> changes = config::Diff(config_, fresh);
  if (changes.empty()) {
    log::Info("configuration unchanged");
    return;
  }
  for (const config::ConfigChange& change : changes) {
    if (change.needs_restart) {
      log::Warning("parameter \"{}\" changed but needs a restart; keeping \"{}\"", change.key,
                   change.old_value);
    } else {
      log::Info("parameter \"{}\" changed from \"{}\" to \"{}\"", change.key, change.old_value,
                change.new_value);
    }
  }
  config_ = config::MergeReload(config_, fresh);
  log::SetLevel(config_.log_level);
  // Workers re-read the same sources themselves; the coordinator just validated them.
  pool_->SignalAll(SIGHUP);
}

void Coordinator::BeginShutdown() {
  if (state_ == ServerState::kDraining || state_ == ServerState::kStopped) return;
  state_ = ServerState::kDraining;
  config::NotifySystemd("STOPPING=1");
  listener_->Close();
  pool_->StopRespawning();
  pool_->SignalAll(SIGTERM);
  shutdown_timer_.expires_after(config_.shutdown_timeout);
  shutdown_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || state_ == ServerState::kStopped) return;
    log::Warning("workers still running after {} s: killing them",
                 config_.shutdown_timeout.count());
    pool_->SignalAll(SIGKILL);
  });
  AdvanceState();
}

AdminReply Coordinator::OnAdminCommand(const std::vector<std::string>& argv) {
  if (argv.size() == 3 && argv[0] == "rebuild-indexes") {
    try {
      auto [status, text] = applier_->RebuildIndexesCommand(argv[1], argv[2]);
      return {status, std::move(text)};
    } catch (const std::exception& e) {  // the coordinator never goes down for an operator
      return {1, fmt::format("error: {}", e.what())};
    }
  }
  return {2, fmt::format("error: unknown admin command \"{}\"", argv.empty() ? "" : argv[0])};
}

void Coordinator::AdvanceState() {
  if (state_ == ServerState::kDraining && pool_->live_count() == 0) {
    state_ = ServerState::kStopped;
    shutdown_timer_.cancel();
    ring_service_->Stop();
    if (watcher_) watcher_->Stop();
    admin_.reset();
    try {
      applier_->Shutdown();
      snapshots_->Stop();  // the last snapshots, after the last writes
    } catch (const std::exception& e) {
      log::Error(
          "could not checkpoint at shutdown (the journal completes it at the next start): "
          "{}",
          e.what());
    }
    boost::system::error_code ignored;
    signal_stream_->close(ignored);
    io_.stop();
  }
}

}  // namespace sb::coordinator
