// Simple RowSources shared by plans.
#pragma once

#include <vector>

#include "worker/executor/exec_context.h"

namespace sb::worker {

// Rows computed up front (small results: SHOW, expression-only SELECTs).
class VectorRowSource : public RowSource {
 public:
  explicit VectorRowSource(std::vector<std::vector<types::Value>> rows) : rows_(std::move(rows)) {}
  bool Next(std::vector<types::Value>& row, ExecContext&) override {
    if (next_ >= rows_.size()) return false;
    row = std::move(rows_[next_++]);
    return true;
  }

 private:
  std::vector<std::vector<types::Value>> rows_;
  size_t next_ = 0;
};

}  // namespace sb::worker
