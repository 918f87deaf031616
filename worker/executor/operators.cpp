#include "worker/executor/operators.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "shared/errors/sql_error.h"
#include "shared/types/cast.h"
#include "shared/types/compare.h"
#include "shared/types/text_io.h"
#include "worker/executor/datetime_operators.h"
#include "worker/executor/eval.h"

namespace sb::worker {
namespace {

using types::Oid;
using types::Value;

[[noreturn]] void OutOfRange(Oid type) {
  const char* name = type == types::kInt2   ? "smallint"
                     : type == types::kInt4 ? "integer"
                                            : "bigint";
  ThrowSqlError(SqlState::kNumericValueOutOfRange, "{} out of range", name);
}

Value MakeInt(Oid type, __int128 value) {
  int64_t lo = type == types::kInt2 ? INT16_MIN : type == types::kInt4 ? INT32_MIN : INT64_MIN;
  int64_t hi = type == types::kInt2 ? INT16_MAX : type == types::kInt4 ? INT32_MAX : INT64_MAX;
  if (value < lo || value > hi) OutOfRange(type);
  return Value::Integer(type, static_cast<int64_t>(value));
}

Value MakeFloat(Oid type, double value, bool inputs_finite) {
  if (type == types::kFloat4) {
    float narrowed = static_cast<float>(value);
    if (std::isinf(narrowed) && inputs_finite) {
      throw SqlError(SqlState::kNumericValueOutOfRange, "value out of range: overflow");
    }
    return Value::Float4(narrowed);
  }
  if (std::isinf(value) && inputs_finite) {
    throw SqlError(SqlState::kNumericValueOutOfRange, "value out of range: overflow");
  }
  return Value::Float8(value);
}

[[noreturn]] void DivisionByZero() {
  throw SqlError(SqlState::kDivisionByZero, "division by zero");
}

types::Numeric AsNumeric(const Value& v) {
  if (v.kind() == Value::Kind::kNumeric) return v.GetNumeric();
  return types::Numeric::FromInt64(v.GetInt());
}

double AsDouble(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kFloat:
      return v.GetFloat();
    case Value::Kind::kInt:
      return static_cast<double>(v.GetInt());
    default:
      return std::stod(v.GetNumeric().ToString());
  }
}

template <char Op>
Value Arithmetic(const BoundExpr& call, std::vector<Value>& args, EvalContext&) {
  const Value& a = args[0];
  const Value& b = args[1];
  const Oid type = call.type;
  if (type == types::kNumeric) {
    types::Numeric x = AsNumeric(a), y = AsNumeric(b);
    switch (Op) {
      case '+':
        return Value::FromNumeric(x.Add(y));
      case '-':
        return Value::FromNumeric(x.Sub(y));
      case '*':
        return Value::FromNumeric(x.Mul(y));
      case '/':
        if (y.IsZero()) DivisionByZero();
        return Value::FromNumeric(x.Div(y));
      case '%':
        if (y.IsZero()) DivisionByZero();
        return Value::FromNumeric(x.Mod(y));
    }
  }
  if (type == types::kFloat4 || type == types::kFloat8) {
    double x = AsDouble(a), y = AsDouble(b);
    bool finite = std::isfinite(x) && std::isfinite(y);
    switch (Op) {
      case '+':
        return MakeFloat(type, x + y, finite);
      case '-':
        return MakeFloat(type, x - y, finite);
      case '*':
        return MakeFloat(type, x * y, finite);
      case '/':
        if (y == 0.0) DivisionByZero();
        return MakeFloat(type, x / y, finite);
    }
  }
  __int128 x = a.GetInt(), y = b.GetInt();
  switch (Op) {
    case '+':
      return MakeInt(type, x + y);
    case '-':
      return MakeInt(type, x - y);
    case '*':
      return MakeInt(type, x * y);
    case '/':
      if (y == 0) DivisionByZero();
      return MakeInt(type, x / y);  // truncates toward zero, as C and PostgreSQL do
    case '%':
      if (y == 0) DivisionByZero();
      return MakeInt(type, x % y);
  }
  throw SqlError(SqlState::kInternalError, "bad arithmetic operator");
}

Value Power(const BoundExpr& call, std::vector<Value>& args, EvalContext&) {
  double x = AsDouble(args[0]), y = AsDouble(args[1]);
  if (x == 0 && y < 0) {
    throw SqlError(SqlState::kInvalidArgumentForPowerFunction,
                   "zero raised to a negative power is undefined");
  }
  if (x < 0 && std::floor(y) != y) {
    throw SqlError(SqlState::kInvalidArgumentForPowerFunction,
                   "a negative number raised to a non-integer power yields a complex result");
  }
  if (call.type == types::kNumeric) {
    types::Numeric base = AsNumeric(args[0]), exponent = AsNumeric(args[1]);
    if (exponent.IsInteger() && std::fabs(y) <= 10000) {
      types::Numeric result = types::Numeric::FromInt64(1);
      for (int64_t i = 0, n = static_cast<int64_t>(std::fabs(y)); i < n; ++i) {
        result = result.Mul(base);
      }
      if (y < 0) result = types::Numeric::FromInt64(1).Div(result);
      return Value::FromNumeric(result);
    }
    // Like PostgreSQL's power_var: at least 16 significant digits, and at least the inputs'
    // display scale.
    // long double carries the ~19 digits that rounding to 16 needs.
    long double value = std::pow(static_cast<long double>(x), static_cast<long double>(y));
    if (!std::isfinite(value)) {
      throw SqlError(SqlState::kNumericValueOutOfRange, "value overflows numeric format");
    }
    int magnitude =
        value == 0
            ? 0
            : static_cast<int>(std::floor(std::log10(std::fabs(static_cast<double>(value)))));
    int scale = std::clamp(16 - magnitude, std::max(base.dscale(), exponent.dscale()),
                           types::Numeric::kMaxResultScale);
    return Value::FromNumeric(
        types::Numeric::Parse(fmt::format("{:.{}f}", value, std::max(scale, 0))));
  }
  double result = std::pow(x, y);
  return MakeFloat(types::kFloat8, result, std::isfinite(x) && std::isfinite(y));
}

Value Negate(const BoundExpr& call, std::vector<Value>& args, EvalContext&) {
  const Value& a = args[0];
  switch (a.kind()) {
    case Value::Kind::kNumeric:
      return Value::FromNumeric(a.GetNumeric().Neg());
    case Value::Kind::kFloat:
      return Value::Double(call.type, -a.GetFloat());
    case Value::Kind::kInterval: {
      types::Interval i = a.GetInterval();
      return Value::FromInterval({-i.micros, -i.days, -i.months});
    }
    default:
      return MakeInt(call.type, -static_cast<__int128>(a.GetInt()));
  }
}

Value AbsolutePrefix(const BoundExpr& call, std::vector<Value>& args, EvalContext& context) {
  if (args[0].kind() == Value::Kind::kNumeric) {
    return Value::FromNumeric(args[0].GetNumeric().Abs());
  }
  if (args[0].kind() == Value::Kind::kFloat) {
    return Value::Double(call.type, std::fabs(args[0].GetFloat()));
  }
  int64_t v = args[0].GetInt();
  return v < 0 ? Negate(call, args, context) : args[0];
}

template <char Op>
Value IntegerBits(const BoundExpr& call, std::vector<Value>& args, EvalContext&) {
  int64_t a = args[0].GetInt(), b = args[1].GetInt();
  switch (Op) {
    case '&':
      return Value::Integer(call.type, a & b);
    case '|':
      return Value::Integer(call.type, a | b);
    case '#':
      return Value::Integer(call.type, a ^ b);
    case '<':
      return MakeInt(call.type, b >= 64 || b < 0 ? 0 : static_cast<__int128>(a) << b);
    case '>':
      return Value::Integer(call.type, b >= 64 ? (a < 0 ? -1 : 0) : a >> std::max<int64_t>(b, 0));
  }
  throw SqlError(SqlState::kInternalError, "bad bit operator");
}

// Text of any value, as || needs it (text || anynonarray).
Value Concat(const BoundExpr&, std::vector<Value>& args, EvalContext& context) {
  std::string out;
  for (const Value& v : args) {
    if (v.kind() == Value::Kind::kString && v.type() != types::kBytea) {
      out += v.GetString();
    } else {
      // PostgreSQL's text || anynonarray is `$1 || $2::text`: a cast, so true → "true".
      out += types::Cast(v, types::kText, -1, types::CastKind::kExplicit, context.exec.format)
                 .GetString();
    }
  }
  return Value::Text(std::move(out));
}

bool IsStringType(Oid type) {
  const types::TypeInfo* info = types::FindType(type);
  return info && info->category == types::kCategoryString;
}

template <int Op>  // 0 = , 1 <>, 2 <, 3 >, 4 <=, 5 >=
Value CompareOp(const BoundExpr&, std::vector<Value>& args, EvalContext&) {
  int c = types::Compare(args[0], args[1]);
  bool r = false;
  switch (Op) {
    case 0:
      r = c == 0;
      break;
    case 1:
      r = c != 0;
      break;
    case 2:
      r = c < 0;
      break;
    case 3:
      r = c > 0;
      break;
    case 4:
      r = c <= 0;
      break;
    case 5:
      r = c >= 0;
      break;
  }
  return Value::Bool(r);
}

int OpIndex(std::string_view op) {
  if (op == "=") return 0;
  if (op == "<>" || op == "!=") return 1;
  if (op == "<") return 2;
  if (op == ">") return 3;
  if (op == "<=") return 4;
  if (op == ">=") return 5;
  return -1;
}

bool CompareWith(int op, const Value& a, const Value& b) {
  int c = types::Compare(a, b);
  switch (op) {
    case 0:
      return c == 0;
    case 1:
      return c != 0;
    case 2:
      return c < 0;
    case 3:
      return c > 0;
    case 4:
      return c <= 0;
    default:
      return c >= 0;
  }
}

Value Distinct(const BoundExpr& call, std::vector<Value>& args, EvalContext&) {
  bool distinct;
  if (args[0].IsNull() || args[1].IsNull()) {
    distinct = args[0].IsNull() != args[1].IsNull();
  } else {
    distinct = types::Compare(args[0], args[1]) != 0;
  }
  return Value::Bool(distinct != call.negated);
}

Value InList(const BoundExpr& call, std::vector<Value>& args, EvalContext&) {
  if (args[0].IsNull()) return Value::Null(types::kBool);
  bool saw_null = false;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i].IsNull()) {
      saw_null = true;
    } else if (types::Compare(args[0], args[i]) == 0) {
      return Value::Bool(!call.negated);
    }
  }
  if (saw_null) return Value::Null(types::kBool);
  return Value::Bool(call.negated);
}

