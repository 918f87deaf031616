#include "worker/executor/row_pipeline.h"

#include <algorithm>
#include <unordered_set>

#include "shared/types/compare.h"
#include "worker/executor/eval.h"

namespace sb::worker {
namespace {

struct RowHash {
  size_t operator()(const Row& row) const {
    size_t hash = row.size();
    for (const types::Value& value : row) {
      size_t h = value.IsNull() ? 0x9e3779b9u : types::Hash(value);
      hash ^= h + 0x9e3779b97f4a7c15ull + (hash << 6) + (hash >> 2);
    }
    return hash;
  }
};

// DISTINCT's notion of sameness: NULL equals NULL, values by SQL comparison.
struct RowEqual {
  bool operator()(const Row& a, const Row& b) const {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i].IsNull() != b[i].IsNull()) return false;
      if (!a[i].IsNull() && types::Compare(a[i], b[i]) != 0) return false;
    }
    return true;
  }
};

}  // namespace

FilterSource::FilterSource(std::shared_ptr<const void> owner, std::unique_ptr<RowSource> input,
                           const BoundExpr& condition)
    : owner_(std::move(owner)), input_(std::move(input)), condition_(condition) {}

bool FilterSource::Next(Row& row, ExecContext& context) {
  while (input_->Next(scratch_, context)) {
    EvalContext eval{context, &scratch_};
    if (EvalCondition(condition_, eval)) {
      row = std::move(scratch_);
      return true;
    }
  }
  return false;
}

ProjectSource::ProjectSource(std::shared_ptr<const void> owner, std::unique_ptr<RowSource> input,
                             const std::vector<BoundPtr>& exprs)
    : owner_(std::move(owner)), input_(std::move(input)), exprs_(exprs) {}

bool ProjectSource::Next(Row& row, ExecContext& context) {
  if (!input_->Next(scratch_, context)) return false;
  EvalContext eval{context, &scratch_};
  Row out;
  out.reserve(exprs_.size());
  for (const BoundPtr& expr : exprs_) out.push_back(Eval(*expr, eval));
  row = std::move(out);
  return true;
}

struct DistinctSource::Seen {
  std::unordered_set<Row, RowHash, RowEqual> rows;
};

DistinctSource::DistinctSource(std::unique_ptr<RowSource> input)
    : input_(std::move(input)), seen_(std::make_unique<Seen>()) {}

DistinctSource::~DistinctSource() = default;

bool DistinctSource::Next(Row& row, ExecContext& context) {
  while (input_->Next(row, context)) {
    if (seen_->rows.insert(row).second) return true;
  }
  return false;
}

LimitSource::LimitSource(std::unique_ptr<RowSource> input, int64_t offset, int64_t limit)
    : input_(std::move(input)), offset_(offset), remaining_(limit) {}

bool LimitSource::Next(Row& row, ExecContext& context) {
  if (remaining_ == 0) return false;
  while (offset_ > 0) {
    if (!input_->Next(row, context)) return false;
    --offset_;
  }
  if (!input_->Next(row, context)) return false;
  if (remaining_ > 0) --remaining_;
  return true;
}

std::vector<Row> DrainRows(RowSource& source, ExecContext& context) {
  std::vector<Row> rows;
  Row row;
  while (source.Next(row, context)) rows.push_back(std::move(row));
  return rows;
}

void SortRows(std::vector<Row>& rows, const std::vector<SortKey>& keys) {
  std::stable_sort(rows.begin(), rows.end(), [&keys](const Row& a, const Row& b) {
    for (const SortKey& key : keys) {
      const types::Value& x = a[static_cast<size_t>(key.column)];
      const types::Value& y = b[static_cast<size_t>(key.column)];
      if (x.IsNull() || y.IsNull()) {
        if (x.IsNull() == y.IsNull()) continue;
        return x.IsNull() == key.nulls_first;
      }
      int c = types::Compare(x, y);
      if (c != 0) return key.descending ? c > 0 : c < 0;
    }
    return false;
  });
}

void RemoveDuplicateRows(std::vector<Row>& rows) {
  std::unordered_set<Row, RowHash, RowEqual> seen;
  size_t kept = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!seen.insert(rows[i]).second) continue;
    if (kept != i) rows[kept] = std::move(rows[i]);
    ++kept;
  }
  rows.resize(kept);
}

}  // namespace sb::worker
