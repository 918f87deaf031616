#include "worker/executor/table_select_plan.h"

#include <algorithm>

#include "worker/catalog.h"
#include "worker/executor/column_names.h"
#include "worker/executor/eval.h"
#include "worker/executor/index_order.h"
#include "worker/executor/key_lookup.h"
#include "worker/executor/operators.h"
#include "worker/executor/row_pipeline.h"
#include "worker/executor/row_sources.h"
#include "worker/executor/select_table_scope.h"
#include "worker/executor/table_scan.h"

namespace sb::worker {
namespace {

// Everything a table SELECT's Execute needs; immutable after planning and shared with the row
// sources of running portals.
struct TableSelectSpec {
  std::shared_ptr<const TableReadSpec> read;
  BoundPtr where;
  std::optional<KeyLookup> key;  // points into `where`
  // ORDER BY <indexed column> LIMIT k, read in index order (no key look-up, no DISTINCT).
  std::optional<IndexOrder> index_order;
  // Result columns, then sort-only ("junk") columns that ORDER BY needs and the result drops.
  std::vector<BoundPtr> outputs;
  size_t visible = 0;
  std::vector<SortKey> order;
  bool distinct = false;
  bool star = false;  // the result lists every column (`*`): a column added changes it
  BoundPtr limit;
  BoundPtr offset;
};

int64_t EvalCount(const BoundExpr* expr, ExecContext& context, bool is_limit) {
  if (expr == nullptr) return -1;
  EvalContext eval{context};
  types::Value value = Eval(*expr, eval);
  if (value.IsNull()) return -1;
  int64_t n = value.GetInt();
  if (n < 0) {
    if (is_limit) {
      throw SqlError(SqlState::kInvalidRowCountInLimitClause, "LIMIT must not be negative");
    }
    throw SqlError(SqlState::kInvalidRowCountInResultOffsetClause, "OFFSET must not be negative");
  }
  return n;
}

class TableSelectPlan : public Plan {
 public:
  explicit TableSelectPlan(std::shared_ptr<const TableSelectSpec> spec) : spec_(std::move(spec)) {}

  ExecResult Execute(ExecContext& context) const override {
    const TableSelectSpec& spec = *spec_;
    std::string table_dir = CurrentTableDir(context);
    const int64_t limit = EvalCount(spec.limit.get(), context, true);
    const int64_t offset = std::max<int64_t>(EvalCount(spec.offset.get(), context, false), 0);

    ExecResult result;
    result.tag = "SELECT";
    result.tag_counts_rows = true;
    if (limit == 0) {
      result.rows = std::make_unique<VectorRowSource>(std::vector<Row>{});
      return result;
    }
    if (spec.index_order && limit >= 0) {
      std::unique_ptr<RowSource> ordered =
          OpenIndexOrder(spec.read, table_dir, *spec.index_order,
                         static_cast<size_t>(std::min<int64_t>(offset + limit, 1 << 20)), context);
      if (ordered) {
        if (spec.where) {
          ordered = std::make_unique<FilterSource>(spec_, std::move(ordered), *spec.where);
        }
        ordered = std::make_unique<ProjectSource>(spec_, std::move(ordered), spec.outputs);
        ordered = std::make_unique<TrimSource>(std::move(ordered), spec.visible);
        result.rows = std::make_unique<LimitSource>(std::move(ordered), offset, limit);
        return result;
      }
    }
    std::vector<DocumentEntry> entries = ChooseDocuments(spec.key, *spec.read, table_dir, context);
    std::unique_ptr<RowSource> rows =
        std::make_unique<DocumentRowSource>(spec.read, std::move(table_dir), std::move(entries));
    if (spec.where) rows = std::make_unique<FilterSource>(spec_, std::move(rows), *spec.where);
    rows = std::make_unique<ProjectSource>(spec_, std::move(rows), spec.outputs);

    if (spec.order.empty()) {
      // Nothing needs every row at once: stream, so LIMIT stops reading files early.
      if (spec.distinct) rows = std::make_unique<DistinctSource>(std::move(rows));
      if (offset > 0 || limit >= 0)
        rows = std::make_unique<LimitSource>(std::move(rows), offset, limit);
      result.rows = std::move(rows);
      return result;
    }
    std::vector<Row> all = DrainRows(*rows, context);
    SortRows(all, spec.order);
    if (spec.distinct) RemoveDuplicateRows(all);
    const size_t begin = std::min<size_t>(static_cast<size_t>(offset), all.size());
    size_t end = all.size();
    if (limit >= 0 && static_cast<uint64_t>(limit) < end - begin) end = begin + limit;
    std::vector<Row> page(std::make_move_iterator(all.begin() + begin),
                          std::make_move_iterator(all.begin() + end));
    for (Row& row : page) row.resize(spec.visible);  // drop the sort-only columns
    result.rows = std::make_unique<VectorRowSource>(std::move(page));
    return result;
  }