Value GreatestLeast(const BoundExpr& call, std::vector<Value>& args, EvalContext&) {
  const Value* best = nullptr;
  for (const Value& v : args) {
    if (v.IsNull()) continue;  // NULLs are ignored, as in PostgreSQL
    if (best == nullptr) {
      best = &v;
      continue;
    }
    int c = types::Compare(v, *best);
    if (call.flag == 1 ? c > 0 : c < 0) best = &v;
  }
  return best ? *best : Value::Null(call.type);
}

Value NullIf(const BoundExpr& call, std::vector<Value>& args, EvalContext&) {
  if (!args[0].IsNull() && !args[1].IsNull() && types::Compare(args[0], args[1]) == 0) {
    return Value::Null(call.type);
  }
  return args[0];
}

template <int Op>
Value AnyAll(const BoundExpr& call, std::vector<Value>& args, EvalContext&) {
  if (args[0].IsNull() || args[1].IsNull()) return Value::Null(types::kBool);
  const bool all = call.flag == 1;
  bool saw_null = false;
  for (const Value& element : args[1].GetArray().elements) {
    if (element.IsNull()) {
      saw_null = true;
      continue;
    }
    bool r = CompareWith(Op, args[0], element);
    if (all && !r) return Value::Bool(false);
    if (!all && r) return Value::Bool(true);
  }
  if (saw_null) return Value::Null(types::kBool);
  return Value::Bool(all);
}

