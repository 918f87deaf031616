// smarterbase-ctl check, index half: compares the index snapshots under <db>/_idx/ with what
// the documents say (missing, extra and wrong entries, unreadable snapshot files, snapshots of
// indexes or tables that do not exist), and reports values that two documents hold in a
// unique column or index — which only a hand edit can cause — naming both files.
//
// Runs in smarterbase-ctl after the file half (check_files.h), on one thread, appending to the
// same CheckReport; only reads files. A running server writes snapshots in the background, so
// they lag behind the documents by design: snapshot differences are then warnings, and errors
// only when the server is stopped. Duplicates are always errors (on a running server they are
// confirmed by reading both documents again). Tables whose snapshot folder does not exist are
// not compared, and documents that do not read are left to the file half.
#pragma once

#include <optional>
#include <string>

#include "coordinator/ctl/check_report.h"
#include "shared/storage/data_paths.h"

namespace sb::ctl {

// Every database, or only `database` (which the file half has found to exist). Does not count
// databases, tables or documents: the file half did.
void CheckIndexSnapshots(const storage::DataPaths& paths,
                         const std::optional<std::string>& database, bool server_running,
                         CheckReport& report);

void CheckDatabaseIndexes(const storage::DataPaths& paths, const std::string& db,
                          bool server_running, CheckReport& report);

}  // namespace sb::ctl
