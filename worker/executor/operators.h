// Built-in operators: arithmetic, comparison, concatenation, LIKE, IN, ANY/ALL and friends,
// chosen by operand types at bind time (binder.cpp) and called by the evaluator.
#pragma once

#include <optional>
#include <string_view>

#include "shared/types/pg_type.h"
#include "worker/executor/bound_expr.h"

namespace sb::worker {

struct OperatorChoice {
  FunctionImpl impl;
  types::Oid left;  // operand types the binder coerces to (left unused for unary)
  types::Oid right;
  types::Oid result;
};

// Numeric types in PostgreSQL's implicit-cast order (int2 < int4 < int8 < numeric < float4 <
// float8): a mixed pair resolves to the later one. 0 for non-numeric types.
int NumericRank(types::Oid type);

// Both operands already have known types.
std::optional<OperatorChoice> ResolveBinaryOperator(std::string_view op, types::Oid left,
                                                    types::Oid right);
std::optional<OperatorChoice> ResolveUnaryOperator(std::string_view op, types::Oid operand);

// Comparison of two values of one (comparable) type: = <> < > <= >=; nullptr for other ops.
FunctionImpl ComparisonImpl(std::string_view op);
bool IsComparable(types::Oid type);

FunctionImpl DistinctImpl();
FunctionImpl InListImpl();
FunctionImpl GreatestLeastImpl();
FunctionImpl NullIfImpl();
FunctionImpl AnyAllImpl(std::string_view op);
FunctionImpl LikeImpl(bool case_insensitive, bool negated);
FunctionImpl ArrayConstructImpl();

}  // namespace sb::worker
