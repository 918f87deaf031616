#include "worker/executor/select_plan.h"

#include <algorithm>

#include "shared/types/compare.h"
#include "worker/executor/column_names.h"
#include "worker/executor/eval.h"
#include "worker/executor/row_pipeline.h"
#include "worker/executor/row_sources.h"
#include "worker/executor/table_select_plan.h"

namespace sb::worker {
namespace {

// A SELECT whose rows are computed from expressions only: `SELECT 1, now()` (one row, maybe
// filtered by WHERE) or `VALUES (..), (..)`.
class ExpressionRowsPlan : public Plan {
 public:
  std::vector<std::vector<BoundPtr>> rows;
  BoundPtr where;
  BoundPtr limit;
  BoundPtr offset;
  bool distinct = false;
  std::vector<SortKey> order;

  ExecResult Execute(ExecContext& context) const override {
    EvalContext eval{context};
    std::vector<std::vector<types::Value>> out;
    if (!where || EvalCondition(*where, eval)) {
      for (const auto& row : rows) {
        std::vector<types::Value> values;
        values.reserve(row.size());
        for (const auto& expr : row) values.push_back(Eval(*expr, eval));
        out.push_back(std::move(values));
      }
    }
    if (!order.empty()) SortRows(out, order);
    if (distinct) RemoveDuplicateRows(out);
    int64_t skip = 0;
    if (offset) {
      types::Value v = Eval(*offset, eval);
      if (!v.IsNull()) {
        skip = v.GetInt();
        if (skip < 0) {
          throw SqlError(SqlState::kInvalidRowCountInResultOffsetClause,
                         "OFFSET must not be negative");
        }
      }
    }
    int64_t take = INT64_MAX;
    if (limit) {
      types::Value v = Eval(*limit, eval);
      if (!v.IsNull()) {
        take = v.GetInt();
        if (take < 0) {
          throw SqlError(SqlState::kInvalidRowCountInLimitClause, "LIMIT must not be negative");
        }
      }
    }
    auto begin = out.begin() + std::min<int64_t>(skip, static_cast<int64_t>(out.size()));
    auto end = out.end();
    if (take < end - begin) end = begin + take;
    ExecResult result;
    result.rows = std::make_unique<VectorRowSource>(std::vector<std::vector<types::Value>>(
        std::make_move_iterator(begin), std::make_move_iterator(end)));
    result.tag = "SELECT";
    result.tag_counts_rows = true;
    return result;
  }
};

// ORDER BY in a SELECT without FROM: an output column by position or name.
SortKey BindSortKey(const sql::OrderItem& item, const PreparedStatement& prepared, Binder& binder) {
  SortKey key;
  key.descending = item.descending;
  key.nulls_first = item.nulls == sql::OrderItem::Nulls::kFirst ||
                    (item.nulls == sql::OrderItem::Nulls::kDefault && item.descending);
  const sql::Expr& expr = *item.expr;
  if (const auto* literal = std::get_if<sql::Literal>(&expr.node);
      literal && literal->kind == sql::Literal::Kind::kInteger) {
    int position = std::atoi(literal->text.c_str());
    if (position < 1 || position > static_cast<int>(prepared.columns.size())) {
      throw binder.ErrorAt(SqlState::kInvalidColumnReference,
                           fmt::format("ORDER BY position {} is not in select list", position),
                           expr.location);
    }
    key.column = position - 1;
    return key;
  }
  if (const auto* column = std::get_if<sql::ColumnRef>(&expr.node);
      column && column->names.size() == 1) {
    for (size_t i = 0; i < prepared.columns.size(); ++i) {
      if (prepared.columns[i].name == column->names[0]) {
        key.column = static_cast<int>(i);
        return key;
      }
    }
  }
  // Anything else has no table to refer to; binding it reports the real problem.
  binder.Bind(expr, nullptr);
  throw binder.ErrorAt(SqlState::kFeatureNotSupported,
                       "ORDER BY an expression is not supported without FROM", expr.location);
}

}  // namespace

std::shared_ptr<const Plan> PlanSelect(const sql::SelectStmt& select, Binder& binder,
                                       PreparedStatement& prepared) {
  if (select.set_op != sql::SelectStmt::kNone) {
    throw binder.ErrorAt(SqlState::kFeatureNotSupported,
                         "UNION, INTERSECT and EXCEPT are not supported yet", select.location);
  }
  if (!select.with.empty()) {
    throw binder.ErrorAt(SqlState::kFeatureNotSupported, "WITH queries are not supported yet",
                         select.location);
  }
  if (!select.from.empty()) {
    const sql::FromItem& from = select.from.front();
    if (select.from.size() == 1 && from.kind == sql::FromItem::Kind::kTable) {
      return PlanTableSelect(select, binder, prepared);
    }
    throw binder.ErrorAt(SqlState::kFeatureNotSupported,
                         "this kind of FROM item is not supported yet", from.location);
  }
  if (!select.group_by.empty() || select.having) {
    throw binder.ErrorAt(SqlState::kFeatureNotSupported, "GROUP BY is not supported yet",
                         select.location);
  }

  auto plan = std::make_shared<ExpressionRowsPlan>();
  plan->distinct = select.distinct;
  if (!select.values.empty()) {
    // VALUES: each column's type is the common type of that column over all rows.
    const size_t width = select.values.front().size();
    std::vector<std::vector<BoundPtr>> rows;
    for (const auto& row : select.values) {
      if (row.size() != width) {
        throw binder.ErrorAt(SqlState::kSyntaxError, "VALUES lists must all be the same length",
                             row.empty() ? select.location : row.front()->location);
      }
      std::vector<BoundPtr> bound;
      for (const auto& expr : row) bound.push_back(binder.Bind(*expr, nullptr));
      rows.push_back(std::move(bound));
    }
    for (size_t c = 0; c < width; ++c) {
      std::vector<BoundExpr*> column;
      for (auto& row : rows) column.push_back(row[c].get());
      types::Oid type = binder.CommonType(column, "VALUES");
      for (auto& row : rows) {
        row[c] = binder.Coerce(std::move(row[c]), type, -1, types::CastKind::kImplicit);
      }
      prepared.columns.push_back({fmt::format("column{}", c + 1), type, -1});
    }
    plan->rows = std::move(rows);
  } else {
    std::vector<BoundPtr> row;
    for (const sql::SelectItem& item : select.items) {
      BoundPtr bound = binder.Bind(*item.expr, nullptr);
      binder.ResolveUnknown(*bound);
      ColumnDesc column;
      column.name = item.has_alias ? item.alias : ColumnNameFor(*item.expr);
      column.type = bound->type;
      column.typmod = bound->typmod;
      prepared.columns.push_back(std::move(column));
      row.push_back(std::move(bound));
    }
    plan->rows.push_back(std::move(row));
  }
  if (select.where) {
    plan->where = binder.CoerceToBool(binder.Bind(*select.where, nullptr), "WHERE");
  }
  for (const sql::OrderItem& item : select.order_by) {
    plan->order.push_back(BindSortKey(item, prepared, binder));
  }
  if (select.limit) plan->limit = binder.BindRowCount(*select.limit, "LIMIT");
  if (select.offset) plan->offset = binder.BindRowCount(*select.offset, "OFFSET");
  prepared.returns_rows = true;
  return plan;
}

}  // namespace sb::worker