 private:
  // The table must still exist with the columns the plan was made for (a prepared statement
  // may run after someone edited the schema file).
  std::string CurrentTableDir(ExecContext& context) const {
    const storage::TableSchema& planned = *spec_->read->schema;
    if (context.catalog == nullptr) {
      throw SqlError(SqlState::kInternalError, "no catalog for a table read");
    }
    std::optional<TableRef> ref = context.catalog->FindTable(context.database, planned.name);
    if (!ref) {
      ThrowSqlError(SqlState::kUndefinedTable, "relation \"{}\" does not exist", planned.name);
    }
    SendSchemaWarning(*ref, context.hooks);
    if (ref->schema != spec_->read->schema) {
      const storage::TableSchema& now = *ref->schema;
      // As PostgreSQL: a plan whose columns moved, or whose `*` would now be wider, must not
      // run (0A000); a column added at the end leaves other plans valid.
      bool same = spec_->star ? now.columns.size() == planned.columns.size()
                              : now.columns.size() >= planned.columns.size();
      for (size_t i = 0; same && i < planned.columns.size(); ++i) {
        same = now.columns[i].name == planned.columns[i].name &&
               now.columns[i].type == planned.columns[i].type;
      }
      if (!same || now.PrimaryKeyColumns() != planned.PrimaryKeyColumns()) {
        throw SqlError(SqlState::kFeatureNotSupported, "cached plan must not change result type");
      }
    }
    return ref->table_dir;
  }

  std::shared_ptr<const TableSelectSpec> spec_;
};

// Structural equality of bound expressions: ORDER BY an expression that is also a result
// column sorts by that column (and is allowed with DISTINCT).
bool SameExpr(const BoundExpr& a, const BoundExpr& b) {
  if (a.kind != b.kind || a.type != b.type || a.typmod != b.typmod || a.index != b.index ||
      a.impl != b.impl || a.strict != b.strict || a.negated != b.negated || a.flag != b.flag ||
      a.args.size() != b.args.size()) {
    return false;
  }
  if (a.kind == BoundKind::kConst && !(a.value == b.value)) return false;
  for (size_t i = 0; i < a.args.size(); ++i) {
    if (!SameExpr(*a.args[i], *b.args[i])) return false;
  }
  return true;
}

BoundPtr ColumnExpr(const storage::ColumnSchema& column, int index, int location) {
  auto out = std::make_unique<BoundExpr>();
  out->kind = BoundKind::kColumn;
  out->type = column.type.oid;
  out->typmod = column.type.typmod;
  out->index = index;
  out->location = location;
  return out;
}

class Planner {
 public:
  Planner(const sql::SelectStmt& select, Binder& binder, PreparedStatement& prepared)
      : select_(select), binder_(binder), prepared_(prepared) {}

