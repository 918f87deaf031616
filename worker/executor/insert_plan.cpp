#include "worker/executor/insert_plan.h"

#include <set>

#include "shared/ipc/ring_requests.h"
#include "shared/storage/document_codec.h"
#include "worker/catalog.h"
#include "worker/executor/column_defaults.h"
#include "worker/executor/column_names.h"
#include "worker/executor/eval.h"
#include "worker/executor/row_sources.h"
#include "worker/executor/select_table_scope.h"
#include "worker/ring_caller.h"
#include "worker/transaction_state.h"

namespace sb::worker {
namespace {

class InsertPlan : public Plan {
 public:
  std::string table;
  std::shared_ptr<const storage::TableSchema> schema;
  // rows[r][c]: the value of schema column c in row r; nullptr = the coordinator fills it
  // from the column's sequence.
  std::vector<std::vector<BoundPtr>> rows;
  std::vector<BoundPtr> returning;

  ExecResult Execute(ExecContext& context) const override {
    WarnIfSchemaBroken(table, context);
    EvalContext eval{context};
    // db \0 table \0 then per row: fill mask ('1' = from sequence) \0 document \0
    std::string payload = context.database;
    payload += '\0';
    payload += table;
    for (const auto& row : rows) {
      std::vector<types::Value> values;
      std::string mask;
      values.reserve(row.size());
      for (size_t c = 0; c < row.size(); ++c) {
        if (row[c]) {
          values.push_back(Eval(*row[c], eval));
          mask += '0';
        } else {
          values.push_back(types::Value::Null(schema->columns[c].type.oid));
          mask += '1';
        }
      }
      payload += '\0';
      payload += mask;
      payload += '\0';
      payload += storage::EncodeDocument(*schema, values, {}, storage::JsonStyle::kCompact);
    }
    context.transaction.MarkWrite();
    ipc::Reply reply = context.ring->Call(static_cast<uint32_t>(ipc::RingRequest::kInsert),
                                          std::move(payload), context.yield);
    RaiseIfFailed(reply);

    ExecResult result;
    result.tag = fmt::format("INSERT 0 {}", rows.size());
    if (!returning.empty()) {
      // The coordinator answers with the documents as written (sequences filled in).
      result.rows = ReturningRows(*schema, reply.payload, returning, context);
    }
    return result;
  }
};

}  // namespace

static std::vector<std::string> ColumnNamesOf(const storage::TableSchema& schema) {
  std::vector<std::string> names;
  for (const auto& column : schema.columns) names.push_back(column.name);
  return names;
}

std::unique_ptr<RowSource> ReturningRows(const storage::TableSchema& schema,
                                         std::string_view documents,
                                         const std::vector<BoundPtr>& returning,
                                         ExecContext& context) {
  std::vector<std::vector<types::Value>> out;
  size_t start = 0;
  while (start < documents.size()) {
    size_t end = std::min(documents.find('\0', start), documents.size());
    storage::DecodedRow stored =
        storage::DecodeDocument(schema, documents.substr(start, end - start), "write reply");
    EvalContext row_eval{context, &stored.values};
    std::vector<types::Value> projected;
    for (const auto& expr : returning) projected.push_back(Eval(*expr, row_eval));
    out.push_back(std::move(projected));
    start = end + 1;
  }
  return std::make_unique<VectorRowSource>(std::move(out));
}

ReturningList BindReturning(const std::vector<sql::SelectItem>& items,
                            const storage::TableSchema& schema, const std::string& visible_name,
                            Binder& binder, PreparedStatement& prepared) {
  ReturningList list;
  SelectTableScope scope(schema, ColumnNamesOf(schema), binder.context().database, schema.name,
                         visible_name == schema.name ? "" : visible_name, binder);
  auto add_column = [&](size_t index) {
    const storage::ColumnSchema& column = schema.columns[index];
    auto expr = std::make_unique<BoundExpr>();
    expr->kind = BoundKind::kColumn;
    expr->index = static_cast<int>(index);
    expr->type = column.type.oid;
    expr->typmod = column.type.typmod;
    list.exprs.push_back(std::move(expr));
    prepared.columns.push_back({column.name, column.type.oid, column.type.typmod});
  };
  for (const sql::SelectItem& item : items) {
    const auto* column_ref = std::get_if<sql::ColumnRef>(&item.expr->node);
    if (std::holds_alternative<sql::Star>(item.expr->node) || (column_ref && column_ref->star)) {
      for (size_t i = 0; i < schema.columns.size(); ++i) add_column(i);
      continue;
    }
    BoundPtr bound = binder.Bind(*item.expr, &scope);
    binder.ResolveUnknown(*bound);
    prepared.columns.push_back(
        {item.has_alias ? item.alias : ColumnNameFor(*item.expr), bound->type, bound->typmod});
    list.exprs.push_back(std::move(bound));
  }
  if (!items.empty()) prepared.returns_rows = true;
  return list;
}

std::shared_ptr<const Plan> PlanInsert(const sql::InsertStmt& insert, Binder& binder,
                                       PreparedStatement& prepared, int location) {
  ExecContext& context = binder.context();
  if (insert.table.size() > 2 || (insert.table.size() == 2 && insert.table[0] != "public")) {
    throw binder.ErrorAt(SqlState::kInvalidSchemaName,
                         fmt::format("schema \"{}\" does not exist", insert.table[0]), location);
  }
  const std::string& table = insert.table.back();
  std::optional<TableRef> ref = context.catalog->FindTable(context.database, table);
  if (!ref) {
    throw binder.ErrorAt(SqlState::kUndefinedTable,
                         fmt::format("relation \"{}\" does not exist", table), location);
  }
  if (insert.select) {
    throw binder.ErrorAt(SqlState::kFeatureNotSupported, "INSERT ... SELECT is not supported yet",
                         location);
  }
  if (insert.on_conflict) {
    throw binder.ErrorAt(SqlState::kFeatureNotSupported, "ON CONFLICT is not supported yet",
                         location);
  }
  const storage::TableSchema& schema = *ref->schema;
  auto plan = std::make_shared<InsertPlan>();
  plan->table = table;
  plan->schema = ref->schema;

  // Target columns: the list given, or every column in order.
  std::vector<int> targets;
  if (insert.columns.empty()) {
    for (size_t i = 0; i < schema.columns.size(); ++i) targets.push_back(static_cast<int>(i));
  } else {
    std::set<int> seen;
    for (const std::string& name : insert.columns) {
      int index = schema.ColumnIndex(name);
      if (index < 0) {
        throw binder.ErrorAt(
            SqlState::kUndefinedColumn,
            fmt::format("column \"{}\" of relation \"{}\" does not exist", name, table), location);
      }
      if (!seen.insert(index).second) {
        throw binder.ErrorAt(SqlState::kDuplicateColumn,
                             fmt::format("column \"{}\" specified more than once", name), location);
      }
      targets.push_back(index);
    }
  }

  // The value of a column nobody gave: its default, or its sequence (the coordinator's).
  auto default_for = [&](size_t c) -> BoundPtr {
    const storage::ColumnSchema& column = schema.columns[c];
    if (FillsFromSequence(column)) return nullptr;
    return BindColumnDefault(column, context);
  };

  std::vector<std::vector<sql::ExprPtr>> none;
  const auto& value_rows = insert.default_values ? none : insert.values;
  const size_t row_count = insert.default_values ? 1 : value_rows.size();
  for (size_t r = 0; r < row_count; ++r) {
    std::vector<BoundPtr> row(schema.columns.size());
    std::vector<bool> given(schema.columns.size(), false);
    if (!insert.default_values) {
      const auto& exprs = value_rows[r];
      if (exprs.size() > targets.size()) {
        throw binder.ErrorAt(SqlState::kSyntaxError,
                             "INSERT has more expressions than target columns",
                             exprs[targets.size()]->location);
      }
      if (exprs.size() < targets.size()) {
        throw binder.ErrorAt(SqlState::kSyntaxError,
                             "INSERT has more target columns than expressions", location);
      }
      for (size_t i = 0; i < exprs.size(); ++i) {
        const size_t c = static_cast<size_t>(targets[i]);
        const storage::ColumnSchema& column = schema.columns[c];
        given[c] = true;
        if (std::holds_alternative<sql::DefaultMarker>(exprs[i]->node)) {
          row[c] = default_for(c);
          continue;
        }
        if (column.identity == storage::IdentityKind::kAlways) {
          throw binder
              .ErrorAt(
                  SqlState::kGeneratedAlways,
                  fmt::format("cannot insert a non-DEFAULT value into column \"{}\"", column.name),
                  exprs[i]->location)
              .WithDetail(fmt::format("Column \"{}\" is an identity column defined as "
                                      "GENERATED ALWAYS.",
                                      column.name))
              .WithHint("Use OVERRIDING SYSTEM VALUE to override.");
        }
        row[c] = binder.Coerce(binder.Bind(*exprs[i], nullptr), column.type.oid, column.type.typmod,
                               types::CastKind::kAssignment);
      }
    }
    for (size_t c = 0; c < schema.columns.size(); ++c) {
      if (!given[c]) row[c] = default_for(c);
    }
    plan->rows.push_back(std::move(row));
  }
  ReturningList returning = BindReturning(
      insert.returning, schema, insert.alias.empty() ? table : insert.alias, binder, prepared);
  plan->returning = std::move(returning.exprs);
  return plan;
}

}  // namespace sb::worker
