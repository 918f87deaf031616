#include "worker/executor/column_names.h"

namespace sb::worker {
namespace {

// Empty when the expression gives no name of its own (then a cast may name it by its type).
std::string Figure(const sql::Expr& expr) {
  return std::visit(
      [](const auto& node) -> std::string {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, sql::ColumnRef>) {
          return node.star || node.names.empty() ? "" : node.names.back();
        } else if constexpr (std::is_same_v<T, sql::FuncCall>) {
          return node.name.back();
        } else if constexpr (std::is_same_v<T, sql::Cast>) {
          std::string inner = Figure(*node.operand);
          return inner.empty() ? node.type.names.back() : inner;
        } else if constexpr (std::is_same_v<T, sql::CaseExpr>) {
          return "case";
        } else if constexpr (std::is_same_v<T, sql::ArrayExpr>) {
          return "array";
        } else if constexpr (std::is_same_v<T, sql::Exists>) {
          return "exists";
        } else if constexpr (std::is_same_v<T, sql::RowExpr>) {
          return "row";
        } else if constexpr (std::is_same_v<T, sql::Collate>) {
          return Figure(*node.operand);
        } else if constexpr (std::is_same_v<T, sql::Subscript>) {
          return Figure(*node.operand);
        } else {
          return "";
        }
      },
      expr.node);
}

}  // namespace

std::string ColumnNameFor(const sql::Expr& expr) {
  std::string name = Figure(expr);
  return name.empty() ? "?column?" : name;
}

}  // namespace sb::worker
