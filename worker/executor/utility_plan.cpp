#include "worker/executor/utility_plan.h"

#include <functional>

#include "shared/types/text_io.h"
#include "sqlpeg/ast_print.h"
#include "worker/executor/row_sources.h"
#include "worker/session_settings.h"
#include "worker/transaction_state.h"

namespace sb::worker {
namespace {

ExecResult Done(std::string tag) {
  ExecResult result;
  result.tag = std::move(tag);
  return result;
}

class TransactionPlan : public Plan {
 public:
  explicit TransactionPlan(sql::TransactionStmt statement, bool is_start)
      : statement_(std::move(statement)), is_start_(is_start) {}

  bool IsTransactionExit() const override {
    using K = sql::TransactionStmt::Kind;
    return statement_.kind == K::kCommit || statement_.kind == K::kRollback ||
           statement_.kind == K::kRollbackTo;
  }

  ExecResult Execute(ExecContext& context) const override {
    using K = sql::TransactionStmt::Kind;
    TransactionState& transaction = context.transaction;
    SessionSettings& settings = context.settings;
    switch (statement_.kind) {
      case K::kBegin: {
        if (transaction.in_block()) {
          context.hooks.Notice(SqlError(SqlState::kActiveSqlTransaction,
                                        "there is already a transaction in progress")
                                   .WithSeverity(Severity::kWarning));
        } else {
          transaction.Begin();
          settings.BeginTransaction();
        }
        if (!statement_.isolation_level.empty()) {
          settings.Set("transaction_isolation", statement_.isolation_level, true, true);
        }
        if (statement_.read_only) settings.Set("transaction_read_only", "on", true, true);
        return Done(is_start_ ? "START TRANSACTION" : "BEGIN");
      }
      case K::kCommit: {
        if (!transaction.in_block()) {
          context.hooks.Notice(
              SqlError(SqlState::kNoActiveSqlTransaction, "there is no transaction in progress")
                  .WithSeverity(Severity::kWarning));
          return Done("COMMIT");
        }
        // COMMIT of a failed transaction rolls it back, and says so in its tag.
        bool failed = transaction.status() == TransactionState::Status::kFailed;
        if (failed) WarnIfWritesStay(context);
        transaction.End();
        settings.EndTransaction(!failed);
        return Done(failed ? "ROLLBACK" : "COMMIT");
      }
      case K::kRollback: {
        if (!transaction.in_block()) {
          context.hooks.Notice(
              SqlError(SqlState::kNoActiveSqlTransaction, "there is no transaction in progress")
                  .WithSeverity(Severity::kWarning));
          return Done("ROLLBACK");
        }
        WarnIfWritesStay(context);
        transaction.End();
        settings.EndTransaction(false);
        return Done("ROLLBACK");
      }
      case K::kSavepoint:
        RequireBlock(transaction, "SAVEPOINT");
        transaction.AddSavepoint(statement_.savepoint);
        settings.Savepoint(statement_.savepoint);
        return Done("SAVEPOINT");
      case K::kRelease:
        RequireBlock(transaction, "RELEASE SAVEPOINT");
        if (!transaction.Release(statement_.savepoint)) NoSuchSavepoint();
        settings.ReleaseSavepoint(statement_.savepoint);
        return Done("RELEASE");
      case K::kRollbackTo:
        RequireBlock(transaction, "ROLLBACK TO SAVEPOINT");
        WarnIfWritesStay(context);
        if (!transaction.RollbackTo(statement_.savepoint)) NoSuchSavepoint();
        settings.RollbackToSavepoint(statement_.savepoint);
        return Done("ROLLBACK");
      default:
        throw SqlError(SqlState::kFeatureNotSupported, "prepared transactions are not supported");
    }
  }

 private:
  // Writes are applied when they run, not at COMMIT, until transactions journal them
  // (DESIGN §6): say so rather than pretend a rollback undid them.
  static void WarnIfWritesStay(ExecContext& context) {
    if (!context.transaction.wrote()) return;
    context.hooks.Notice(SqlError(SqlState::kFeatureNotSupported,
                                  "writes made in this transaction were applied when they ran and "
                                  "are not undone: transactions are not implemented yet")
                             .WithSeverity(Severity::kWarning));
  }

