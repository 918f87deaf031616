// Worker: the state of one prefork worker process — its event loop, its sessions, its channel
// to the coordinator, its signals — and the services sessions share (configuration, session
// table, SCRAM verifier).
//
// Exactly one per worker process, created by WorkerMain() after fork; single-threaded.
#pragma once

#include <map>
#include <memory>
#include <set>

#include "shared/asio/asio.h"
#include "shared/auth/scram_verifier.h"
#include "shared/index/index_reader.h"
#include "worker/catalog.h"
#include "worker/ring_caller.h"
#include "worker/worker_main.h"

namespace sb::worker {

class Session;

class Worker {
 public:
  explicit Worker(WorkerContext& context);
  ~Worker();

  // Runs until the worker has been told to stop and every session has ended.
  int Run();

  asio::io_context& io() { return io_; }
  const config::Config& config() const { return context_.config; }
  ipc::SessionTable& sessions() { return context_.sessions; }
  const auth::ScramVerifier& scram_verifier() const { return scram_verifier_; }
  int32_t max_message_size() const;
  bool shutting_down() const { return shutting_down_; }
  RingCaller& ring() { return ring_; }
  Catalog& catalog() { return catalog_; }
  const index::IndexReader& indexes() const { return indexes_; }
  // Whether the database's folder exists in the data directory.
  bool DatabaseExists(const std::string& database) const;

  // Called by a session's coroutine when it is over.
  void OnSessionEnded(const std::shared_ptr<Session>& session);

 private:
  void WatchChannel();
  void OnChannelReadable();
  void WatchSignals();
  void OnSignal(int signo);
  void Reload();
  void BeginShutdown();
  void SendClosed(uint32_t slot);
  void FlushPendingClosed();
  void MaybeExit();

  WorkerContext& context_;
  asio::io_context io_;
  std::unique_ptr<asio::posix::stream_descriptor> channel_stream_;
  int signal_fd_ = -1;
  std::unique_ptr<asio::posix::stream_descriptor> signal_stream_;
  std::set<std::shared_ptr<Session>> live_sessions_;
  std::vector<uint32_t> pending_closed_;  // reports the channel could not take yet
  auth::ScramVerifier scram_verifier_;
  RingCaller ring_;
  Catalog catalog_;
  index::IndexReader indexes_;
  bool shutting_down_ = false;
  bool coordinator_gone_ = false;
};

}  // namespace sb::worker
