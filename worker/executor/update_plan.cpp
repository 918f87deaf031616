#include "worker/executor/update_plan.h"

#include "shared/ipc/ring_requests.h"
#include "shared/storage/document_codec.h"
#include "worker/executor/column_defaults.h"
#include "worker/executor/delete_plan.h"
#include "worker/executor/eval.h"
#include "worker/executor/insert_plan.h"
#include "worker/executor/row_sources.h"
#include "worker/executor/select_table_scope.h"
#include "worker/transaction_state.h"

namespace sb::worker {
namespace {

class UpdatePlan : public Plan {
 public:
  WriteTarget target;
  // set[c]: the new value of schema column c, over the old row; nullptr = unchanged.
  std::vector<BoundPtr> set;
  std::vector<BoundPtr> returning;

  ExecResult Execute(ExecContext& context) const override {
    const storage::TableSchema& schema = *target.read->schema;
    WarnIfSchemaBroken(target.read->table, context);
    context.transaction.MarkWrite();
    for (int attempt = 0; attempt < kMaxWriteAttempts; ++attempt) {
      context.hooks.CheckForInterrupts();
      std::vector<VersionedRow> rows = ReadTargetRows(target, context);
      ExecResult result;
      result.tag = fmt::format("UPDATE {}", rows.size());
      std::string docs;
      if (!rows.empty()) {
        std::string payload = context.database;
        payload += '\0';
        payload += target.read->table;
        for (const VersionedRow& row : rows) {
          EvalContext eval{context, &row.values};
          std::vector<types::Value> values = row.values;
          for (size_t c = 0; c < set.size() && c < values.size(); ++c) {
            if (set[c]) values[c] = Eval(*set[c], eval);
          }
          payload += '\0';
          payload += row.stem;
          payload += '\0';
          payload += row.version;
          payload += '\0';
          payload += storage::EncodeDocument(schema, values, {}, storage::JsonStyle::kCompact);
        }
        ipc::Reply reply = context.ring->Call(static_cast<uint32_t>(ipc::RingRequest::kUpdate),
                                              std::move(payload), context.yield);
        if (IsConflict(reply)) continue;
        RaiseIfFailed(reply);
        docs = std::move(reply.payload);
      }
      if (!returning.empty()) result.rows = ReturningRows(schema, docs, returning, context);
      return result;
    }
    throw SqlError(SqlState::kSerializationFailure,
                   "could not serialize access due to concurrent update");
  }
};

}  // namespace

std::shared_ptr<const Plan> PlanUpdate(const sql::UpdateStmt& statement, Binder& binder,
                                       PreparedStatement& prepared, int location) {
  if (!statement.with.empty()) {
    throw binder.ErrorAt(SqlState::kFeatureNotSupported, "WITH in UPDATE is not supported yet",
                         location);
  }
  if (!statement.from.empty()) {
    throw binder.ErrorAt(SqlState::kFeatureNotSupported, "UPDATE ... FROM is not supported yet",
                         statement.from.front().location);
  }
  ExecContext& context = binder.context();
  TableRef ref = ResolveWriteTable(statement.table, binder, location);
  const storage::TableSchema& schema = *ref.schema;
  std::vector<std::string> names;
  for (const auto& column : schema.columns) names.push_back(column.name);
  SelectTableScope scope(schema, names, context.database, schema.name, statement.alias, binder);

  auto plan = std::make_shared<UpdatePlan>();
  plan->set.resize(schema.columns.size());
  std::vector<bool> assigned(schema.columns.size(), false);
  for (const sql::SetClause& clause : statement.set) {
    const int index = schema.ColumnIndex(clause.column);
    if (index < 0) {
      throw binder.ErrorAt(SqlState::kUndefinedColumn,
                           fmt::format("column \"{}\" of relation \"{}\" does not exist",
                                       clause.column, schema.name),
                           clause.location);
    }
    const size_t c = static_cast<size_t>(index);
    const storage::ColumnSchema& column = schema.columns[c];
    if (assigned[c]) {
      throw binder.ErrorAt(SqlState::kSyntaxError,
                           fmt::format("multiple assignments to same column \"{}\"", column.name),
                           clause.location);
    }
    assigned[c] = true;
    if (std::holds_alternative<sql::DefaultMarker>(clause.value->node)) {
      if (FillsFromSequence(column)) {
        // The next value belongs to the coordinator's sequence; kUpdate does not carry masks.
        throw binder.ErrorAt(
            SqlState::kFeatureNotSupported,
            fmt::format("SET \"{}\" = DEFAULT of a sequence column is not supported yet",
                        column.name),
            clause.location);
      }
      plan->set[c] = BindColumnDefault(column, context);
      continue;
    }
    if (column.identity == storage::IdentityKind::kAlways) {
      throw binder
          .ErrorAt(SqlState::kGeneratedAlways,
                   fmt::format("column \"{}\" can only be updated to DEFAULT", column.name),
                   clause.location)
          .WithDetail(fmt::format("Column \"{}\" is an identity column defined as GENERATED "
                                  "ALWAYS.",
                                  column.name));
    }
    plan->set[c] = binder.Coerce(binder.Bind(*clause.value, &scope), column.type.oid,
                                 column.type.typmod, types::CastKind::kAssignment);
  }
  BoundPtr where;
  if (statement.where) {
    where = binder.CoerceToBool(binder.Bind(*statement.where, &scope), "WHERE");
  }
  plan->target = MakeWriteTarget(ref, std::move(where));
  plan->returning =
      BindReturning(statement.returning, schema,
                    statement.alias.empty() ? schema.name : statement.alias, binder, prepared)
          .exprs;
  return plan;
}

}  // namespace sb::worker
