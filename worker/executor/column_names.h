// The name PostgreSQL gives an unaliased result column (its FigureColname): the column or
// function name, the type of a cast, "case", "array", or "?column?".
#pragma once

#include <string>

#include "sqlpeg/ast/expr.h"

namespace sb::worker {

std::string ColumnNameFor(const sql::Expr& expr);

}  // namespace sb::worker