// One UTF-8 character's length from its lead byte (malformed bytes count as 1).
size_t CharLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xe) return 3;
  if ((lead >> 3) == 0x1e) return 4;
  return 1;
}

bool LikeMatch(std::string_view s, std::string_view p, char escape, bool has_escape) {
  // Iterative matcher with backtracking to the last '%', character-aware for UTF-8.
  size_t si = 0, pi = 0, star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size()) {
      char pc = p[pi];
      if (has_escape && pc == escape) {
        if (pi + 1 >= p.size()) {
          throw SqlError(SqlState::kInvalidEscapeSequence,
                         "LIKE pattern must not end with escape character");
        }
        size_t len = CharLength(static_cast<unsigned char>(p[pi + 1]));
        if (s.compare(si, len, p.substr(pi + 1, len)) == 0) {
          si += len;
          pi += 1 + len;
          continue;
        }
      } else if (pc == '%') {
        star_p = ++pi;
        star_s = si;
        continue;
      } else if (pc == '_') {
        si += CharLength(static_cast<unsigned char>(s[si]));
        ++pi;
        continue;
      } else {
        size_t len = CharLength(static_cast<unsigned char>(pc));
        if (s.compare(si, len, p.substr(pi, len)) == 0) {
          si += len;
          pi += len;
          continue;
        }
      }
    }
    if (star_p == std::string_view::npos) return false;
    star_s += CharLength(static_cast<unsigned char>(s[star_s]));
    si = star_s;
    pi = star_p;
  }
  while (pi < p.size() && p[pi] == '%') ++pi;
  return pi == p.size();
}

