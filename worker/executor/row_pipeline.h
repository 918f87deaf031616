// The row operators a single-table SELECT is built from: filter, project, distinct,
// offset/limit (streaming RowSources) and sort (on rows drained into memory).
//
// Created by a plan's Execute on the worker's thread and owned by the portal streaming the
// result. The bound expressions belong to the plan; each source keeps the plan's shared state
// alive through `owner`, so a suspended portal never points into freed memory.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "worker/executor/bound_expr.h"
#include "worker/executor/exec_context.h"

namespace sb::worker {

using Row = std::vector<types::Value>;

// Rows of `input` for which `condition` is TRUE.
class FilterSource : public RowSource {
 public:
  FilterSource(std::shared_ptr<const void> owner, std::unique_ptr<RowSource> input,
               const BoundExpr& condition);
  bool Next(Row& row, ExecContext& context) override;

 private:
  std::shared_ptr<const void> owner_;
  std::unique_ptr<RowSource> input_;
  const BoundExpr& condition_;
  Row scratch_;
};

// One output row per input row: the values of `exprs` over it.
class ProjectSource : public RowSource {
 public:
  ProjectSource(std::shared_ptr<const void> owner, std::unique_ptr<RowSource> input,
                const std::vector<BoundPtr>& exprs);
  bool Next(Row& row, ExecContext& context) override;

 private:
  std::shared_ptr<const void> owner_;
  std::unique_ptr<RowSource> input_;
  const std::vector<BoundPtr>& exprs_;
  Row scratch_;
};

// The first occurrence of each distinct row (NULLs equal to each other, as DISTINCT wants).
class DistinctSource : public RowSource {
 public:
  explicit DistinctSource(std::unique_ptr<RowSource> input);
  ~DistinctSource() override;
  bool Next(Row& row, ExecContext& context) override;

 private:
  struct Seen;
  std::unique_ptr<RowSource> input_;
  std::unique_ptr<Seen> seen_;
};

// Drops the columns after the first `width` (sort-only columns the result does not show).
class TrimSource : public RowSource {
 public:
  TrimSource(std::unique_ptr<RowSource> input, size_t width)
      : input_(std::move(input)), width_(width) {}
  bool Next(Row& row, ExecContext& context) override {
    if (!input_->Next(row, context)) return false;
    if (row.size() > width_) row.resize(width_);
    return true;
  }

 private:
  std::unique_ptr<RowSource> input_;
  size_t width_;
};

// Skips `offset` rows, then passes at most `limit` (negative: no limit).
class LimitSource : public RowSource {
 public:
  LimitSource(std::unique_ptr<RowSource> input, int64_t offset, int64_t limit);
  bool Next(Row& row, ExecContext& context) override;

 private:
  std::unique_ptr<RowSource> input_;
  int64_t offset_;
  int64_t remaining_;
};

struct SortKey {
  int column = -1;  // position in the row
  bool descending = false;
  bool nulls_first = false;
};

// Every remaining row of `source`.
std::vector<Row> DrainRows(RowSource& source, ExecContext& context);
// Stable sort by `keys` with PostgreSQL's ordering (types::Compare).
void SortRows(std::vector<Row>& rows, const std::vector<SortKey>& keys);
// Keeps the first occurrence of each distinct row, in order.
void RemoveDuplicateRows(std::vector<Row>& rows);

}  // namespace sb::worker
