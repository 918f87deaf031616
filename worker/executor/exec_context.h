// What the executor sees of the session it runs for: settings, transaction state, parameters,
// the clock of the statement and the session's hooks for waiting, interrupts and notices.
//
// Created by the Session for each statement (Parse/Bind analysis or Execute) on the worker's
// event-loop thread; never outlives the statement. The executor must call CheckForInterrupts()
// in long loops, and wait only through hooks.Sleep() (which yields to other sessions).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "shared/asio/spawn.h"
#include "shared/errors/sql_error.h"
#include "shared/types/pg_type.h"
#include "shared/types/text_io.h"
#include "shared/types/value.h"
#include "sqlpeg/ast/statement.h"
#include "worker/catalog.h"

namespace sb::index {
class IndexReader;
}

namespace sb::worker {

class Catalog;
class RingCaller;
class SessionSettings;
class TransactionState;

// One result column as RowDescription describes it.
struct ColumnDesc {
  std::string name;
  types::Oid type = types::kText;
  int32_t typmod = -1;
  uint32_t table_oid = 0;
  int16_t attnum = 0;
};

// Session services the executor may call back into.
class SessionHooks {
 public:
  virtual ~SessionHooks() = default;
  virtual void DeallocateStatement(const std::string& name) = 0;  // 26000 if unknown
  virtual void DeallocateAll() = 0;
  // DISCARD PLANS: cached plans go; prepared statements stay and are planned again.
  virtual void DiscardPlans() = 0;
  virtual void Notice(const SqlError& notice) = 0;  // NoticeResponse / WARNING
  // Waits without blocking other sessions; throws 57014 when cancelled meanwhile.
  virtual void Sleep(std::chrono::microseconds duration, asio::yield_context& yield) = 0;
  // Throws 57014 if a cancel or statement timeout is pending.
  virtual void CheckForInterrupts() = 0;
};

struct ExecContext {
  SessionSettings& settings;
  TransactionState& transaction;
  SessionHooks& hooks;
  asio::yield_context& yield;
  const std::string& user;
  const std::string& database;
  std::chrono::system_clock::time_point transaction_start;
  std::chrono::system_clock::time_point statement_start;
  types::FormatSettings format;
  int32_t backend_pid = 0;     // what BackendKeyData told the client (pg_backend_pid())
  Catalog* catalog = nullptr;  // the worker's schema cache (tables of `database`)
  RingCaller* ring = nullptr;  // requests to the coordinator (every write goes there)
  const index::IndexReader* indexes = nullptr;        // the shared-memory indexes (may be null)
  const std::vector<types::Value>* params = nullptr;  // bound parameters ($1 = [0])
};

// Produces result rows one at a time, so a portal can stop after max_rows and resume.
class RowSource {
 public:
  virtual ~RowSource() = default;
  // Fills `row` and returns true, or returns false at the end.
  virtual bool Next(std::vector<types::Value>& row, ExecContext& context) = 0;
};

class Plan;  // executor-private

// A statement analysed for execution: what Parse (or a simple Query) produces and Bind uses.
// Immutable once built; shared by the portals made from it.
struct PreparedStatement {
  std::shared_ptr<const std::string> sql;  // the text AST locations point into
  std::vector<types::Oid> param_types;     // resolved; size = number of $n
  std::vector<ColumnDesc> columns;         // empty when the statement returns no rows
  bool returns_rows = false;
  bool empty_query = false;  // Parse of an empty string: Execute answers EmptyQueryResponse
  std::shared_ptr<const Plan> plan;
  // The tables the plan was made against (Catalog versions): a plan is reused only while each
  // is still that version, else it is made again from `sql`.
  std::vector<TableDependency> dependencies;
};

// The outcome of executing a statement: rows to stream (may be null) and the command tag.
// For row-returning statements whose tag counts rows ("SELECT n") the session fills n.
struct ExecResult {
  std::unique_ptr<RowSource> rows;
  std::string tag;  // e.g. "SET", "BEGIN", "INSERT 0 1"; "SELECT" gets " n" appended
  bool tag_counts_rows = false;
};

}  // namespace sb::worker
