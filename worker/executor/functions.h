// The built-in function catalogue: name, argument and result types, implementation.
//
// Looked up by the binder (overloads resolved by argument types, PostgreSQL-style: exact
// matches preferred, then implicit casts), called by the evaluator. Immutable table.
#pragma once

#include <string_view>
#include <vector>

#include "shared/types/pg_type.h"
#include "worker/executor/bound_expr.h"

namespace sb::worker {

// An argument of any type (the value arrives as is; unknown literals become text).
inline constexpr types::Oid kAnyArgument = 0xffffffffu;

struct FunctionDef {
  std::string_view name;
  std::vector<types::Oid> args;
  types::Oid result;
  FunctionImpl impl;
  bool strict = true;     // NULL argument → NULL result without calling impl
  bool variadic = false;  // the last argument type repeats (zero or more times)

  types::Oid ArgType(size_t i) const {
    return i < args.size() ? args[i] : (variadic && !args.empty() ? args.back() : types::kUnknown);
  }
};

// nullptr when no overload accepts the argument types.
const FunctionDef* ResolveFunction(std::string_view name, const std::vector<types::Oid>& arg_types,
                                   bool star);

// Every function of the catalogue (for pg_proc later, and tests).
const std::vector<FunctionDef>& AllFunctions();

}  // namespace sb::worker
