#include "coordinator/ctl/rebuild_indexes.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "coordinator/admin_socket.h"
#include "coordinator/ctl/database_files.h"
#include "coordinator/ctl/dir_listing.h"
#include "coordinator/ctl/rebuild_admin_client.h"
#include "coordinator/ctl/rebuild_lock.h"
#include "coordinator/ctl/rebuild_rows.h"
#include "shared/errors/sql_error.h"
#include "shared/index/index_snapshot.h"
#include "shared/storage/name_encoding.h"

namespace sb::ctl {
namespace {

struct Target {
  std::string db;
  storage::TableSchema schema;
};

// Reports go to `out` as "error: <path>: <message>"; messages that repeat the path drop it.
class Problems {
 public:
  explicit Problems(std::ostream& out) : out_(out) {}
  void Report(const std::string& path, std::string message) {
    const std::string quoted = " \"" + path + "\"";
    for (size_t at = message.find(quoted); at != std::string::npos; at = message.find(quoted, at)) {
      message.erase(at, quoted.size());
    }
    out_ << "error: " << path << ": " << message << "\n";
    any_ = true;
  }
  bool any() const { return any_; }

 private:
  std::ostream& out_;
  bool any_ = false;
};

// The tables a run covers, by database in folder order and by table in file order. Throws
// SqlError 3D000 / 42P01 for a named database or table that does not exist.
std::vector<Target> SelectTables(const storage::DataPaths& paths, const RebuildOptions& options,
                                 Problems& problems) {
  std::vector<std::string> databases;
  if (options.database) {
    if (!ListDirectory(paths.DatabaseDir(*options.database))) {
      ThrowSqlError(SqlState::kInvalidCatalogName, "database \"{}\" does not exist",
                    *options.database);
    }
    databases.push_back(*options.database);
  } else {
    for (const DatabaseFolder& folder : ListDatabaseFolders(paths)) {
      if (folder.name) {
        databases.push_back(*folder.name);
      } else {
        problems.Report(folder.path, "the folder name does not decode to a database name");
      }
    }
  }
  std::vector<Target> targets;
  bool table_found = false;
  for (const std::string& db : databases) {
    for (SchemaFile& file : ReadSchemaFiles(paths, db)) {
      if (options.table && file.stem != storage::EncodeName(*options.table)) continue;
      table_found = true;
      if (!file.schema) {
        problems.Report(file.path, file.error);
        continue;
      }
      targets.push_back(Target{db, std::move(*file.schema)});
    }
  }
  if (options.table && !table_found) {
    if (options.database) {
      ThrowSqlError(SqlState::kUndefinedTable, "table \"{}\" does not exist in database \"{}\"",
                    *options.table, *options.database);
    }
    ThrowSqlError(SqlState::kUndefinedTable, "table \"{}\" does not exist in any database",
                  *options.table);
  }
  return targets;
}

// Prints "database <db>:" before the first table of each database when all are covered.
class DatabaseHeader {
 public:
  DatabaseHeader(const RebuildOptions& options, std::ostream& out)
      : enabled_(!options.database), out_(out) {}
  void Before(const std::string& db) {
    if (enabled_ && (!last_ || *last_ != db)) out_ << "database " << db << ":\n";
    last_ = db;
  }

 private:
  bool enabled_;
  std::ostream& out_;
  std::optional<std::string> last_;
};

void RebuildTable(const storage::DataPaths& paths, const Target& target, Problems& problems,
                  std::ostream& out) {
  TableRows rows = ReadTableRows(paths, target.db, target.schema);
  for (const Finding& broken : rows.broken) {
    problems.Report(broken.path, broken.message + " (left out of the indexes)");
  }
  for (const UniqueDuplicate& duplicate : FindUniqueDuplicates(target.schema, rows)) {
    problems.Report(duplicate.first,
                    fmt::format("duplicate key {} in unique index \"{}\": document \"{}\" has "
                                "the same value",
                                duplicate.key, duplicate.index, duplicate.second));
  }
  index::SnapshotStats stats =
      index::WriteIndexSnapshots(paths, target.db, target.schema, rows.rows);
  out << fmt::format("table {}: {} rows, {} indexes\n", target.schema.name, rows.rows.size(),
                     stats.indexes);
}

int RebuildOffline(const storage::DataPaths& paths, const RebuildOptions& options,
                   std::ostream& out) {
  Problems problems(out);
  DatabaseHeader header(options, out);
  for (const Target& target : SelectTables(paths, options, problems)) {
    header.Before(target.db);
    try {
      RebuildTable(paths, target, problems, out);
    } catch (const SqlError& e) {  // e.g. a folder that cannot be written: go on with the rest
      problems.Report(paths.IndexDir(target.db, target.schema.name), e.what());
    }
  }
  return problems.any() ? 1 : 0;
}

int RebuildOnline(const storage::DataPaths& paths, const std::string& data_dir,
                  const RebuildOptions& options, std::ostream& out, std::ostream& err) {
  Problems problems(out);
  DatabaseHeader header(options, out);
  const std::string socket = coordinator::AdminSocketPath(data_dir);
  int status = 0;
  for (const Target& target : SelectTables(paths, options, problems)) {
    coordinator::AdminReply reply;
    try {
      reply = SendAdminRequest(socket, {"rebuild-indexes", target.db, target.schema.name});
    } catch (const std::exception& e) {
      std::optional<std::string> pid = LockHolderPid(data_dir);
      err << "smarterbase-ctl: rebuild-indexes: a server is running on data directory \""
          << data_dir << "\" (pid " << pid.value_or("?") << ") but did not answer: " << e.what()
          << "\n";
      return 1;
    }
    header.Before(target.db);
    out << reply.text;
    status = std::max(status, reply.exit_status);
  }
  return std::max(status, problems.any() ? 1 : 0);
}

}  // namespace

int RebuildIndexes(const std::string& data_dir, const RebuildOptions& options, std::ostream& out,
                   std::ostream& err) {
  const storage::DataPaths paths(data_dir);
  try {
    std::unique_ptr<CtlDataDirLock> lock = CtlDataDirLock::TryTake(data_dir);
    if (lock) return RebuildOffline(paths, options, out);
    return RebuildOnline(paths, data_dir, options, out, err);
  } catch (const std::exception& e) {
    out.flush();
    err << "smarterbase-ctl: rebuild-indexes: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace sb::ctl
