#include <algorithm>

#include "shared/types/cast.h"
#include "worker/executor/builtin_functions.h"
#include "worker/executor/functions.h"

namespace sb::worker {

const std::vector<FunctionDef>& AllFunctions() {
  static const std::vector<FunctionDef> functions = [] {
    std::vector<FunctionDef> out;
    AddSessionFunctions(out);
    AddStringFunctions(out);
    AddMathFunctions(out);
    return out;
  }();
  return functions;
}

const FunctionDef* ResolveFunction(std::string_view name, const std::vector<types::Oid>& arg_types,
                                   bool star) {
  const FunctionDef* best = nullptr;
  int best_exact = -1;
  for (const FunctionDef& function : AllFunctions()) {
    if (function.name != name) continue;
    if (star) {
      continue;  // aggregates like count(*) come with the executor for tables
    }
    const size_t n = arg_types.size();
    if (function.variadic ? n + 1 < function.args.size() : n != function.args.size()) continue;
    int exact = 0;
    bool ok = true;
    for (size_t i = 0; i < n && ok; ++i) {
      types::Oid want = function.ArgType(i);
      types::Oid have = arg_types[i];
      if (want == kAnyArgument || have == want) {
        ++exact;
      } else if (have == types::kUnknown) {
        // An unknown literal fits any argument type.
      } else if (!types::CanCast(have, want, types::CastKind::kImplicit)) {
        ok = false;
      }
    }
    if (ok && exact > best_exact) {
      best = &function;
      best_exact = exact;
    }
  }
  return best;
}

}  // namespace sb::worker
