// Session: one client connection inside a worker, from the startup packet to Terminate.
//
// Runs as a stackful coroutine on the worker's single event loop: every wait (socket, pg_sleep,
// a reply from the coordinator) yields to the other sessions of the worker. The protocol is
// handled by phase, after pgbouncer's client.c: startup (SSL/GSS refusal, CancelRequest,
// StartupMessage, authentication), then the query phase with one handler per message type
// (simple Query; extended Parse/Bind/Describe/Execute/Close/Sync/Flush). After an error in
// extended mode, messages are skipped until Sync.
//
// Owned by the Worker (shared_ptr, kept alive by its own coroutine); single-threaded.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "shared/asio/spawn.h"
#include "shared/errors/sql_error.h"
#include "shared/wire/framer.h"
#include "sqlpeg/literal_lifter.h"
#include "worker/executor/exec_context.h"
#include "worker/handoff.h"
#include "worker/portal.h"
#include "worker/query_plan_cache.h"
#include "worker/session_settings.h"
#include "worker/transaction_state.h"

namespace sb::worker {

class Worker;

class Session : public std::enable_shared_from_this<Session>, private SessionHooks {
 public:
  Session(Worker& worker, int fd, uint32_t slot, bool reject_too_many);
  ~Session();

  void Start();
  // A CancelRequest named this session (SIGUSR1 + session-table flag).
  void Cancel(std::string reason);
  // The worker is shutting down: finish the running statement, then close with 57P01.
  void Terminate();
  uint32_t slot() const { return slot_; }

 private:
  class ConnectionClosed {};  // thrown to unwind when the client is gone
  // Output above this is sent before more rows are produced, so big results stream.
  static constexpr size_t kFlushThreshold = 64 * 1024;

  void Run(asio::yield_context yield);

  // --- I/O (session_io.cpp)
  wire::Frame ReadFrame(asio::yield_context& yield);
  void ArmIdleTimer();
  void Flush(asio::yield_context& yield);
  void SendError(const SqlError& error);
  void SendNotice(const SqlError& notice);
  void SendFatalAndClose(const SqlError& error, asio::yield_context& yield);

  // --- startup phase (session_startup.cpp); false = connection is done
  bool StartupPhase(asio::yield_context& yield);
  void Authenticate(asio::yield_context& yield);
  void AuthenticateScram(asio::yield_context& yield);
  void AuthenticateMd5(asio::yield_context& yield);
  void AuthenticateCleartext(asio::yield_context& yield);
  void SendStartupResponses();

  // --- query phase (session_query.cpp, session_extended.cpp)
  void QueryPhase(asio::yield_context& yield);
  void HandleQuery(std::string_view body, asio::yield_context& yield);
  void HandleParse(std::string_view body, asio::yield_context& yield);
  void HandleBind(std::string_view body, asio::yield_context& yield);
  // Plans a prepared statement again when a table it was planned against changed, as
  // PostgreSQL does; 0A000 when its result columns would change.
  void Revalidate(std::shared_ptr<PreparedStatement>& statement, asio::yield_context& yield);
  void HandleDescribe(std::string_view body);
  void HandleExecute(std::string_view body, asio::yield_context& yield);
  void HandleClose(std::string_view body);
  void HandleSync();
  // Runs a portal, sending at most max_rows rows (0 = all); PortalSuspended if more remain.
  void RunPortal(Portal& portal, int64_t max_rows, asio::yield_context& yield);
  // A statement of a simple Query: RowDescription in text format, then all its rows.
  void RunSimplePortal(Portal& portal, asio::yield_context& yield);
  void SendRowDescription(const PreparedStatement& statement,
                          const std::vector<int16_t>* result_formats);
  void SendReadyForQuery();
  void SendParameterChanges();
  void OnStatementError(const SqlError& error);
  // Reports a statement's failure (an exception that is no SqlError is an internal error,
  // logged); rethrows a FATAL one.
  void FailStatement(const std::exception& caught);
  // --- the simple Query plan cache (session_cached_query.cpp)
  // Runs the statement with a cached plan and sends ReadyForQuery; false (nothing sent) when
  // there is no current plan for this shape.
  bool RunCachedQuery(const std::string& key, const sql::LiftedQuery& lifted,
                      asio::yield_context& yield);
  // Plans the lifted statement and caches the plan if it means what `literal_version` means.
  void RememberQueryPlan(const std::string& key, const sql::LiftedQuery& lifted, bool may_lift,
                         const PreparedStatement& literal_version, ExecContext& context);

  // --- statement execution (session_execute.cpp)
  ExecContext MakeContext(asio::yield_context& yield);
  void BeginStatement();
  void EndStatement();

  // SessionHooks
  void DeallocateStatement(const std::string& name) override;
  void DeallocateAll() override;
  void DiscardPlans() override;
  void Notice(const SqlError& notice) override;
  void Sleep(std::chrono::microseconds duration, asio::yield_context& yield) override;
  void CheckForInterrupts() override;

  Worker& worker_;
  asio::posix::stream_descriptor socket_;
  uint32_t slot_;
  bool reject_too_many_;
  wire::Framer framer_;
  std::string out_;
  bool closing_ = false;
  bool terminate_requested_ = false;
  bool in_statement_ = false;
  bool reading_ = false;
  std::string cancel_reason_;  // non-empty: the running statement must stop
  asio::steady_timer sleep_timer_;
  asio::steady_timer statement_timer_;
  asio::steady_timer idle_timer_;
  bool idle_timed_out_ = false;

  // Startup results.
  std::string user_;
  std::string database_;
  int32_t cancel_pid_ = 0;
  int32_t cancel_secret_ = 0;

  SessionSettings settings_;
  TransactionState transaction_;
  std::map<std::string, std::shared_ptr<PreparedStatement>, std::less<>> statements_;
  std::map<std::string, std::unique_ptr<Portal>, std::less<>> portals_;
  QueryPlanCache query_cache_;
  bool ignore_till_sync_ = false;
  std::chrono::system_clock::time_point transaction_start_;
  std::chrono::system_clock::time_point statement_start_;
};

}  // namespace sb::worker
