// SessionSettings: one connection's run-time parameters (PostgreSQL's GUCs as far as clients
// use them): SET / SET LOCAL / RESET / SHOW, startup-packet parameters, and ParameterStatus.
//
// Owned by one Session; single-threaded. Values are kept in their canonical text form (what SHOW
// prints). Transaction semantics follow PostgreSQL: SET inside a transaction is undone by
// ROLLBACK (and by ROLLBACK TO a savepoint taken before it); SET LOCAL lasts until the end of the
// transaction.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "shared/types/format_settings.h"
#include "shared/types/time_zone.h"

namespace sb::worker {

struct SettingDef;

class SessionSettings {
 public:
  SessionSettings();

  // A parameter from the StartupMessage. Unknown names are refused with 42704, as PostgreSQL
  // does (custom "prefix.name" settings are kept).
  void ApplyStartup(std::string_view name, std::string_view value);

  // The server's configured defaults for statement_timeout and
  // idle_in_transaction_session_timeout (milliseconds); RESET returns to them.
  void ApplyConfigDefaults(int64_t statement_timeout_ms, int64_t idle_in_transaction_ms);

  // SET name = value. Throws SqlError 42704 for an unknown parameter, 22023 for a bad value,
  // 55P02 for a read-only one.
  void Set(std::string_view name, std::string_view value, bool local, bool in_transaction);
  // RESET name / SET name TO DEFAULT.
  void Reset(std::string_view name, bool local, bool in_transaction);
  void ResetAll(bool in_transaction);

  // SHOW name. Throws 42704 for an unknown parameter.
  std::string Get(std::string_view name) const;
  // The canonical display name ("DateStyle") used as SHOW's column name.
  std::string DisplayName(std::string_view name) const;
  // SHOW ALL: (name, setting, description), sorted by name.
  struct Row {
    std::string name, setting, description;
  };
  std::vector<Row> All() const;

  // The parameters sent as ParameterStatus at the end of startup.
  std::vector<std::pair<std::string, std::string>> Reported() const;
  // Reported parameters whose value changed since the last call (ParameterStatus after SET).
  std::vector<std::pair<std::string, std::string>> TakeReportedChanges();

  // Transaction hooks, called by the session's transaction state.
  void BeginTransaction();
  void EndTransaction(bool commit);
  void Savepoint(const std::string& name);
  void RollbackToSavepoint(const std::string& name);
  void ReleaseSavepoint(const std::string& name);

  // Quick typed access for the hot path.
  int extra_float_digits() const { return extra_float_digits_; }
  int statement_timeout_ms() const { return statement_timeout_ms_; }
  // plan_cache_mode is not force_custom_plan: simple queries may reuse a cached plan.
  bool reuse_plans() const { return reuse_plans_; }
  int idle_in_transaction_timeout_ms() const { return idle_in_transaction_timeout_ms_; }
  const types::TimeZone* time_zone() const { return time_zone_; }
  types::DateOrder date_order() const { return date_order_; }

 private:
  using Values = std::map<std::string, std::string, std::less<>>;
  const SettingDef* Find(std::string_view name) const;
  const SettingDef* FindWritable(std::string_view name) const;
  void Store(const std::string& key, std::string value, bool local, bool in_transaction);
  void Refresh();

  Values values_;
  Values session_values_;  // what a transaction restores SET LOCAL values to
  bool in_transaction_ = false;
  Values at_begin_;  // snapshot for ROLLBACK
  struct SavepointValues {
    std::string name;
    Values values, session_values;
  };
  std::vector<SavepointValues> savepoints_;
  std::map<std::string, std::string> last_reported_;
  int extra_float_digits_ = 1;
  int statement_timeout_ms_ = 0;
  bool reuse_plans_ = true;
  int idle_in_transaction_timeout_ms_ = 0;
  const types::TimeZone* time_zone_ = nullptr;
  types::DateOrder date_order_ = types::DateOrder::kMdy;
  std::map<std::string, std::string, std::less<>> defaults_;  // RESET values that differ
};

// "5s", "100ms", "1min", "2000" (milliseconds) → milliseconds; throws 22023 on garbage.
int ParseDurationMs(std::string_view name, std::string_view text);

}  // namespace sb::worker
