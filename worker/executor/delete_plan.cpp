#include "worker/executor/delete_plan.h"

#include "shared/ipc/ring_requests.h"
#include "worker/executor/eval.h"
#include "worker/executor/insert_plan.h"
#include "worker/executor/row_sources.h"
#include "worker/executor/select_table_scope.h"
#include "worker/transaction_state.h"

namespace sb::worker {
namespace {

class DeletePlan : public Plan {
 public:
  WriteTarget target;
  std::vector<BoundPtr> returning;

  ExecResult Execute(ExecContext& context) const override {
    WarnIfSchemaBroken(target.read->table, context);
    context.transaction.MarkWrite();
    for (int attempt = 0; attempt < kMaxWriteAttempts; ++attempt) {
      context.hooks.CheckForInterrupts();
      std::vector<VersionedRow> rows = ReadTargetRows(target, context);
      if (!rows.empty()) {
        std::string payload = context.database;
        payload += '\0';
        payload += target.read->table;
        for (const VersionedRow& row : rows) {
          payload += '\0';
          payload += row.stem;
          payload += '\0';
          payload += row.version;
        }
        ipc::Reply reply = context.ring->Call(static_cast<uint32_t>(ipc::RingRequest::kDelete),
                                              std::move(payload), context.yield);
        if (IsConflict(reply)) continue;
        RaiseIfFailed(reply);
      }
      ExecResult result;
      result.tag = fmt::format("DELETE {}", rows.size());
      if (!returning.empty()) {
        // The rows as they were: the coordinator removed exactly the versions read.
        std::vector<std::vector<types::Value>> out;
        for (const VersionedRow& row : rows) {
          EvalContext row_eval{context, &row.values};
          std::vector<types::Value> projected;
          for (const auto& expr : returning) projected.push_back(Eval(*expr, row_eval));
          out.push_back(std::move(projected));
        }
        result.rows = std::make_unique<VectorRowSource>(std::move(out));
      }
      return result;
    }
    throw SqlError(SqlState::kSerializationFailure,
                   "could not serialize access due to concurrent delete");
  }
};

}  // namespace

bool IsConflict(const ipc::Reply& reply) {
  return reply.kind == static_cast<uint32_t>(ipc::RingStatus::kConflict);
}

TableRef ResolveWriteTable(const std::vector<std::string>& name, Binder& binder, int location) {
  ExecContext& context = binder.context();
  if (name.empty()) throw binder.ErrorAt(SqlState::kSyntaxError, "missing table name", location);
  if (name.size() > 2 || (name.size() == 2 && name[0] != "public")) {
    throw binder.ErrorAt(SqlState::kInvalidSchemaName,
                         fmt::format("schema \"{}\" does not exist", name[name.size() - 2]),
                         location);
  }
  std::optional<TableRef> ref;
  if (context.catalog != nullptr) ref = context.catalog->FindTable(context.database, name.back());
  if (!ref) {
    throw binder.ErrorAt(SqlState::kUndefinedTable,
                         fmt::format("relation \"{}\" does not exist", name.back()), location);
  }
  return *ref;
}

WriteTarget MakeWriteTarget(const TableRef& ref, BoundPtr where) {
  WriteTarget target;
  auto read = std::make_shared<TableReadSpec>();
  read->schema = ref.schema;
  read->table = ref.schema->name;
  read->key_positions = ref.schema->PrimaryKeyColumns();
  read->key_columns = ref.schema->KeyColumns();
  target.read = std::move(read);
  target.where = std::move(where);
  target.key = FindKeyLookup(target.where.get(), *ref.schema);
  return target;
}

std::vector<VersionedRow> ReadTargetRows(const WriteTarget& target, ExecContext& context) {
  const storage::TableSchema& planned = *target.read->schema;
  if (context.catalog == nullptr) {
    throw SqlError(SqlState::kInternalError, "no catalog for a table write");
  }
  std::optional<TableRef> ref = context.catalog->FindTable(context.database, planned.name);
  if (!ref)
    ThrowSqlError(SqlState::kUndefinedTable, "relation \"{}\" does not exist", planned.name);
  if (ref->schema != target.read->schema) {
    // A prepared statement runs after the schema file changed: only safe if nothing it
    // relies on moved. The documents are encoded by the planned schema, so it must be equal.
    const storage::TableSchema& now = *ref->schema;
    bool same = now.columns.size() == planned.columns.size() &&
                now.PrimaryKeyColumns() == planned.PrimaryKeyColumns();
    for (size_t i = 0; same && i < planned.columns.size(); ++i) {
      same = now.columns[i].name == planned.columns[i].name &&
             now.columns[i].type == planned.columns[i].type;
    }
    if (!same) {
      throw SqlError(SqlState::kFeatureNotSupported, "cached plan must not change result type");
    }
  }
  std::vector<DocumentEntry> entries =
      ChooseDocuments(target.key, *target.read, ref->table_dir, context);
  return ReadRowsForWrite(*target.read, ref->table_dir, entries, target.where.get(), context);
}

std::shared_ptr<const Plan> PlanDelete(const sql::DeleteStmt& statement, Binder& binder,
                                       PreparedStatement& prepared, int location) {
  if (!statement.with.empty()) {
    throw binder.ErrorAt(SqlState::kFeatureNotSupported, "WITH in DELETE is not supported yet",
                         location);
  }
  if (!statement.using_items.empty()) {
    throw binder.ErrorAt(SqlState::kFeatureNotSupported, "DELETE ... USING is not supported yet",
                         statement.using_items.front().location);
  }
  TableRef ref = ResolveWriteTable(statement.table, binder, location);
  const storage::TableSchema& schema = *ref.schema;
  std::vector<std::string> names;
  for (const auto& column : schema.columns) names.push_back(column.name);
  SelectTableScope scope(schema, names, binder.context().database, schema.name, statement.alias,
                         binder);
  BoundPtr where;
  if (statement.where) {
    where = binder.CoerceToBool(binder.Bind(*statement.where, &scope), "WHERE");
  }
  auto plan = std::make_shared<DeletePlan>();
  plan->target = MakeWriteTarget(ref, std::move(where));
  plan->returning =
      BindReturning(statement.returning, schema,
                    statement.alias.empty() ? schema.name : statement.alias, binder, prepared)
          .exprs;
  return plan;
}

}  // namespace sb::worker
