#include "worker/executor/table_defaults.h"

#include "sqlpeg/parser.h"
#include "worker/executor/column_defaults.h"
#include "worker/executor/eval.h"

namespace sb::worker {
namespace {

// A literal, a signed number or a cast of a constant: what reads the same for every row.
bool IsConstantExpr(const sql::Expr& expr) {
  if (std::holds_alternative<sql::Literal>(expr.node)) return true;
  if (const auto* cast = std::get_if<sql::Cast>(&expr.node)) {
    return cast->operand && IsConstantExpr(*cast->operand);
  }
  if (const auto* unary = std::get_if<sql::UnaryOp>(&expr.node)) {
    if ((unary->op != "-" && unary->op != "+") || !unary->operand) return false;
    const auto* literal = std::get_if<sql::Literal>(&unary->operand->node);
    return literal && (literal->kind == sql::Literal::Kind::kInteger ||
                       literal->kind == sql::Literal::Kind::kNumeric);
  }
  return false;
}

bool IsConstantDefault(const std::string& default_expr) {
  try {
    std::vector<sql::ParsedStatement> parsed = sql::ParseSql("SELECT " + default_expr);
    const auto* select =
        parsed.size() == 1 ? std::get_if<sql::SelectStmt>(&parsed[0].stmt.node) : nullptr;
    return select != nullptr && select->items.size() == 1 && select->from.empty() &&
           !select->where && select->items[0].expr && IsConstantExpr(*select->items[0].expr);
  } catch (const SqlError&) {
    return true;  // let binding report the broken default
  }
}

ColumnFill EvaluateDefault(const storage::ColumnSchema& column, ExecContext& context) {
  ColumnFill fill;
  fill.value = types::Value::Null(column.type.oid);
  if (column.default_expr.empty() || !IsConstantDefault(column.default_expr)) return fill;
  try {
    BoundPtr bound = BindColumnDefault(column, context);
    EvalContext eval{context};
    fill.value = Eval(*bound, eval);
    if (fill.value.IsNull()) fill.value = types::Value::Null(column.type.oid);
  } catch (const SqlError& e) {
    fill.error = SqlError(e.state(), e.what());  // without a position in someone else's text
  }
  return fill;
}

}  // namespace

std::vector<ColumnFill> ReadDefaults(const storage::TableSchema& schema, ExecContext& context) {
  std::vector<ColumnFill> fills;
  fills.reserve(schema.columns.size());
  for (const storage::ColumnSchema& column : schema.columns) {
    fills.push_back(EvaluateDefault(column, context));
  }
  return fills;
}

}  // namespace sb::worker
