#include "worker/worker.h"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <filesystem>

#include "shared/config/config_loader.h"
#include "shared/config/config_reload.h"
#include "shared/config/log.h"
#include "shared/errors/sql_error.h"
#include "shared/storage/name_encoding.h"
#include "worker/handoff.h"
#include "worker/session.h"

namespace sb::worker {

Worker::Worker(WorkerContext& context)
    : context_(context),
      ring_(io_, context.ring, static_cast<uint32_t>(context.index)),
      catalog_(context.config.data),
      indexes_(context.indexes, static_cast<uint32_t>(context.index)) {
  if (!context_.config.password.empty()) {
    scram_verifier_ = auth::MakeScramVerifier(context_.config.password);
  }
}

Worker::~Worker() {
  if (signal_fd_ >= 0) ::close(signal_fd_);
}

bool Worker::DatabaseExists(const std::string& database) const {
  if (storage::CheckSqlName(database) != storage::NameProblem::kNone) return false;
  std::error_code ec;
  return std::filesystem::is_directory(catalog_.paths().DatabaseDir(database), ec);
}

int32_t Worker::max_message_size() const {
  return static_cast<int32_t>(std::min<int64_t>(context_.config.max_message_size, 0x3fffffff));
}

int Worker::Run() {
  WatchSignals();
  WatchChannel();
  io_.run();
  return 0;
}

void Worker::WatchChannel() {
  if (!channel_stream_) {
    channel_stream_ =
        std::make_unique<asio::posix::stream_descriptor>(io_, ::dup(context_.channel.fd()));
  }
  channel_stream_->async_wait(asio::posix::stream_descriptor::wait_read,
                              [this](boost::system::error_code ec) {
                                if (!ec) OnChannelReadable();
                              });
}

void Worker::OnChannelReadable() {
  for (;;) {
    ipc::ChannelReceive received;
    try {
      received = context_.channel.Receive();
    } catch (const SqlError& e) {
      log::Warning("bad message from the coordinator: {}", e.what());
      continue;
    }
    if (received.status == ipc::ChannelStatus::kWouldBlock) break;
    if (received.status == ipc::ChannelStatus::kPeerClosed) {
      // The coordinator is gone: nobody can apply writes or accept for us any more.
      log::Warning("coordinator went away; worker exiting");
      coordinator_gone_ = true;
      ring_.FailAll();
      BeginShutdown();
      return;
    }
    const ipc::ChannelMessage& message = received.message;
    if (message.kind != static_cast<uint32_t>(ChannelKind::kNewConnection) ||
        !received.fd.valid()) {
      log::Warning("unexpected channel message kind {}", message.kind);
      continue;
    }
    auto session = std::make_shared<Session>(*this, received.fd.Release(), message.session_slot,
                                             (message.flags & kRejectTooManyClients) != 0);
    live_sessions_.insert(session);
    session->Start();
  }
  FlushPendingClosed();
  if (!coordinator_gone_) WatchChannel();
}

void Worker::OnSessionEnded(const std::shared_ptr<Session>& session) {
  SendClosed(session->slot());
  live_sessions_.erase(session);
  MaybeExit();
}

void Worker::SendClosed(uint32_t slot) {
  pending_closed_.push_back(slot);
  FlushPendingClosed();
}

void Worker::FlushPendingClosed() {
  while (!pending_closed_.empty() && !coordinator_gone_) {
    ipc::ChannelMessage message;
    message.kind = static_cast<uint32_t>(ChannelKind::kConnectionClosed);
    message.session_slot = pending_closed_.front();
    ipc::ChannelStatus status;
    try {
      status = context_.channel.Send(message);
    } catch (const SqlError& e) {
      log::Warning("could not report a closed connection: {}", e.what());
      return;
    }
    if (status != ipc::ChannelStatus::kOk) return;  // retried on the next channel event
    pending_closed_.erase(pending_closed_.begin());
  }
}

void Worker::WatchSignals() {
  sigset_t mask;
  sigemptyset(&mask);
  for (int signo : {SIGTERM, SIGINT, SIGHUP, SIGUSR1}) sigaddset(&mask, signo);
  ::sigprocmask(SIG_BLOCK, &mask, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  signal_fd_ = ::signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  if (signal_fd_ < 0) throw std::runtime_error("signalfd() failed");
  signal_stream_ = std::make_unique<asio::posix::stream_descriptor>(io_, ::dup(signal_fd_));
  struct Rearm {
    Worker* self;
    void operator()(boost::system::error_code ec) const {
      if (ec) return;
      signalfd_siginfo info;
      while (::read(self->signal_fd_, &info, sizeof(info)) == sizeof(info)) {
        self->OnSignal(static_cast<int>(info.ssi_signo));
      }
      self->signal_stream_->async_wait(asio::posix::stream_descriptor::wait_read, *this);
    }
  };
  signal_stream_->async_wait(asio::posix::stream_descriptor::wait_read, Rearm{this});
}

void Worker::OnSignal(int signo) {
  switch (signo) {
    case SIGUSR1:
      for (const auto& session : live_sessions_) {
        if (session->slot() != kNoSlot && context_.sessions.TakeCancel(session->slot())) {
          session->Cancel("canceling statement due to user request");
        }
      }
      break;
    case SIGHUP:
      Reload();
      break;
    case SIGTERM:
    case SIGINT:
      BeginShutdown();
      break;
    default:
      break;
  }
}

void Worker::Reload() {
  try {
    config::Config fresh = config::LoadConfig(context_.args);
    context_.config = config::MergeReload(context_.config, fresh);
    log::SetLevel(context_.config.log_level);
    if (!context_.config.password.empty()) {
      scram_verifier_ = auth::MakeScramVerifier(context_.config.password);
    }
  } catch (const std::exception& e) {
    log::Warning("configuration not reloaded: {}", e.what());
  }
}

void Worker::BeginShutdown() {
  if (shutting_down_) return;
  shutting_down_ = true;
  for (const auto& session : live_sessions_) session->Terminate();
  MaybeExit();
}

void Worker::MaybeExit() {
  if (shutting_down_ && live_sessions_.empty()) {
    FlushPendingClosed();
    io_.stop();
  }
}

int WorkerMain(WorkerContext& context) {
  Worker worker(context);
  return worker.Run();
}

}  // namespace sb::worker
