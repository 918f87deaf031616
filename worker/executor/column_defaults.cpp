#include "worker/executor/column_defaults.h"

#include "sqlpeg/parser.h"

namespace sb::worker {

bool FillsFromSequence(const storage::ColumnSchema& column) {
  if (column.identity != storage::IdentityKind::kNone) return true;
  return column.default_expr.starts_with("nextval(");
}

BoundPtr BindColumnDefault(const storage::ColumnSchema& column, ExecContext& context) {
  if (column.default_expr.empty()) {
    auto null = std::make_unique<BoundExpr>();
    null->kind = BoundKind::kConst;
    null->type = column.type.oid;
    null->value = types::Value::Null(column.type.oid);
    return null;
  }
  const std::string text = "SELECT " + column.default_expr;
  try {
    std::vector<sql::ParsedStatement> parsed = sql::ParseSql(text);
    const auto* select =
        parsed.size() == 1 ? std::get_if<sql::SelectStmt>(&parsed[0].stmt.node) : nullptr;
    if (select == nullptr || select->items.size() != 1 || !select->from.empty()) {
      throw SqlError(SqlState::kSyntaxError, "not a single expression");
    }
    std::vector<types::Oid> no_params;
    Binder binder(context, text, no_params);
    BoundPtr bound = binder.Bind(*select->items[0].expr, nullptr);
    if (!no_params.empty()) throw SqlError(SqlState::kSyntaxError, "parameters are not allowed");
    return binder.Coerce(std::move(bound), column.type.oid, column.type.typmod,
                         types::CastKind::kAssignment);
  } catch (const SqlError& e) {
    throw SqlError(e.state(), fmt::format("invalid default for column \"{}\" ({}): {}", column.name,
                                          column.default_expr, e.what()));
  }
}

}  // namespace sb::worker
