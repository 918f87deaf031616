// A Session's side of statement execution: the context handed to the executor, the statement
// clock and timeout, and the hooks the executor calls back (sleep, interrupts, notices).
#include "shared/asio/spawn.h"

#include "worker/session.h"
#include "worker/worker.h"

namespace sb::worker {

ExecContext Session::MakeContext(asio::yield_context& yield) {
  types::FormatSettings format;
  format.extra_float_digits = settings_.extra_float_digits();
  format.time_zone = settings_.time_zone();
  format.date_order = settings_.date_order();
  format.now =
      std::chrono::duration_cast<std::chrono::microseconds>(transaction_start_.time_since_epoch())
          .count() -
      946684800LL * 1000000LL;
  ExecContext context{settings_,          transaction_,     *this, yield, user_, database_,
                      transaction_start_, statement_start_, format};
  context.backend_pid = cancel_pid_;
  context.catalog = &worker_.catalog();
  context.ring = &worker_.ring();
  context.indexes = &worker_.indexes();
  return context;
}

void Session::BeginStatement() {
  in_statement_ = true;
  cancel_reason_.clear();
  statement_start_ = std::chrono::system_clock::now();
  // now() is the start of the transaction; outside a block every statement is its own.
  if (!transaction_.in_block()) transaction_start_ = statement_start_;
  int timeout_ms = settings_.statement_timeout_ms();
  if (timeout_ms > 0) {
    statement_timer_.expires_after(std::chrono::milliseconds(timeout_ms));
    statement_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      if (ec) return;
      if (auto self = weak.lock()) self->Cancel("canceling statement due to statement timeout");
    });
  }
}

void Session::EndStatement() {
  in_statement_ = false;
  statement_timer_.cancel();
  // BEGIN inside the statement moved the transaction start; keep it for the block.
}

void Session::DeallocateStatement(const std::string& name) {
  if (statements_.erase(name) == 0) {
    ThrowSqlError(SqlState::kInvalidSqlStatementName, "prepared statement \"{}\" does not exist",
                  name);
  }
}

void Session::DeallocateAll() {
  // DEALLOCATE ALL drops named statements; the unnamed one belongs to the protocol.
  for (auto it = statements_.begin(); it != statements_.end();) {
    it = it->first.empty() ? std::next(it) : statements_.erase(it);
  }
  query_cache_.Clear();  // DISCARD ALL drops cached plans too
}

void Session::DiscardPlans() {
  // Prepared statements stay: their plans are checked against the tables at every Bind anyway.
  query_cache_.Clear();
}

void Session::Notice(const SqlError& notice) {
  SendNotice(notice);
}

void Session::Sleep(std::chrono::microseconds duration, asio::yield_context& yield) {
  CheckForInterrupts();
  sleep_timer_.expires_after(duration);
  boost::system::error_code ec;
  sleep_timer_.async_wait(yield[ec]);
  CheckForInterrupts();
}

void Session::CheckForInterrupts() {
  if (cancel_reason_.empty()) return;
  std::string reason = std::move(cancel_reason_);
  cancel_reason_.clear();
  throw SqlError(SqlState::kQueryCanceled, reason);
}

}  // namespace sb::worker
