// BoundExpr: an expression after binding — every name resolved, every node typed, every
// implicit cast explicit. The binder (binder.h) builds it from the parser's AST; the evaluator
// (eval.h) computes it for a row. Plans own their BoundExprs; they are immutable afterwards,
// so one prepared statement can run many times.
#pragma once

#include <memory>
#include <vector>

#include "shared/types/pg_type.h"
#include "shared/types/value.h"

namespace sb::worker {

struct EvalContext;
struct BoundExpr;
using BoundPtr = std::unique_ptr<BoundExpr>;

// A built-in function or operator implementation. Arguments arrive already coerced to the
// types the binder chose; for strict functions the evaluator has already handled NULLs.
using FunctionImpl = types::Value (*)(const BoundExpr& call, std::vector<types::Value>& args,
                                      EvalContext& context);

enum class BoundKind {
  kConst,          // value
  kParam,          // index = $n - 1
  kColumn,         // index into the current row
  kCall,           // impl(args); strict: any NULL argument gives NULL without calling impl
  kCast,           // args[0] cast to type/typmod (explicit or implicit, per flag)
  kAnd,            // args, three-valued
  kOr,             // args, three-valued
  kNot,            // args[0]
  kCase,           // args: [when0, then0, when1, then1, ..., else]; searched form after binding
  kIsNull,         // args[0] IS [NOT] NULL (negated)
  kIsBool,         // args[0] IS [NOT] TRUE/FALSE/UNKNOWN (flag: 1 true, 0 false, 2 unknown)
  kDistinct,       // args[0] IS [NOT] DISTINCT FROM args[1]; impl compares
  kInList,         // args[0] [NOT] IN (args[1..]); impl compares
  kCoalesce,       // first non-NULL of args
  kGreatestLeast,  // flag 1 greatest, 0 least; impl compares
  kNullIf,         // NULLIF(args[0], args[1]); impl compares
  kArray,          // ARRAY[args...] of element type
  kAnyAll,         // args[0] op ANY/ALL (args[1] array); impl compares; flag 1 = ALL
};

struct BoundExpr {
  BoundKind kind = BoundKind::kConst;
  types::Oid type = types::kUnknown;
  int32_t typmod = -1;
  int location = -1;  // byte offset in the statement text, for error positions
  types::Value value;
  int index = -1;
  FunctionImpl impl = nullptr;
  bool strict = true;
  bool negated = false;
  int flag = 0;
  std::vector<BoundPtr> args;
};

}  // namespace sb::worker
