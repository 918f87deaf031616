// smarterbase-ctl export: one database of a data directory as a PostgreSQL 15 dump (psql
// script) — settings, tables with their sequences, data as COPY in primary-key order, sequence
// positions, then indexes and foreign keys.
//
// Runs in the smarterbase-ctl process, on a stopped data directory or beside a running server
// (it only reads files, and the server replaces each document atomically). The caller owns the
// output stream.
#pragma once

#include <ostream>
#include <string>

#include "shared/storage/data_paths.h"

namespace sb::ctl {

enum class ExportContent { kAll, kDdlOnly, kDataOnly };

struct ExportOptions {
  std::string database = "postgres";
  ExportContent content = ExportContent::kAll;
};

// Writes the dump to `out`. Throws SqlError: 3D000 for a database that does not exist, XX001
// (or 22P02) naming the file for a schema file or document that cannot be read as its table
// says — a dump that silently lost rows would be worse than none — and 58030 for I/O errors.
// When it throws after writing has begun, the text written so far ends with a statement that
// makes loading it fail, so a partial dump is never mistaken for a complete one.
void ExportDatabase(const storage::DataPaths& paths, const ExportOptions& options,
                    std::ostream& out);

}  // namespace sb::ctl
