#include "coordinator/ctl/missing_values.h"

#include <charconv>

#include "shared/storage/column_type.h"
#include "shared/types/cast.h"
#include "shared/types/text_io.h"
#include "sqlpeg/parser.h"

namespace sb::ctl {
namespace {

// A value the loading side would compute the same way for every row, or nullopt.
std::optional<types::Value> ConstantValue(const sql::Expr& expr);

types::Value NumberLiteral(const std::string& text) {
  int64_t integer = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), integer);
  if (error == std::errc() && end == text.data() + text.size()) {
    // PostgreSQL types an integer literal as int4 when it fits, else int8.
    if (integer >= INT32_MIN && integer <= INT32_MAX) {
      return types::Value::Int4(static_cast<int32_t>(integer));
    }
    return types::Value::Int8(integer);
  }
  return types::ParseText(types::kNumeric, -1, text, types::FormatSettings{});
}

std::optional<types::Value> LiteralValue(const sql::Literal& literal, bool negate) {
  switch (literal.kind) {
    case sql::Literal::Kind::kNull:
      return negate ? std::nullopt : std::optional(types::Value::Null(types::kUnknown));
    case sql::Literal::Kind::kBool:
      return negate ? std::nullopt : std::optional(types::Value::Bool(literal.bool_value));
    case sql::Literal::Kind::kString:
      return negate ? std::nullopt
                    : std::optional(types::Value::Text(literal.text, types::kUnknown));
    case sql::Literal::Kind::kInteger:
    case sql::Literal::Kind::kNumeric:
      return NumberLiteral(negate ? "-" + literal.text : literal.text);
  }
  return std::nullopt;
}

// The type a cast names, through the schema-file spelling rules (format_type and aliases).
std::optional<storage::ColumnType> CastType(const sql::TypeName& type) {
  if (type.names.empty()) return std::nullopt;
  if (type.names.size() > 1 && type.names[0] != "pg_catalog" && type.names[0] != "public") {
    return std::nullopt;
  }
  std::string spelling = type.names.back();
  if (!type.modifiers.empty()) {
    spelling += '(';
    for (size_t i = 0; i < type.modifiers.size(); ++i) {
      if (i > 0) spelling += ',';
      spelling += std::to_string(type.modifiers[i]);
    }
    spelling += ')';
  }
  for (int i = 0; i < type.array_dims; ++i) spelling += "[]";
  return storage::ParseColumnType(spelling);
}

std::optional<types::Value> ConstantValue(const sql::Expr& expr) {
  if (const auto* literal = std::get_if<sql::Literal>(&expr.node)) {
    return LiteralValue(*literal, false);
  }
  if (const auto* unary = std::get_if<sql::UnaryOp>(&expr.node)) {
    if ((unary->op != "-" && unary->op != "+") || !unary->operand) return std::nullopt;
    const auto* literal = std::get_if<sql::Literal>(&unary->operand->node);
    if (literal == nullptr || (literal->kind != sql::Literal::Kind::kInteger &&
                               literal->kind != sql::Literal::Kind::kNumeric)) {
      return std::nullopt;
    }
    return LiteralValue(*literal, unary->op == "-");
  }
  if (const auto* cast = std::get_if<sql::Cast>(&expr.node)) {
    if (!cast->operand) return std::nullopt;
    std::optional<types::Value> operand = ConstantValue(*cast->operand);
    if (!operand) return std::nullopt;
    std::optional<storage::ColumnType> type = CastType(cast->type);
    if (!type) {
      throw SqlError(SqlState::kUndefinedObject,
                     fmt::format("type \"{}\" is not known", cast->type.names.back()));
    }
    if (operand->IsNull()) return types::Value::Null(type->oid);
    return types::Cast(*operand, type->oid, type->typmod, types::CastKind::kExplicit,
                       types::FormatSettings{});
  }
  return std::nullopt;
}

}  // namespace

MissingValue MissingValueFor(const storage::ColumnSchema& column) {
  MissingValue missing;
  missing.value = types::Value::Null(column.type.oid);
  if (column.default_expr.empty()) return missing;
  try {
    std::vector<sql::ParsedStatement> parsed = sql::ParseSql("SELECT " + column.default_expr);
    const auto* select =
        parsed.size() == 1 ? std::get_if<sql::SelectStmt>(&parsed[0].stmt.node) : nullptr;
    if (select == nullptr || select->items.size() != 1 || !select->from.empty() || select->where ||
        !select->items[0].expr) {
      throw SqlError(SqlState::kSyntaxError, "not a single expression");
    }
    std::optional<types::Value> value = ConstantValue(*select->items[0].expr);
    if (!value || value->IsNull()) return missing;
    missing.value = types::Cast(*value, column.type.oid, column.type.typmod,
                                types::CastKind::kAssignment, types::FormatSettings{});
  } catch (const SqlError& e) {
    missing.error = SqlError(e.state(), fmt::format("invalid default for column \"{}\" ({}): {}",
                                                    column.name, column.default_expr, e.what()));
  }
  return missing;
}

std::vector<MissingValue> MissingValues(const storage::TableSchema& schema) {
  std::vector<MissingValue> values;
  values.reserve(schema.columns.size());
  for (const storage::ColumnSchema& column : schema.columns) {
    values.push_back(MissingValueFor(column));
  }
  return values;
}

}  // namespace sb::ctl
