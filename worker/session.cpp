#include "worker/session.h"

#include "shared/asio/spawn.h"

#include "shared/config/log.h"
#include "shared/wire/backend_messages.h"
#include "shared/wire/error_response.h"
#include "worker/worker.h"

namespace sb::worker {
namespace {

// Enough for the parser's and evaluator's recursion at their depth limits; the guard page
// below the stack turns an overflow into a crash of this worker only, never silent corruption.
constexpr size_t kSessionStackBytes = 1 << 20;

}  // namespace

Session::Session(Worker& worker, int fd, uint32_t slot, bool reject_too_many)
    : worker_(worker),
      socket_(worker.io(), fd),
      slot_(slot),
      reject_too_many_(reject_too_many),
      framer_(wire::FramerLimits{.large_message_limit = worker.max_message_size()}),
      sleep_timer_(worker.io()),
      statement_timer_(worker.io()),
      idle_timer_(worker.io()) {}

Session::~Session() = default;

void Session::Start() {
  auto self = shared_from_this();
  asio::spawn(
      worker_.io(),
      [self](asio::yield_context yield) {
        self->Run(yield);
        self->worker_.OnSessionEnded(self);
      },
      boost::coroutines::attributes(kSessionStackBytes));
}

void Session::Run(asio::yield_context yield) {
  try {
    if (StartupPhase(yield)) QueryPhase(yield);
  } catch (const ConnectionClosed&) {
    // The client went away; nothing to tell it.
  } catch (const SqlError& e) {
    // Errors that end the connection (protocol violations in framing, FATAL auth errors).
    try {
      SendFatalAndClose(e, yield);
    } catch (...) {
    }
  } catch (const std::exception& e) {
    log::Error("session ended by an internal error: {}", e.what());
    try {
      SendFatalAndClose(SqlError(SqlState::kInternalError, e.what()), yield);
    } catch (...) {
    }
  }
  boost::system::error_code ignored;
  socket_.close(ignored);
}

void Session::Cancel(std::string reason) {
  if (!in_statement_) return;  // PostgreSQL ignores a cancel that arrives between statements
  cancel_reason_ = std::move(reason);
  sleep_timer_.cancel();
}

void Session::Terminate() {
  terminate_requested_ = true;
  // An idle session is waiting on its socket: wake it so it can say goodbye now.
  if (reading_ && !in_statement_) {
    boost::system::error_code ignored;
    socket_.cancel(ignored);
  }
}

// A session idle inside a transaction block holds that transaction open for everyone;
// idle_in_transaction_session_timeout ends it (and the connection), as in PostgreSQL.
void Session::ArmIdleTimer() {
  int timeout_ms = settings_.idle_in_transaction_timeout_ms();
  if (timeout_ms <= 0 || !transaction_.in_block()) return;
  idle_timer_.expires_after(std::chrono::milliseconds(timeout_ms));
  idle_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (ec) return;
    if (auto self = weak.lock()) {
      self->idle_timed_out_ = true;
      boost::system::error_code ignored;
      self->socket_.cancel(ignored);
    }
  });
}

wire::Frame Session::ReadFrame(asio::yield_context& yield) {
  for (;;) {
    if (std::optional<wire::Frame> frame = framer_.Next()) return *frame;
    if (terminate_requested_ && !in_statement_) {
      throw SqlError(SqlState::kAdminShutdown,
                     "terminating connection due to administrator command")
          .WithSeverity(Severity::kFatal);
    }
    if (idle_timed_out_) {
      throw SqlError(SqlState::kIdleInTransactionSessionTimeout,
                     "terminating connection due to idle-in-transaction timeout")
          .WithSeverity(Severity::kFatal);
    }
    framer_.Compact();
    size_t want = std::max<size_t>(framer_.BytesNeeded(), 16 * 1024);
    std::span<char> space = framer_.PrepareWrite(std::min<size_t>(want, 1 << 20));
    boost::system::error_code ec;
    reading_ = true;
    ArmIdleTimer();
    size_t n = socket_.async_read_some(asio::buffer(space.data(), space.size()), yield[ec]);
    idle_timer_.cancel();
    reading_ = false;
    if (ec == asio::error::operation_aborted) continue;  // Terminate() or the idle timer woke us
    if (ec || n == 0) throw ConnectionClosed();
    framer_.Commit(n);
  }
}

void Session::Flush(asio::yield_context& yield) {
  if (out_.empty()) return;
  boost::system::error_code ec;
  asio::async_write(socket_, asio::buffer(out_), yield[ec]);
  out_.clear();
  if (out_.capacity() > 4 * kFlushThreshold) out_.shrink_to_fit();
  if (ec) throw ConnectionClosed();
}

void Session::SendError(const SqlError& error) {
  wire::WriteErrorResponse(out_, error);
}

void Session::SendNotice(const SqlError& notice) {
  wire::WriteNoticeResponse(out_, wire::ErrorFieldsFrom(notice));
}

void Session::SendFatalAndClose(const SqlError& error, asio::yield_context& yield) {
  SqlError fatal = error;
  if (fatal.severity() == Severity::kError) fatal.WithSeverity(Severity::kFatal);
  SendError(fatal);
  Flush(yield);
  closing_ = true;
}

}  // namespace sb::worker
