// String functions: length(), lower(), upper(), concat(), ...
#include "shared/types/text_io.h"
#include "worker/executor/builtin_functions.h"
#include "worker/executor/eval.h"

namespace sb::worker {
namespace {

using types::Value;
using Args = std::vector<Value>;

// Characters, not bytes: the server encoding is UTF-8.
int64_t Utf8Length(std::string_view s) {
  int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

Value Length(const BoundExpr&, Args& args, EvalContext&) {
  return Value::Int4(static_cast<int32_t>(Utf8Length(args[0].GetString())));
}

Value OctetLength(const BoundExpr&, Args& args, EvalContext&) {
  return Value::Int4(static_cast<int32_t>(args[0].GetString().size()));
}

Value Lower(const BoundExpr&, Args& args, EvalContext&) {
  std::string s = args[0].GetString();
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Value::Text(std::move(s));
}

Value Upper(const BoundExpr&, Args& args, EvalContext&) {
  std::string s = args[0].GetString();
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return Value::Text(std::move(s));
}

// concat() skips NULLs and formats every other argument as text.
Value Concat(const BoundExpr&, Args& args, EvalContext& context) {
  std::string out;
  for (const Value& v : args) {
    if (v.IsNull()) continue;
    if (v.kind() == Value::Kind::kString && v.type() != types::kBytea) {
      out += v.GetString();
    } else {
      types::AppendText(v, context.exec.format, out);
    }
  }
  return Value::Text(std::move(out));
}

}  // namespace

void AddStringFunctions(std::vector<FunctionDef>& out) {
  using namespace types;
  out.push_back({"length", {kText}, kInt4, Length});
  out.push_back({"char_length", {kText}, kInt4, Length});
  out.push_back({"character_length", {kText}, kInt4, Length});
  out.push_back({"octet_length", {kText}, kInt4, OctetLength});
  out.push_back({"lower", {kText}, kText, Lower});
  out.push_back({"upper", {kText}, kText, Upper});
  out.push_back({"concat", {kAnyArgument}, kText, Concat, false, true});
}

}  // namespace sb::worker
