#include "worker/executor/executor.h"

#include "worker/executor/binder.h"
#include "worker/executor/database_plan.h"
#include "worker/executor/ddl_plan.h"
#include "worker/executor/delete_plan.h"
#include "worker/executor/index_ddl_plan.h"
#include "worker/executor/insert_plan.h"
#include "worker/executor/plan.h"
#include "worker/executor/select_plan.h"
#include "worker/executor/truncate_plan.h"
#include "worker/executor/update_plan.h"
#include "worker/executor/utility_plan.h"
#include "worker/transaction_state.h"

namespace sb::worker {
namespace {

// The name of a statement kind for "not supported yet" errors.
std::string_view StatementName(const sql::Statement& statement) {
  return std::visit(
      [](const auto& node) -> std::string_view {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, sql::InsertStmt>) return "INSERT";
        if constexpr (std::is_same_v<T, sql::UpdateStmt>) return "UPDATE";
        if constexpr (std::is_same_v<T, sql::DeleteStmt>) return "DELETE";
        if constexpr (std::is_same_v<T, sql::CreateTableStmt>) return "CREATE TABLE";
        if constexpr (std::is_same_v<T, sql::DropStmt>) return "DROP";
        if constexpr (std::is_same_v<T, sql::CreateIndexStmt>) return "CREATE INDEX";
        if constexpr (std::is_same_v<T, sql::AlterTableStmt>) return "ALTER TABLE";
        if constexpr (std::is_same_v<T, sql::TruncateStmt>) return "TRUNCATE";
        if constexpr (std::is_same_v<T, sql::CreateDatabaseStmt>) return "CREATE DATABASE";
        if constexpr (std::is_same_v<T, sql::CreateSchemaStmt>) return "CREATE SCHEMA";
        if constexpr (std::is_same_v<T, sql::CommentStmt>) return "COMMENT";
        if constexpr (std::is_same_v<T, sql::CreateSequenceStmt>) return "CREATE SEQUENCE";
        if constexpr (std::is_same_v<T, sql::PrepareStmt>) return "PREPARE";
        if constexpr (std::is_same_v<T, sql::ExecuteStmt>) return "EXECUTE";
        if constexpr (std::is_same_v<T, sql::ExplainStmt>) return "EXPLAIN";
        return "this statement";
      },
      statement.node);
}

}  // namespace

std::shared_ptr<PreparedStatement> PrepareStatement(std::shared_ptr<const std::string> sql,
                                                    sql::Statement statement,
                                                    const std::vector<types::Oid>& param_hints,
                                                    ExecContext& context) {
  auto prepared = std::make_shared<PreparedStatement>();
  prepared->sql = sql;
  // Every table the planners look up is what the plan depends on.
  struct Recording {
    Catalog* catalog;
    std::vector<TableDependency>* previous;
    ~Recording() {
      if (catalog != nullptr) catalog->RecordLookups(previous);
    }
  } recording{context.catalog, context.catalog ? context.catalog->recording() : nullptr};
  if (context.catalog != nullptr) context.catalog->RecordLookups(&prepared->dependencies);
  std::vector<types::Oid> param_types(param_hints.begin(), param_hints.end());
  Binder binder(context, *sql, param_types);

  std::shared_ptr<const Plan> plan = PlanUtility(statement, binder, *prepared);
  if (!plan) plan = PlanDatabase(statement, binder, *prepared);
  if (!plan) plan = PlanDdl(statement, binder, *prepared);
  if (!plan) plan = PlanIndexDdl(statement, binder, *prepared);
  if (!plan) {
    if (context.transaction.status() == TransactionState::Status::kFailed) {
      throw SqlError(SqlState::kInFailedSqlTransaction,
                     "current transaction is aborted, commands ignored until end of transaction "
                     "block");
    }
    if (const auto* select = std::get_if<sql::SelectStmt>(&statement.node)) {
      plan = PlanSelect(*select, binder, *prepared);
    } else if (const auto* insert = std::get_if<sql::InsertStmt>(&statement.node)) {
      plan = PlanInsert(*insert, binder, *prepared, statement.location);
    } else if (const auto* update = std::get_if<sql::UpdateStmt>(&statement.node)) {
      plan = PlanUpdate(*update, binder, *prepared, statement.location);
    } else if (const auto* del = std::get_if<sql::DeleteStmt>(&statement.node)) {
      plan = PlanDelete(*del, binder, *prepared, statement.location);
    } else if (const auto* truncate = std::get_if<sql::TruncateStmt>(&statement.node)) {
      plan = PlanTruncate(*truncate, binder, statement.location);
    } else {
      throw binder.ErrorAt(SqlState::kFeatureNotSupported,
                           fmt::format("{} is not supported yet", StatementName(statement)),
                           statement.location);
    }
  } else if (context.transaction.status() == TransactionState::Status::kFailed &&
             !plan->IsTransactionExit()) {
    throw SqlError(SqlState::kInFailedSqlTransaction,
                   "current transaction is aborted, commands ignored until end of transaction "
                   "block");
  }
  // Parameters nothing gave a type to are text, as in PostgreSQL.
  for (types::Oid& type : param_types) {
    if (type == types::kUnknown || type == 0) type = types::kText;
  }
  prepared->param_types = std::move(param_types);
  prepared->plan = std::move(plan);
  return prepared;
}

ExecResult ExecuteStatement(const PreparedStatement& statement, ExecContext& context) {
  if (context.transaction.status() == TransactionState::Status::kFailed &&
      !statement.plan->IsTransactionExit()) {
    throw SqlError(SqlState::kInFailedSqlTransaction,
                   "current transaction is aborted, commands ignored until end of transaction "
                   "block");
  }
  return statement.plan->Execute(context);
}

bool IsTransactionExit(const PreparedStatement& statement) {
  return statement.plan && statement.plan->IsTransactionExit();
}

}  // namespace sb::worker
