// smarterbase-ctl rebuild-indexes: rewrites the index snapshot files (shared/index/
// index_snapshot.h) of every table, of one database (--database) or of one table (--table).
//
// With the server stopped (the data directory lock is free) it takes the lock for the whole
// run, so that no server starts meanwhile, reads the documents and writes the snapshots
// itself. With a server running it asks the server, over the admin socket, to rebuild each
// table (`rebuild-indexes <db> <table>`): only the server may touch its indexes then.
//
// Called once by smarterbase-ctl's main() on its only thread. Per table it prints
// "table <name>: <n> rows, <k> indexes" (under a "database <db>:" line when no --database was
// given); problems go to the same output as "error: <path>: <message>" lines, like check.
#pragma once

#include <ostream>
#include <string>

#include "coordinator/ctl/rebuild_options.h"

namespace sb::ctl {

// Returns the exit status: 0 when every table was rebuilt from readable documents; 1 when a
// document or schema file did not read (it was skipped and reported), two documents share a
// unique value, a named database or table does not exist, or the server could not be reached;
// with a server running, the highest status its replies carry. Fatal problems go to `err`.
int RebuildIndexes(const std::string& data_dir, const RebuildOptions& options, std::ostream& out,
                   std::ostream& err);

}  // namespace sb::ctl
