#include "coordinator/background_index_builder.h"

#include "shared/config/log.h"

namespace sb::coordinator {

BackgroundIndexBuilder::~BackgroundIndexBuilder() {
  life_.reset();
  for (auto& [id, read] : reads_) read.cancel->store(true);
  for (auto& [id, read] : reads_) {
    if (read.thread.joinable()) read.thread.join();
  }
}

void BackgroundIndexBuilder::Start(IndexMaintainer::BuildJob job, Finish finish) {
  if (!poster_) {
    size_t broken = 0;
    std::vector<IndexRow> rows = ReadIndexRows(paths_, job.db, *job.schema, &broken);
    finish(job, std::move(rows));
    return;
  }
  for (auto& [id, read] : reads_) {
    if (read.db == job.db && read.table == job.schema->name) read.cancel->store(true);
  }
  const uint64_t id = ++next_id_;
  Read& read = reads_[id];
  read.db = job.db;
  read.table = job.schema->name;
  read.cancel = std::make_shared<std::atomic<bool>>(false);
  // The thread owns copies of everything it reads; it touches nothing of this object.
  read.thread = std::thread([this, id, paths = paths_, job = std::move(job),
                             finish = std::move(finish), cancel = read.cancel, poster = poster_,
                             life = std::weak_ptr<int>(life_)]() mutable {
    auto rows = std::make_shared<std::vector<IndexRow>>();
    try {
      size_t broken = 0;
      *rows = ReadIndexRows(paths, job.db, *job.schema, &broken, cancel.get());
    } catch (const std::exception& e) {
      log::Error(
          "building indexes of table \"{}\": {}; they stay unused until `smarterbase-ctl "
          "rebuild-indexes` or the next start",
          job.schema->name, e.what());
      cancel->store(true);
    }
    poster(
        [this, id, job = std::move(job), finish = std::move(finish), cancel, rows, life]() mutable {
          if (life.expired()) return;
          Done(id);
          if (!cancel->load()) finish(job, std::move(*rows));
        });
  });
}

bool BackgroundIndexBuilder::Post(std::function<void()> task) {
  if (!poster_) return false;
  poster_([task = std::move(task), life = std::weak_ptr<int>(life_)] {
    if (!life.expired()) task();
  });
  return true;
}

void BackgroundIndexBuilder::Done(uint64_t id) {
  auto found = reads_.find(id);
  if (found == reads_.end()) return;
  if (found->second.thread.joinable()) found->second.thread.join();  // it has just posted
  reads_.erase(found);
}

}  // namespace sb::coordinator
