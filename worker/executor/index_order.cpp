#include "worker/executor/index_order.h"

#include <fmt/format.h>

#include <algorithm>

#include "shared/errors/sql_error.h"
#include "shared/index/index_definitions.h"
#include "shared/index/index_reader.h"

namespace sb::worker {
namespace {

constexpr size_t kMaxBatch = 4096;

class IndexOrderSource : public RowSource {
 public:
  IndexOrderSource(std::shared_ptr<const TableReadSpec> spec, std::string table_dir,
                   IndexOrder order, index::WalkStep first, size_t batch)
      : spec_(std::move(spec)),
        table_dir_(std::move(table_dir)),
        order_(std::move(order)),
        resume_(std::move(first.resume)),
        done_(first.done),
        batch_(batch) {
    Load(std::move(first.stems));
  }

  bool Next(std::vector<types::Value>& row, ExecContext& context) override {
    for (;;) {
      if (current_ && current_->Next(row, context)) return true;
      if (done_) return false;
      context.hooks.CheckForInterrupts();
      batch_ = std::min(batch_ * 2, kMaxBatch);
      std::optional<index::WalkStep> step =
          context.indexes == nullptr
              ? std::nullopt
              : context.indexes->Walk(Id(context), order_.descending, resume_, batch_);
      // The index went away mid-read (its table or schema changed): rows already sent cannot
      // be taken back, so the statement fails rather than return a partial result.
      if (!step) {
        throw SqlError(SqlState::kSerializationFailure,
                       fmt::format("index \"{}\" changed during the read; run the statement again",
                                   order_.index_name));
      }
      resume_ = std::move(step->resume);
      done_ = step->done;
      Load(std::move(step->stems));
    }
  }

 private:
  index::IndexId Id(ExecContext& context) const {
    return {context.database, spec_->table, order_.index_name, order_.signature};
  }

  void Load(std::vector<std::string> stems) {
    std::vector<DocumentEntry> entries;
    entries.reserve(stems.size());
    for (std::string& stem : stems) {
      DocumentEntry entry;
      entry.file_name = stem + std::string(storage::kJsonSuffix);
      entry.stem = std::move(stem);
      entries.push_back(std::move(entry));
    }
    current_ = std::make_unique<DocumentRowSource>(spec_, table_dir_, std::move(entries));
  }

  std::shared_ptr<const TableReadSpec> spec_;
  std::string table_dir_;
  IndexOrder order_;
  std::string resume_;
  bool done_ = false;
  size_t batch_;
  std::unique_ptr<DocumentRowSource> current_;
};

}  // namespace

std::optional<IndexOrder> FindIndexOrder(const storage::TableSchema& schema, int column,
                                         bool descending, bool nulls_first) {
  if (nulls_first != descending) return std::nullopt;
  std::vector<index::IndexDefinition> indexes = index::TableIndexes(schema);
  // The primary key first (its order is also the folder's), then single-column indexes.
  std::stable_sort(indexes.begin(), indexes.end(), [](const auto& a, const auto& b) {
    return std::make_pair(!a.primary, a.columns.size()) <
           std::make_pair(!b.primary, b.columns.size());
  });
  for (const index::IndexDefinition& d : indexes) {
    if (!d.indexable || d.columns.empty() || d.columns[0] != column) continue;
    return IndexOrder{d.name, index::Signature(schema, d), descending};
  }
  return std::nullopt;
}

std::unique_ptr<RowSource> OpenIndexOrder(std::shared_ptr<const TableReadSpec> spec,
                                          std::string table_dir, const IndexOrder& order,
                                          size_t first_batch, ExecContext& context) {
  if (context.indexes == nullptr) return nullptr;
  const size_t batch = std::clamp<size_t>(first_batch, 16, kMaxBatch);
  std::optional<index::WalkStep> first =
      context.indexes->Walk({context.database, spec->table, order.index_name, order.signature},
                            order.descending, "", batch);
  if (!first) return nullptr;
  return std::make_unique<IndexOrderSource>(std::move(spec), std::move(table_dir), order,
                                            std::move(*first), batch);
}

}  // namespace sb::worker
