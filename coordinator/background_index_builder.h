// BackgroundIndexBuilder: reads a table's documents for an index build on a thread of its own
// and hands the rows back to the coordinator's event loop (IndexMaintainer::Adopt/FinishBuild).
//
// Owned by the TableWriter; Start and the `finish` callbacks run on the event loop. Without a
// poster (tests, tools) Start reads and finishes synchronously. A later Start for the same table
// cancels the earlier read; destruction cancels every read and joins its thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "coordinator/index_maintainer.h"
#include "shared/storage/data_paths.h"

namespace sb::coordinator {

class BackgroundIndexBuilder {
 public:
  // Runs a function on the event loop (asio::post to the coordinator's io_context).
  using Poster = std::function<void(std::function<void()>)>;
  using Finish =
      std::function<void(const IndexMaintainer::BuildJob& job, std::vector<IndexRow> rows)>;

  explicit BackgroundIndexBuilder(storage::DataPaths paths) : paths_(std::move(paths)) {}
  ~BackgroundIndexBuilder();
  BackgroundIndexBuilder(const BackgroundIndexBuilder&) = delete;
  BackgroundIndexBuilder& operator=(const BackgroundIndexBuilder&) = delete;

  void SetPoster(Poster poster) { poster_ = std::move(poster); }
  void Start(IndexMaintainer::BuildJob job, Finish finish);
  // Runs `task` on the event loop later (not at all once this builder is gone); false when
  // there is no poster (the caller goes on synchronously).
  bool Post(std::function<void()> task);

 private:
  struct Read {
    std::string db, table;
    std::shared_ptr<std::atomic<bool>> cancel;
    std::thread thread;
  };
  void Done(uint64_t id);

  storage::DataPaths paths_;
  Poster poster_;
  uint64_t next_id_ = 0;
  std::map<uint64_t, Read> reads_;
  std::shared_ptr<int> life_ = std::make_shared<int>(0);  // posted callbacks check it
};

}  // namespace sb::coordinator
