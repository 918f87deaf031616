#include "coordinator/ring_service.h"

#include <unistd.h>

#include <fmt/format.h>

#include <vector>

#include "shared/config/log.h"
#include "shared/ipc/ring_requests.h"

namespace sb::coordinator {

RingService::RingService(asio::io_context& io, ipc::WriteRing& ring, WriteApplier& applier,
                         std::function<void(uint32_t)> on_fault)
    : io_(io), server_(ring), applier_(applier), on_fault_(std::move(on_fault)) {}

RingService::~RingService() = default;

void RingService::Start() {
  wake_ = std::make_unique<asio::posix::stream_descriptor>(io_, ::dup(server_.wake_fd()));
  Arm();
}

void RingService::Stop() {
  stopped_ = true;
  if (wake_) {
    boost::system::error_code ignored;
    wake_->close(ignored);
  }
}

void RingService::ResetLane(uint32_t lane) {
  server_.ResetLane(lane);
}

void RingService::Arm() {
  wake_->async_wait(asio::posix::stream_descriptor::wait_read,
                    [this](boost::system::error_code ec) {
                      if (ec || stopped_) return;
                      Serve();
                      Arm();
                    });
}

void RingService::Serve() {
  server_.DrainWake();
  if (before_batch_) {
    try {
      before_batch_();
    } catch (const std::exception& e) {
      log::Error("before a batch of writes: {}", e.what());
    }
  }
  // Replies wait until the whole batch is durable (group commit).
  struct Pending {
    uint32_t lane;
    uint64_t id;
    ApplyResult result;
  };
  std::vector<Pending> replies;
  ipc::PollResult result;
  do {
    result = server_.Poll([this, &replies](uint32_t lane, uint64_t id, uint32_t kind,
                                           std::string& payload) -> std::optional<std::string> {
      ApplyResult result;
      try {
        result = applier_.Apply(kind, payload);
      } catch (const std::exception& e) {
        // Never let one request take the single writer down.
        log::Error("request kind {} from lane {} failed: {}", kind, lane, e.what());
        result = ErrorResult("XX000", e.what());
      }
      if (result.status == static_cast<uint32_t>(ipc::RingStatus::kUnknownRequest)) {
        log::Warning("unknown ring request kind {} from lane {}", kind, lane);
      }
      replies.push_back({lane, id, std::move(result)});
      return std::nullopt;
    });
    for (const ipc::LaneFault& fault : result.faults) {
      log::Error("write ring lane {} is corrupt ({}); stopping its worker", fault.lane,
                 fault.reason);
      on_fault_(fault.lane);
    }
  } while (result.more);
  try {
    applier_.FinishBatch();
  } catch (const std::exception& e) {
    log::Error("could not make a batch of {} writes durable: {}", replies.size(), e.what());
    for (Pending& pending : replies) {
      if (pending.result.status == static_cast<uint32_t>(ipc::RingStatus::kOk)) {
        pending.result = ErrorResult("58030", fmt::format("could not write: {}", e.what()));
      }
    }
  }
  for (Pending& pending : replies) {
    server_.Reply(pending.lane, pending.id, std::move(pending.result.payload),
                  pending.result.status);
  }
}

}  // namespace sb::coordinator
