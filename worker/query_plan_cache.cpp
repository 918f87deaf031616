#include "worker/query_plan_cache.h"

namespace sb::worker {
namespace {

bool IsLiteral(const sql::ExprPtr& expr) {
  return expr && std::holds_alternative<sql::Literal>(expr->node);
}

}  // namespace

bool MayLiftConstants(const sql::Statement& statement) {
  if (const auto* select = std::get_if<sql::SelectStmt>(&statement.node)) {
    for (const sql::OrderItem& item : select->order_by) {
      if (IsLiteral(item.expr)) return false;
    }
    for (const sql::ExprPtr& expr : select->group_by) {
      if (IsLiteral(expr)) return false;
    }
    for (const sql::ExprPtr& expr : select->distinct_on) {
      if (IsLiteral(expr)) return false;
    }
    return true;
  }
  return std::holds_alternative<sql::InsertStmt>(statement.node) ||
         std::holds_alternative<sql::UpdateStmt>(statement.node) ||
         std::holds_alternative<sql::DeleteStmt>(statement.node);
}

bool SameResult(const PreparedStatement& a, const PreparedStatement& b) {
  if (a.returns_rows != b.returns_rows || a.columns.size() != b.columns.size()) return false;
  for (size_t i = 0; i < a.columns.size(); ++i) {
    const ColumnDesc& x = a.columns[i];
    const ColumnDesc& y = b.columns[i];
    if (x.name != y.name || x.type != y.type || x.typmod != y.typmod ||
        x.table_oid != y.table_oid || x.attnum != y.attnum) {
      return false;
    }
  }
  return true;
}

std::string QueryCacheKey(const sql::LiftedQuery& lifted) {
  std::string key = lifted.text;
  key += '\0';
  for (const sql::LiftedLiteral& literal : lifted.literals) {
    key += static_cast<char>('0' + static_cast<int>(literal.kind));
  }
  return key;
}

const QueryPlanCache::Entry* QueryPlanCache::Find(const std::string& key) {
  auto found = index_.find(key);
  if (found == index_.end()) return nullptr;
  items_.splice(items_.begin(), items_, found->second);
  return &found->second->second;
}

void QueryPlanCache::Put(const std::string& key, Entry entry) {
  Erase(key);
  if (capacity_ == 0) return;
  items_.emplace_front(key, std::move(entry));
  index_.emplace(key, items_.begin());
  while (index_.size() > capacity_) {
    index_.erase(items_.back().first);
    items_.pop_back();
  }
}

void QueryPlanCache::Erase(const std::string& key) {
  auto found = index_.find(key);
  if (found == index_.end()) return;
  items_.erase(found->second);
  index_.erase(found);
}

void QueryPlanCache::Clear() {
  index_.clear();
  items_.clear();
}

}  // namespace sb::worker