std::string FoldCase(std::string_view s) {
  // ASCII folding (C collation); other characters compare as they are.
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

template <bool CaseInsensitive, bool Negated>
Value Like(const BoundExpr&, std::vector<Value>& args, EvalContext&) {
  char escape = '\\';
  bool has_escape = true;
  if (args.size() > 2) {
    const std::string& e = args[2].GetString();
    if (e.empty()) {
      has_escape = false;
    } else if (e.size() == 1) {
      escape = e[0];
    } else {
      throw SqlError(SqlState::kInvalidEscapeSequence, "invalid escape string")
          .WithHint("Escape string must be empty or one character.");
    }
  }
  bool match;
  if constexpr (CaseInsensitive) {
    match =
        LikeMatch(FoldCase(args[0].GetString()), FoldCase(args[1].GetString()), escape, has_escape);
  } else {
    match = LikeMatch(args[0].GetString(), args[1].GetString(), escape, has_escape);
  }
  return Value::Bool(match != Negated);
}

Value ArrayConstruct(const BoundExpr& call, std::vector<Value>& args, EvalContext&) {
  return Value::Array(types::ArrayElementType(call.type), std::move(args), call.type);
}

}  // namespace

int NumericRank(Oid type) {
  switch (type) {
    case types::kInt2:
      return 1;
    case types::kInt4:
      return 2;
    case types::kInt8:
      return 3;
    case types::kNumeric:
      return 4;
    case types::kFloat4:
      return 5;
    case types::kFloat8:
      return 6;
    default:
      return 0;
  }
}

bool IsComparable(Oid type) {
  const types::TypeInfo* info = types::FindType(type);
  if (info == nullptr) return false;
  return type != types::kJson && type != types::kXml && type != types::kVoid;
}

