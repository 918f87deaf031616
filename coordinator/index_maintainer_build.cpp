// IndexMaintainer's background builds: a schema edit that adds or changes indexes never holds
// up the writes of the event loop while the table's documents are read.
#include <fmt/format.h>

#include <boost/interprocess/exceptions.hpp>

#include "coordinator/index_maintainer.h"
#include "shared/config/log.h"

namespace sb::coordinator {
namespace {

std::string NameList(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names)
    out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", name);
  return out;
}

}  // namespace

std::optional<IndexMaintainer::BuildJob> IndexMaintainer::Adopt(
    const std::string& db, const std::shared_ptr<const storage::TableSchema>& schema) {
  auto found = tables_.find({db, schema->name});
  if (found == tables_.end()) {
    Rebuild(db, schema);
    return std::nullopt;
  }
  const TableState& old = found->second;
  TableState state;
  state.schema = schema;
  state.definitions = index::TableIndexes(*schema);
  CheckIndexable(*schema, state.definitions);

  std::map<std::string, std::string> kept_signatures;  // what the arena holds and is complete
  for (size_t i = 0; i < old.definitions.size(); ++i) {
    const std::string& name = old.definitions[i].name;
    if (!old.building.contains(name)) kept_signatures[name] = old.signatures[i];
  }
  for (const index::IndexDefinition& d : state.definitions) {
    std::string signature = d.name + "=" + index::Signature(*schema, d);
    auto kept = kept_signatures.find(d.name);
    const bool same = kept != kept_signatures.end() && kept->second == signature;
    // Document file names follow the primary key: a new one renames every row.
    if (d.primary && !same) {
      Rebuild(db, schema);
      return std::nullopt;
    }
    if (!same && d.indexable) state.building.insert(d.name);
    state.signatures.push_back(std::move(signature));
  }
  {
    index::IndexArena::WriteGuard guard(arena_);
    for (const std::string& name : arena_.Names(db, schema->name)) {
      bool keep = false;
      for (const index::IndexDefinition& d : state.definitions) {
        keep = keep || (d.name == name && !state.building.contains(name));
      }
      if (!keep) arena_.Drop(db, schema->name, name);
    }
  }
  state.generation = ++next_generation_;
  MarkDirty(db, schema->name);
  if (state.building.empty()) {
    tables_[{db, schema->name}] = std::move(state);
    return std::nullopt;
  }
  BuildJob job{db, schema, state.generation,
               std::vector<std::string>(state.building.begin(), state.building.end()),
               std::chrono::steady_clock::now()};
  tables_[{db, schema->name}] = std::move(state);
  log::Info("table \"{}\" of database \"{}\": building index{} {} in the background", schema->name,
            db, job.names.size() == 1 ? "" : "es", NameList(job.names));
  return job;
}

bool IndexMaintainer::FinishBuild(const BuildJob& job, const std::vector<IndexRow>& rows,
                                  BuildProgress& progress, const CurrentRow& current_row,
                                  size_t max_rows) {
  const std::string& table = job.schema->name;
  auto found = tables_.find({job.db, table});
  if (found == tables_.end() || found->second.generation != job.generation) return true;
  TableState& state = found->second;
  std::vector<const index::IndexDefinition*> building;
  for (const index::IndexDefinition& d : state.definitions) {
    if (state.building.contains(d.name)) building.push_back(&d);
  }
  const size_t stop = progress.next_row + std::min(max_rows, rows.size() - progress.next_row);
  {
    index::IndexArena::WriteGuard guard(arena_);
    for (const index::IndexDefinition* d : building) {
      index::ShmIndex* shm = arena_.FindMutable(job.db, table, d->name);
      if (!progress.started || shm == nullptr) {
        shm = &CreateIndex(job.db, *state.schema, *d);
        shm->state.store(static_cast<uint32_t>(index::IndexState::kBuilding));
      }
      if (shm->state.load() == static_cast<uint32_t>(index::IndexState::kBroken)) continue;
      try {
        for (size_t i = progress.next_row; i < stop; ++i) {
          // A row written since Adopt is taken from its file at the end.
          if (!state.touched.contains(rows[i].stem)) {
            AddEntry(arena_, *shm, IndexKeyOf(*d, rows[i].values), rows[i].stem);
          }
        }
      } catch (const boost::interprocess::bad_alloc&) {
        MarkTooBig(*shm, d->name, table);
      }
    }
  }
  progress.started = true;
  progress.next_row = stop;
  if (progress.next_row < rows.size()) return false;

  // Last step: rows written meanwhile (entries an earlier step gave them are stale).
  std::vector<IndexRow> rewritten;
  for (const std::string& stem : state.touched) {
    if (std::optional<IndexRow> row = current_row(stem)) rewritten.push_back(std::move(*row));
  }
  const std::vector<storage::KeyColumn> key_columns = state.schema->KeyColumns();
  {
    index::IndexArena::WriteGuard guard(arena_);
    for (const index::IndexDefinition* d : building) {
      index::ShmIndex* shm = arena_.FindMutable(job.db, table, d->name);
      if (shm == nullptr ||
          shm->state.load() == static_cast<uint32_t>(index::IndexState::kBroken)) {
        continue;
      }
      try {
        for (const std::string& stem : state.touched) EraseStem(*shm, key_columns, *d, stem);
        for (const IndexRow& row : rewritten) {
          AddEntry(arena_, *shm, IndexKeyOf(*d, row.values), row.stem);
        }
        shm->state.store(static_cast<uint32_t>(index::IndexState::kReady));
      } catch (const boost::interprocess::bad_alloc&) {
        MarkTooBig(*shm, d->name, table);
      }
    }
  }
  const std::set<std::string> built = std::move(state.building);
  state.building.clear();
  state.touched.clear();
  for (const index::IndexDefinition& d : state.definitions) {
    if (built.contains(d.name) && d.unique && !d.primary) ReportDuplicates(job.db, table, d);
  }
  MarkDirty(job.db, table);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - job.started)
                      .count();
  log::Info("table \"{}\" of database \"{}\": index{} {} ready ({} rows, {} ms)", table, job.db,
            job.names.size() == 1 ? "" : "es", NameList(job.names), rows.size(), ms);
  return true;
}

bool IndexMaintainer::Building(const std::string& db, const std::string& table) const {
  auto found = tables_.find({db, table});
  return found != tables_.end() && !found->second.building.empty();
}

}  // namespace sb::coordinator