  static void RequireBlock(const TransactionState& transaction, std::string_view what) {
    if (!transaction.in_block()) {
      ThrowSqlError(SqlState::kNoActiveSqlTransaction, "{} can only be used in transaction blocks",
                    what);
    }
  }
  [[noreturn]] void NoSuchSavepoint() const {
    ThrowSqlError(SqlState::kInvalidSavepointSpecification, "savepoint \"{}\" does not exist",
                  statement_.savepoint);
  }

  sql::TransactionStmt statement_;
  bool is_start_;
};

// The text of a SET value as the setting sees it.
std::string SetValueText(const sql::Expr& expr, Binder& binder) {
  if (const auto* literal = std::get_if<sql::Literal>(&expr.node)) return literal->text;
  if (const auto* unary = std::get_if<sql::UnaryOp>(&expr.node);
      unary && unary->op == "-" && std::holds_alternative<sql::Literal>(unary->operand->node)) {
    return "-" + std::get<sql::Literal>(unary->operand->node).text;
  }
  if (const auto* column = std::get_if<sql::ColumnRef>(&expr.node);
      column && column->names.size() == 1) {
    return column->names[0];
  }
  throw binder.ErrorAt(SqlState::kSyntaxError, "invalid value for a SET parameter", expr.location);
}

class SetPlan : public Plan {
 public:
  SetPlan(sql::SetStmt statement, std::string value)
      : statement_(std::move(statement)), value_(std::move(value)) {}

  ExecResult Execute(ExecContext& context) const override {
    using K = sql::SetStmt::Kind;
    SessionSettings& settings = context.settings;
    const bool in_block = context.transaction.in_block();
    if (statement_.local && !in_block) {
      context.hooks.Notice(SqlError(SqlState::kNoActiveSqlTransaction,
                                    "SET LOCAL can only be used in transaction blocks")
                               .WithSeverity(Severity::kWarning));
    }
    switch (statement_.kind) {
      case K::kValue:
        settings.Set(statement_.name, value_, statement_.local, in_block);
        return Done("SET");
      case K::kDefault:
        settings.Reset(statement_.name, statement_.local, in_block);
        return Done("SET");
      case K::kReset:
        settings.Reset(statement_.name, false, in_block);
        return Done("RESET");
      case K::kResetAll:
        settings.ResetAll(in_block);
        return Done("RESET");
      case K::kTransaction: {
        const bool session = statement_.name == "session_characteristics";
        if (!session && !in_block) {
          context.hooks.Notice(SqlError(SqlState::kNoActiveSqlTransaction,
                                        "SET TRANSACTION can only be used in transaction blocks")
                                   .WithSeverity(Severity::kWarning));
          return Done("SET");
        }
        if (!statement_.isolation_level.empty()) {
          settings.Set(session ? "default_transaction_isolation" : "transaction_isolation",
                       statement_.isolation_level, !session, in_block);
        }
        if (statement_.read_only || statement_.read_write) {
          settings.Set(session ? "default_transaction_read_only" : "transaction_read_only",
                       statement_.read_only ? "on" : "off", !session, in_block);
        }
        return Done("SET");
      }
    }
    return Done("SET");
  }

 private:
  sql::SetStmt statement_;
  std::string value_;
};

class ShowPlan : public Plan {
 public:
  explicit ShowPlan(std::string name) : name_(std::move(name)) {}
  ExecResult Execute(ExecContext& context) const override {
    std::vector<std::vector<types::Value>> rows;
    if (name_ == "all") {
      for (const auto& row : context.settings.All()) {
        rows.push_back({types::Value::Text(row.name), types::Value::Text(row.setting),
                        types::Value::Text(row.description)});
      }
    } else {
      rows.push_back({types::Value::Text(context.settings.Get(name_))});
    }
    ExecResult result;
    result.rows = std::make_unique<VectorRowSource>(std::move(rows));
    result.tag = "SHOW";
    return result;
  }

 private:
  std::string name_;
};

// Statements whose whole effect is their tag (and maybe a session hook).
class SimplePlan : public Plan {
 public:
  using Action = std::function<std::string(ExecContext&)>;
  explicit SimplePlan(Action action) : action_(std::move(action)) {}
  ExecResult Execute(ExecContext& context) const override { return Done(action_(context)); }