FunctionImpl ComparisonImpl(std::string_view op) {
  switch (OpIndex(op)) {
    case 0:
      return CompareOp<0>;
    case 1:
      return CompareOp<1>;
    case 2:
      return CompareOp<2>;
    case 3:
      return CompareOp<3>;
    case 4:
      return CompareOp<4>;
    case 5:
      return CompareOp<5>;
    default:
      return nullptr;
  }
}

std::optional<OperatorChoice> ResolveBinaryOperator(std::string_view op, Oid left, Oid right) {
  if (op == "||") {
    if (IsStringType(left) || IsStringType(right)) {
      return OperatorChoice{Concat, left, right, types::kText};
    }
    return std::nullopt;
  }
  const int rl = NumericRank(left), rr = NumericRank(right);
  if (rl > 0 && rr > 0) {
    Oid type = rl >= rr ? left : right;
    // float4 meets float4 only in float4 arithmetic; mixed with anything else PostgreSQL
    // picks its preferred numeric type, float8.
    if (type == types::kFloat4 && left != right) type = types::kFloat8;
    if (op == "+") return OperatorChoice{Arithmetic<'+'>, type, type, type};
    if (op == "-") return OperatorChoice{Arithmetic<'-'>, type, type, type};
    if (op == "*") return OperatorChoice{Arithmetic<'*'>, type, type, type};
    if (op == "/") return OperatorChoice{Arithmetic<'/'>, type, type, type};
    if (op == "%" && type != types::kFloat4 && type != types::kFloat8) {
      return OperatorChoice{Arithmetic<'%'>, type, type, type};
    }
    if (op == "^") {
      Oid result = type == types::kNumeric ? types::kNumeric : types::kFloat8;
      return OperatorChoice{Power, result, result, result};
    }
    if (rl <= 3 && rr <= 3) {
      if (op == "&") return OperatorChoice{IntegerBits<'&'>, type, type, type};
      if (op == "|") return OperatorChoice{IntegerBits<'|'>, type, type, type};
      if (op == "#") return OperatorChoice{IntegerBits<'#'>, type, type, type};
      if (op == "<<") return OperatorChoice{IntegerBits<'<'>, left, types::kInt4, left};
      if (op == ">>") return OperatorChoice{IntegerBits<'>'>, left, types::kInt4, left};
    }
  }
  return ResolveDatetimeOperator(op, left, right);
}

std::optional<OperatorChoice> ResolveUnaryOperator(std::string_view op, Oid operand) {
  if (op == "-" && (NumericRank(operand) > 0 || operand == types::kInterval)) {
    return OperatorChoice{Negate, operand, operand, operand};
  }
  if (op == "+" && NumericRank(operand) > 0) {
    return OperatorChoice{AbsolutePrefix, operand, operand, operand};
  }
  if (op == "@" && NumericRank(operand) > 0) {
    return OperatorChoice{AbsolutePrefix, operand, operand, operand};
  }
  return std::nullopt;
}

FunctionImpl DistinctImpl() {
  return Distinct;
}
FunctionImpl InListImpl() {
  return InList;
}
FunctionImpl GreatestLeastImpl() {
  return GreatestLeast;
}
FunctionImpl NullIfImpl() {
  return NullIf;
}
FunctionImpl ArrayConstructImpl() {
  return ArrayConstruct;
}

FunctionImpl AnyAllImpl(std::string_view op) {
  switch (OpIndex(op)) {
    case 0:
      return AnyAll<0>;
    case 1:
      return AnyAll<1>;
    case 2:
      return AnyAll<2>;
    case 3:
      return AnyAll<3>;
    case 4:
      return AnyAll<4>;
    case 5:
      return AnyAll<5>;
    default:
      return nullptr;
  }
}

FunctionImpl LikeImpl(bool case_insensitive, bool negated) {
  if (case_insensitive) return negated ? Like<true, true> : Like<true, false>;
  return negated ? Like<false, true> : Like<false, false>;
}

}  // namespace sb::worker
