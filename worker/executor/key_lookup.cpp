#include "worker/executor/key_lookup.h"

#include <algorithm>
#include <limits>

#include "shared/storage/document_key.h"
#include "shared/types/compare.h"
#include "worker/executor/eval.h"
#include "worker/executor/operators.h"

namespace sb::worker {
namespace {

bool IsIntegerType(types::Oid type) {
  return type == types::kInt2 || type == types::kInt4 || type == types::kInt8;
}

bool IsConstant(const BoundExpr& expr) {
  if (expr.kind == BoundKind::kConst || expr.kind == BoundKind::kParam) return true;
  return expr.kind == BoundKind::kCast && expr.args.size() == 1 && IsConstant(*expr.args[0]);
}

// Whether `expr` is the key column, as is or widened without changing which values are equal
// (int2 → int4 → int8, varchar → text). bpchar keys are left to the scan: their equality
// ignores trailing spaces, their file names do not.
bool IsKeyColumn(const BoundExpr& expr, int key_index, types::Oid key_type) {
  if (key_type == types::kBpchar) return false;
  if (expr.kind == BoundKind::kColumn) return expr.index == key_index;
  if (expr.kind != BoundKind::kCast || expr.args.size() != 1) return false;
  const BoundExpr& inner = *expr.args[0];
  if (inner.kind != BoundKind::kColumn || inner.index != key_index) return false;
  if (IsIntegerType(key_type) && IsIntegerType(expr.type)) return true;
  return key_type == types::kVarchar && expr.type == types::kText;
}

// `key = const` or `const = key`: the constant side, else null.
const BoundExpr* EqualityConstant(const BoundExpr& expr, int key_index, types::Oid key_type) {
  static const FunctionImpl kEquals = ComparisonImpl("=");
  if (expr.kind != BoundKind::kCall || expr.impl != kEquals || expr.args.size() != 2) {
    return nullptr;
  }
  const BoundExpr& left = *expr.args[0];
  const BoundExpr& right = *expr.args[1];
  if (IsKeyColumn(left, key_index, key_type) && IsConstant(right)) return &right;
  if (IsKeyColumn(right, key_index, key_type) && IsConstant(left)) return &left;
  return nullptr;
}

std::optional<KeyLookup> FromConjunct(const BoundExpr& expr, int key_index, types::Oid key_type) {
  KeyLookup lookup;
  lookup.key_type = key_type;
  if (const BoundExpr* constant = EqualityConstant(expr, key_index, key_type)) {
    lookup.values.push_back(constant);
    return lookup;
  }
  if (expr.kind == BoundKind::kInList && !expr.negated && expr.args.size() >= 2 &&
      IsKeyColumn(*expr.args[0], key_index, key_type)) {
    for (size_t i = 1; i < expr.args.size(); ++i) {
      if (!IsConstant(*expr.args[i])) return std::nullopt;
      lookup.values.push_back(expr.args[i].get());
    }
    return lookup;
  }
  if (expr.kind == BoundKind::kAnd) {
    for (const BoundPtr& arg : expr.args) {
      if (auto found = FromConjunct(*arg, key_index, key_type)) return found;
    }
  }
  return std::nullopt;
}

// The value as the key type, or nullopt when no key can equal it.
std::optional<types::Value> AsKey(const types::Value& value, types::Oid key_type) {
  if (value.IsNull()) return std::nullopt;
  if (value.type() == key_type) return value;
  if (IsIntegerType(key_type) && IsIntegerType(value.type())) {
    const int64_t n = value.GetInt();
    int64_t low = std::numeric_limits<int64_t>::min(), high = std::numeric_limits<int64_t>::max();
    if (key_type == types::kInt2) {
      low = std::numeric_limits<int16_t>::min();
      high = std::numeric_limits<int16_t>::max();
    } else if (key_type == types::kInt4) {
      low = std::numeric_limits<int32_t>::min();
      high = std::numeric_limits<int32_t>::max();
    }
    if (n < low || n > high) return std::nullopt;
    return types::Value::Integer(key_type, n);
  }
  if (key_type == types::kVarchar && value.type() == types::kText) {
    return value.WithType(key_type);
  }
  return std::nullopt;
}

}  // namespace

std::optional<KeyLookup> FindKeyLookup(const BoundExpr* where, const storage::TableSchema& schema) {
  if (where == nullptr) return std::nullopt;
  std::vector<int> key = schema.PrimaryKeyColumns();
  if (key.size() != 1) return std::nullopt;
  const types::Oid key_type = schema.columns[static_cast<size_t>(key[0])].type.oid;
  if (!storage::IsSupportedKeyType(key_type)) return std::nullopt;
  return FromConjunct(*where, key[0], key_type);
}

std::vector<DocumentEntry> KeyLookupEntries(const KeyLookup& lookup, ExecContext& context) {
  EvalContext eval{context};
  std::vector<types::Value> keys;
  for (const BoundExpr* expr : lookup.values) {
    if (std::optional<types::Value> key = AsKey(Eval(*expr, eval), lookup.key_type)) {
      keys.push_back(std::move(*key));
    }
  }
  std::sort(keys.begin(), keys.end(),
            [](const types::Value& a, const types::Value& b) { return types::Compare(a, b) < 0; });
  keys.erase(std::unique(keys.begin(), keys.end(),
                         [](const types::Value& a, const types::Value& b) {
                           return types::Compare(a, b) == 0;
                         }),
             keys.end());
  std::vector<DocumentEntry> entries;
  entries.reserve(keys.size());
  for (const types::Value& key : keys) {
    DocumentEntry entry;
    entry.stem = storage::EncodeKeyStem(key);
    entry.file_name = entry.stem + std::string(storage::kJsonSuffix);
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace sb::worker
