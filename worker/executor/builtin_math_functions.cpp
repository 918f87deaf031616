// Numeric functions: abs(), round(), floor(), ceil(), random(), ...
#include <cmath>
#include <random>

#include "worker/executor/builtin_functions.h"
#include "worker/executor/eval.h"

namespace sb::worker {
namespace {

using types::Value;
using Args = std::vector<Value>;

Value AbsInt(const BoundExpr& call, Args& args, EvalContext&) {
  int64_t v = args[0].GetInt();
  if (v == INT64_MIN || (call.type == types::kInt4 && v == INT32_MIN) ||
      (call.type == types::kInt2 && v == INT16_MIN)) {
    throw SqlError(SqlState::kNumericValueOutOfRange,
                   call.type == types::kInt2   ? "smallint out of range"
                   : call.type == types::kInt4 ? "integer out of range"
                                               : "bigint out of range");
  }
  return Value::Integer(call.type, v < 0 ? -v : v);
}

Value AbsFloat(const BoundExpr& call, Args& args, EvalContext&) {
  return Value::Double(call.type, std::fabs(args[0].GetFloat()));
}

Value AbsNumeric(const BoundExpr&, Args& args, EvalContext&) {
  return Value::FromNumeric(args[0].GetNumeric().Abs());
}

Value RoundNumeric(const BoundExpr&, Args& args, EvalContext&) {
  int scale = args.size() > 1 ? static_cast<int>(args[1].GetInt()) : 0;
  return Value::FromNumeric(args[0].GetNumeric().Round(scale));
}

Value RoundFloat(const BoundExpr&, Args& args, EvalContext&) {
  return Value::Float8(std::nearbyint(args[0].GetFloat()));  // half to even, like rint()
}

Value FloorFloat(const BoundExpr&, Args& args, EvalContext&) {
  return Value::Float8(std::floor(args[0].GetFloat()));
}

Value CeilFloat(const BoundExpr&, Args& args, EvalContext&) {
  return Value::Float8(std::ceil(args[0].GetFloat()));
}

Value Random(const BoundExpr&, Args&, EvalContext&) {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  return Value::Float8(std::uniform_real_distribution<double>(0.0, 1.0)(engine));
}

}  // namespace

void AddMathFunctions(std::vector<FunctionDef>& out) {
  using namespace types;
  out.push_back({"abs", {kInt2}, kInt2, AbsInt});
  out.push_back({"abs", {kInt4}, kInt4, AbsInt});
  out.push_back({"abs", {kInt8}, kInt8, AbsInt});
  out.push_back({"abs", {kNumeric}, kNumeric, AbsNumeric});
  out.push_back({"abs", {kFloat8}, kFloat8, AbsFloat});
  out.push_back({"round", {kNumeric}, kNumeric, RoundNumeric});
  out.push_back({"round", {kNumeric, kInt4}, kNumeric, RoundNumeric});
  out.push_back({"round", {kFloat8}, kFloat8, RoundFloat});
  out.push_back({"floor", {kFloat8}, kFloat8, FloorFloat});
  out.push_back({"ceil", {kFloat8}, kFloat8, CeilFloat});
  out.push_back({"ceiling", {kFloat8}, kFloat8, CeilFloat});
  out.push_back({"random", {}, kFloat8, Random});
}

}  // namespace sb::worker