  std::shared_ptr<const Plan> Build() {
    RejectUnsupported();
    const sql::FromItem& from = select_.from.front();
    const std::string table = ResolveTable(from);
    ExecContext& context = binder_.context();
    std::optional<TableRef> ref;
    if (context.catalog != nullptr) ref = context.catalog->FindTable(context.database, table);
    if (!ref) {
      std::string written;
      for (const std::string& part : from.name) written += (written.empty() ? "" : ".") + part;
      throw binder_.ErrorAt(SqlState::kUndefinedTable,
                            fmt::format("relation \"{}\" does not exist", written), from.location);
    }
    const storage::TableSchema& schema = *ref->schema;
    SelectTableScope scope(schema, ColumnNames(schema, from), context.database, table, from.alias,
                           binder_);

    auto spec = std::make_shared<TableSelectSpec>();
    spec->distinct = select_.distinct;
    BindItems(scope, schema, *spec);
    if (select_.where) {
      spec->where = binder_.CoerceToBool(binder_.Bind(*select_.where, &scope), "WHERE");
    }
    for (const sql::OrderItem& item : select_.order_by) {
      spec->order.push_back(BindSortKey(item, scope, *spec));
    }
    if (select_.limit) spec->limit = binder_.BindRowCount(*select_.limit, "LIMIT");
    if (select_.offset) spec->offset = binder_.BindRowCount(*select_.offset, "OFFSET");
    spec->key = FindKeyLookup(spec->where.get(), schema);
    if (!spec->key && !spec->distinct && spec->limit && spec->order.size() == 1) {
      const SortKey& key = spec->order[0];
      const BoundExpr& sorted = *spec->outputs[static_cast<size_t>(key.column)];
      if (sorted.kind == BoundKind::kColumn) {
        spec->index_order = FindIndexOrder(schema, sorted.index, key.descending, key.nulls_first);
      }
    }

    auto read = std::make_shared<TableReadSpec>();
    read->schema = ref->schema;
    read->table = table;
    read->key_positions = schema.PrimaryKeyColumns();
    read->key_columns = schema.KeyColumns();
    spec->read = std::move(read);
    prepared_.returns_rows = true;
    return std::make_shared<TableSelectPlan>(std::move(spec));
  }

 private:
  void RejectUnsupported() const {
    if (!select_.group_by.empty() || select_.having) {
      throw binder_.ErrorAt(SqlState::kFeatureNotSupported, "GROUP BY is not supported yet",
                            select_.location);
    }
    if (!select_.distinct_on.empty()) {
      throw binder_.ErrorAt(SqlState::kFeatureNotSupported, "DISTINCT ON is not supported yet",
                            select_.distinct_on.front()->location);
    }
  }

  // The table's name; user tables live in the public schema of the connected database.
  std::string ResolveTable(const sql::FromItem& from) const {
    const std::vector<std::string>& name = from.name;
    if (name.empty()) {
      throw binder_.ErrorAt(SqlState::kSyntaxError, "missing table name", from.location);
    }
    if (name.size() == 3 && name[0] != binder_.context().database) {
      throw binder_.ErrorAt(
          SqlState::kFeatureNotSupported,
          fmt::format("cross-database references are not implemented: \"{}.{}.{}\"", name[0],
                      name[1], name[2]),
          from.location);
    }
    if (name.size() > 3) {
      std::string written;
      for (const std::string& part : name) written += (written.empty() ? "" : ".") + part;
      throw binder_.ErrorAt(
          SqlState::kSyntaxError,
          fmt::format("improper qualified name (too many dotted names): {}", written),
          from.location);
    }
    if (name.size() >= 2 && name[name.size() - 2] != "public") {
      std::string written = name[name.size() - 2] + "." + name.back();
      throw binder_.ErrorAt(SqlState::kUndefinedTable,
                            fmt::format("relation \"{}\" does not exist", written), from.location);
    }
    return name.back();
  }

  // Schema column names, the first ones renamed by `AS a(x, y)`.
  std::vector<std::string> ColumnNames(const storage::TableSchema& schema,
                                       const sql::FromItem& from) const {
    std::vector<std::string> names;
    for (const storage::ColumnSchema& column : schema.columns) names.push_back(column.name);
    if (from.column_aliases.size() > names.size()) {
      throw binder_.ErrorAt(
          SqlState::kInvalidColumnReference,
          fmt::format("table \"{}\" has {} columns available but {} columns specified",
                      from.alias.empty() ? from.name.back() : from.alias, names.size(),
                      from.column_aliases.size()),
          from.location);
    }
    for (size_t i = 0; i < from.column_aliases.size(); ++i) names[i] = from.column_aliases[i];
    return names;
  }

  void AddOutput(TableSelectSpec& spec, std::string name, BoundPtr expr) {
    prepared_.columns.push_back(ColumnDesc{std::move(name), expr->type, expr->typmod});
    spec.outputs.push_back(std::move(expr));
    spec.visible = spec.outputs.size();
  }

  void AddAllColumns(const SelectTableScope& scope, const storage::TableSchema& schema,
                     TableSelectSpec& spec, int location) {
    spec.star = true;
    for (size_t i = 0; i < schema.columns.size(); ++i) {
      AddOutput(spec, scope.column_names()[i],
                ColumnExpr(schema.columns[i], static_cast<int>(i), location));
    }
  }