 private:
  Action action_;
};

}  // namespace

std::shared_ptr<const Plan> PlanUtility(sql::Statement& statement, Binder& binder,
                                        PreparedStatement& prepared) {
  if (auto* transaction = std::get_if<sql::TransactionStmt>(&statement.node)) {
    bool is_start = false;
    // START TRANSACTION answers with its own tag; the parser folds it into kBegin.
    const std::string& sql = *prepared.sql;
    if (statement.location >= 0 && static_cast<size_t>(statement.location) + 5 <= sql.size()) {
      std::string head = sql.substr(static_cast<size_t>(statement.location), 5);
      for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      is_start = head == "start";
    }
    return std::make_shared<TransactionPlan>(std::move(*transaction), is_start);
  }
  if (auto* set = std::get_if<sql::SetStmt>(&statement.node)) {
    std::string value;
    // search_path is a list of schema names: each is shown as an identifier, quoted where it
    // needs quotes ("$user", "MixedCase"), as PostgreSQL's GUC_LIST_QUOTE does.
    const bool identifier_list = set->name == "search_path";
    for (const auto& expr : set->values) {
      if (!value.empty()) value += ", ";
      std::string item = SetValueText(*expr, binder);
      value += identifier_list ? sql::QuoteIdentifier(item) : item;
    }
    if (set->kind == sql::SetStmt::Kind::kValue && set->values.empty()) {
      throw binder.ErrorAt(SqlState::kSyntaxError, "SET requires a value", statement.location);
    }
    return std::make_shared<SetPlan>(std::move(*set), std::move(value));
  }
  if (auto* show = std::get_if<sql::ShowStmt>(&statement.node)) {
    if (show->name == "all") {
      prepared.columns = {{"name"}, {"setting"}, {"description"}};
    } else {
      // Fails early (at Parse) for unknown names, as PostgreSQL does.
      binder.context().settings.Get(show->name);
      prepared.columns = {{binder.context().settings.DisplayName(show->name)}};
    }
    prepared.returns_rows = true;
    return std::make_shared<ShowPlan>(show->name);
  }
  if (auto* discard = std::get_if<sql::DiscardStmt>(&statement.node)) {
    std::string what = discard->what;
    return std::make_shared<SimplePlan>([what](ExecContext& context) {
      if (what == "all") {
        if (context.transaction.in_block()) {
          throw SqlError(SqlState::kActiveSqlTransaction,
                         "DISCARD ALL cannot run inside a transaction block");
        }
        context.hooks.DeallocateAll();
        context.settings.ResetAll(false);
      } else if (what == "plans") {
        context.hooks.DiscardPlans();
      }
      std::string tag = "DISCARD " + what;
      for (char& c : tag) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return tag;
    });
  }
  if (auto* deallocate = std::get_if<sql::DeallocateStmt>(&statement.node)) {
    std::string name = deallocate->name;
    bool all = deallocate->all;
    return std::make_shared<SimplePlan>([name, all](ExecContext& context) {
      if (all) {
        context.hooks.DeallocateAll();
        return std::string("DEALLOCATE ALL");
      }
      context.hooks.DeallocateStatement(name);
      return std::string("DEALLOCATE");
    });
  }
  // LISTEN/NOTIFY are accepted so that clients that use them keep working; no notifications
  // are delivered yet.
  if (std::holds_alternative<sql::ListenStmt>(statement.node)) {
    return std::make_shared<SimplePlan>([](ExecContext&) { return std::string("LISTEN"); });
  }
  if (std::holds_alternative<sql::UnlistenStmt>(statement.node)) {
    return std::make_shared<SimplePlan>([](ExecContext&) { return std::string("UNLISTEN"); });
  }
  if (std::holds_alternative<sql::NotifyStmt>(statement.node)) {
    return std::make_shared<SimplePlan>([](ExecContext&) { return std::string("NOTIFY"); });
  }
  if (std::holds_alternative<sql::VacuumStmt>(statement.node)) {
    return std::make_shared<SimplePlan>([](ExecContext&) { return std::string("VACUUM"); });
  }
  if (std::holds_alternative<sql::AnalyzeStmt>(statement.node)) {
    return std::make_shared<SimplePlan>([](ExecContext&) { return std::string("ANALYZE"); });
  }
  return nullptr;
}

}  // namespace sb::worker
