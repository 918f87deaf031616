#include "worker/executor/key_lookup.h"

#include <algorithm>
#include <limits>
#include <set>

#include "shared/index/index_definitions.h"
#include "shared/index/index_key.h"
#include "shared/index/index_reader.h"
#include "shared/storage/document_key.h"
#include "shared/types/compare.h"
#include "worker/catalog.h"
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
// (int2 → int4 → int8, varchar → text). (bpchar primary keys are left to the scan: their
// equality ignores trailing spaces, their file names do not; index keys drop them.)
bool IsKeyColumn(const BoundExpr& expr, int key_index, types::Oid key_type) {
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
  if (key.size() == 1) {
    const types::Oid key_type = schema.columns[static_cast<size_t>(key[0])].type.oid;
    if (storage::IsSupportedKeyType(key_type) && key_type != types::kBpchar) {
      if (auto found = FromConjunct(*where, key[0], key_type)) return found;
    }
  }
  // Unique indexes first: they name at most one row per value.
  std::vector<index::IndexDefinition> indexes = index::TableIndexes(schema);
  std::stable_partition(indexes.begin(), indexes.end(),
                        [](const index::IndexDefinition& d) { return d.unique; });
  for (const index::IndexDefinition& d : indexes) {
    if (d.primary || !d.indexable) continue;
    if (auto found = FromConjunct(*where, d.columns[0], d.types[0])) {
      found->index_name = d.name;
      found->signature = index::Signature(schema, d);
      return found;
    }
  }
  return std::nullopt;
}

std::vector<DocumentEntry> ChooseDocuments(const std::optional<KeyLookup>& lookup,
                                           const TableReadSpec& spec, const std::string& table_dir,
                                           ExecContext& context) {
  if (lookup) {
    if (auto entries = KeyLookupEntries(*lookup, spec.table, context)) return std::move(*entries);
  }
  return ListDocuments(spec, table_dir, context.catalog->paths(), context);
}

std::optional<std::vector<DocumentEntry>> KeyLookupEntries(const KeyLookup& lookup,
                                                           const std::string& table,
                                                           ExecContext& context) {
  if (!lookup.index_name.empty() && context.indexes == nullptr) return std::nullopt;
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
  if (!lookup.index_name.empty()) {
    const index::IndexId id{context.database, table, lookup.index_name, lookup.signature};
    std::set<std::string> seen;
    for (const types::Value& key : keys) {
      std::string prefix;
      index::AppendKeyPart(prefix, key, lookup.key_type);
      std::optional<std::vector<std::string>> stems = context.indexes->Prefix(id, prefix);
      if (!stems) return std::nullopt;
      for (std::string& stem : *stems) {
        if (!seen.insert(stem).second) continue;
        DocumentEntry entry;
        entry.file_name = stem + std::string(storage::kJsonSuffix);
        entry.stem = std::move(stem);
        entries.push_back(std::move(entry));
      }
    }
    return entries;
  }
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
