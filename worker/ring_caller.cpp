#include "worker/ring_caller.h"

#include <unistd.h>

#include <fmt/format.h>

#include "shared/errors/sql_error.h"
#include "shared/ipc/ring_requests.h"

namespace sb::worker {

void RaiseIfFailed(const ipc::Reply& reply, Severity severity) {
  if (reply.kind == static_cast<uint32_t>(ipc::RingStatus::kOk)) return;
  if (reply.kind == static_cast<uint32_t>(ipc::RingStatus::kError)) {
    std::string_view text = reply.payload;
    size_t newline = text.find('\n');
    std::string_view code = text.substr(0, std::min(newline, text.size()));
    // "SQLSTATE\nmessage[\ndetail]"
    std::string_view rest = newline == std::string_view::npos ? "" : text.substr(newline + 1);
    size_t detail_at = rest.find('\n');
    SqlError error(SqlStateFromCode(code), std::string(rest.substr(0, detail_at)));
    if (detail_at != std::string_view::npos)
      error.WithDetail(std::string(rest.substr(detail_at + 1)));
    throw error.WithSeverity(severity);
  }
  throw SqlError(SqlState::kInternalError,
                 fmt::format("the coordinator answered with status {}", reply.kind))
      .WithSeverity(severity);
}

RingCaller::RingCaller(asio::io_context& io, const ipc::WriteRing& ring, uint32_t lane)
    : io_(io), client_(ring, lane) {
  wake_ = std::make_unique<asio::posix::stream_descriptor>(io_, ::dup(client_.wake_fd()));
}

RingCaller::~RingCaller() = default;

ipc::Reply RingCaller::Call(uint32_t kind, std::string payload, asio::yield_context& yield) {
  auto lost = [] {
    return SqlError(SqlState::kConnectionFailure, "lost the connection to the coordinator")
        .WithSeverity(Severity::kFatal);
  };
  if (failed_) throw lost();
  Waiter waiter(io_);
  waiter.timer.expires_at(asio::steady_timer::time_point::max());
  uint64_t id = client_.Submit(kind, std::move(payload));
  waiters_[id] = &waiter;
  ArmPump();
  // A reply may already be waiting; otherwise the pump cancels our timer when it arrives.
  Pump();
  while (!waiter.reply && !failed_) {
    boost::system::error_code ec;
    waiter.timer.async_wait(yield[ec]);
  }
  waiters_.erase(id);
  if (!waiter.reply) throw lost();
  return std::move(*waiter.reply);
}

void RingCaller::FailAll() {
  failed_ = true;
  for (auto& [id, waiter] : waiters_) waiter->timer.cancel();
}

void RingCaller::ArmPump() {
  if (pumping_) return;
  pumping_ = true;
  wake_->async_wait(asio::posix::stream_descriptor::wait_read,
                    [this](boost::system::error_code ec) {
                      pumping_ = false;
                      if (ec) return;
                      Pump();
                      if (!waiters_.empty()) ArmPump();
                    });
}

void RingCaller::Pump() {
  client_.DrainWake();
  client_.TryFlush();
  for (ipc::Reply& reply : client_.PollReplies()) {
    auto it = waiters_.find(reply.request_id);
    if (it == waiters_.end()) continue;  // its session is gone; nobody waits any more
    it->second->reply = std::move(reply);
    it->second->timer.cancel();
  }
}

}  // namespace sb::worker
