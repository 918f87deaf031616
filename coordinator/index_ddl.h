// IndexDdl: CREATE INDEX and DROP INDEX as the coordinator applies them. An index is an entry
// of its table's schema file ("indexes"), so the file stays the source of truth: the entry is
// written first, then the shared-memory index is built from the documents.
//
// Coordinator event loop, one request at a time (part of the WriteApplier).
#pragma once

#include <string>
#include <vector>

#include "coordinator/index_maintainer.h"
#include "coordinator/table_writer.h"
#include "coordinator/write_applier.h"
#include "shared/config/config.h"
#include "shared/storage/data_paths.h"

namespace sb::coordinator {

class IndexDdl {
 public:
  IndexDdl(const config::Config& config, const storage::DataPaths& paths, IndexMaintainer& indexes,
           TableWriter& tables)
      : config_(config), paths_(paths), indexes_(indexes), tables_(tables) {}

  // `fields` = db, if_not_exists, unique, table, name (may be empty), columns...
  ApplyResult Create(const std::vector<std::string>& fields);
  // `fields` = db, if_exists, names...
  ApplyResult Drop(const std::vector<std::string>& fields);

 private:
  const config::Config& config_;
  const storage::DataPaths& paths_;
  IndexMaintainer& indexes_;
  TableWriter& tables_;
};

}  // namespace sb::coordinator