  void BindItems(const SelectTableScope& scope, const storage::TableSchema& schema,
                 TableSelectSpec& spec) {
    for (const sql::SelectItem& item : select_.items) {
      const sql::Expr& expr = *item.expr;
      if (std::holds_alternative<sql::Star>(expr.node)) {
        AddAllColumns(scope, schema, spec, expr.location);
        continue;
      }
      if (const auto* column = std::get_if<sql::ColumnRef>(&expr.node); column && column->star) {
        if (!scope.Matches(column->names, expr.location)) {
          throw binder_.ErrorAt(SqlState::kUndefinedTable,
                                fmt::format("missing FROM-clause entry for table \"{}\"",
                                            column->names.empty() ? "" : column->names.back()),
                                expr.location);
        }
        AddAllColumns(scope, schema, spec, expr.location);
        continue;
      }
      BoundPtr bound = binder_.Bind(expr, &scope);
      binder_.ResolveUnknown(*bound);
      AddOutput(spec, item.has_alias ? item.alias : ColumnNameFor(expr), std::move(bound));
    }
  }

  // ORDER BY: a result column by position or by name, else any expression over the table
  // (evaluated as a sort-only column), as PostgreSQL resolves them.
  SortKey BindSortKey(const sql::OrderItem& item, const SelectTableScope& scope,
                      TableSelectSpec& spec) {
    SortKey key;
    key.descending = item.descending;
    key.nulls_first = item.nulls == sql::OrderItem::Nulls::kFirst ||
                      (item.nulls == sql::OrderItem::Nulls::kDefault && item.descending);
    const sql::Expr& expr = *item.expr;
    if (const auto* literal = std::get_if<sql::Literal>(&expr.node)) {
      if (literal->kind != sql::Literal::Kind::kInteger) {
        throw binder_.ErrorAt(SqlState::kSyntaxError, "non-integer constant in ORDER BY",
                              expr.location);
      }
      const int64_t position = std::strtoll(literal->text.c_str(), nullptr, 10);
      if (position < 1 || position > static_cast<int64_t>(spec.visible)) {
        throw binder_.ErrorAt(
            SqlState::kInvalidColumnReference,
            fmt::format("ORDER BY position {} is not in select list", literal->text),
            expr.location);
      }
      key.column = static_cast<int>(position - 1);
      return key;
    }
    if (const auto* column = std::get_if<sql::ColumnRef>(&expr.node);
        column && !column->star && column->names.size() == 1) {
      int found = -1;
      for (size_t i = 0; i < spec.visible; ++i) {
        if (prepared_.columns[i].name != column->names[0]) continue;
        if (found >= 0 && !SameExpr(*spec.outputs[static_cast<size_t>(found)], *spec.outputs[i])) {
          throw binder_.ErrorAt(SqlState::kAmbiguousColumn,
                                fmt::format("ORDER BY \"{}\" is ambiguous", column->names[0]),
                                expr.location);
        }
        if (found < 0) found = static_cast<int>(i);
      }
      if (found >= 0) {
        key.column = found;
        return key;
      }
    }
    BoundPtr bound = binder_.Bind(expr, &scope);
    binder_.ResolveUnknown(*bound);
    if (!IsComparable(bound->type)) {
      throw binder_
          .ErrorAt(SqlState::kUndefinedFunction,
                   fmt::format("could not identify an ordering operator for type {}",
                               types::FormatType(bound->type, -1)),
                   expr.location)
          .WithHint("Use an explicit ordering operator or modify the query.");
    }
    for (size_t i = 0; i < spec.outputs.size(); ++i) {
      if (SameExpr(*spec.outputs[i], *bound)) {
        key.column = static_cast<int>(i);
        return key;
      }
    }
    if (spec.distinct) {
      throw binder_.ErrorAt(SqlState::kInvalidColumnReference,
                            "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
                            expr.location);
    }
    key.column = static_cast<int>(spec.outputs.size());
    spec.outputs.push_back(std::move(bound));  // sort-only: not in prepared.columns
    return key;
  }

  const sql::SelectStmt& select_;
  Binder& binder_;
  PreparedStatement& prepared_;
};

}  // namespace

std::shared_ptr<const Plan> PlanTableSelect(const sql::SelectStmt& select, Binder& binder,
                                            PreparedStatement& prepared) {
  return Planner(select, binder, prepared).Build();
}

}  // namespace sb::worker
