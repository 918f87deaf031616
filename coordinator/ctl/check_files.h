// smarterbase-ctl check, file half: walks a data directory and reports what the server could
// not read or would read differently from what the files say — schema files that do not
// parse, documents that do not parse or do not fit their schema, file and folder names that do
// not decode, document folders without a schema file, documents whose key columns disagree
// with their file name, and broken sequence files. Temp, editor and hidden files are ignored,
// as the server ignores them.
//
// Runs in smarterbase-ctl (and later in the coordinator) on one thread; only reads files, so it
// may run beside a server. Findings go into a CheckReport the caller owns, which other checks
// (index snapshots) append to as well.
#pragma once

#include <optional>
#include <string>

#include "coordinator/ctl/check_report.h"
#include "shared/storage/data_paths.h"

namespace sb::ctl {

// Checks every database of the data directory, or only `database` when given. Throws SqlError
// 3D000 when the data directory or the named database does not exist.
void CheckDataDirectory(const storage::DataPaths& paths, const std::optional<std::string>& database,
                        CheckReport& report);

// Checks one database (its folder exists) and counts it.
void CheckDatabase(const storage::DataPaths& paths, const std::string& database,
                   CheckReport& report);

}  // namespace sb::ctl
