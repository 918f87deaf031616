// smarterbase-ctl: the operator's tool. Subcommands act on a data directory, whether or not a
// server is running on it.
//
//   smarterbase-ctl status [--config FILE] [--data DIR]
//   smarterbase-ctl export [--database D] [--ddl-only | --data-only] [--config FILE] [--data DIR]
//   smarterbase-ctl check [--database D] [--config FILE] [--data DIR]
//   smarterbase-ctl rebuild-indexes [--database D] [--table T] [--config FILE] [--data DIR]
//
// Exit status follows pg_ctl: 0 running (status) or success, 3 not running, 1 error or
// problems found (check), 2 usage.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "coordinator/ctl/check_files.h"
#include "coordinator/ctl/check_indexes.h"
#include "coordinator/ctl/ctl_options.h"
#include "coordinator/ctl/export_dump.h"
#include "coordinator/ctl/rebuild_indexes.h"
#include "coordinator/ctl/rebuild_lock.h"
#include "coordinator/ctl/rebuild_options.h"
#include "shared/config/config_loader.h"
#include "shared/storage/data_paths.h"

namespace {

constexpr const char* kUsage =
    "usage: smarterbase-ctl COMMAND [OPTIONS] [--config FILE] [--data DIR]\n"
    "\n"
    "commands:\n"
    "  status           is a server running on the data directory? (exit 0 yes, 3 no)\n"
    "  export           write a database as a PostgreSQL 15 dump (psql script) to stdout\n"
    "                   --database D (default postgres), --ddl-only | --data-only\n"
    "  check            report unreadable or inconsistent files (exit 0 clean, 1 problems)\n"
    "                   --database D (default: every database)\n"
    "  rebuild-indexes  rewrite the index snapshots (_idx/) from the documents; through the\n"
    "                   server when it runs, else directly (holding the data directory lock)\n"
    "                   --database D, --table T (default: every database and table)\n";

// Whether a server holds the data directory's lock, and its pid.
int Status(const sb::config::Config& config) {
  std::string path = config.data + "/.smarterbase/lock";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::cout << "no server running (data directory \"" << config.data << "\" has no lock file)\n";
    return 3;
  }
  bool locked = ::flock(fd, LOCK_SH | LOCK_NB) != 0;
  char buffer[32] = {};
  ssize_t n = ::pread(fd, buffer, sizeof(buffer) - 1, 0);
  ::close(fd);
  if (!locked) {
    std::cout << "no server running on data directory \"" << config.data << "\"\n";
    return 3;
  }
  std::string pid = n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "?";
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  std::cout << "server is running (pid " << pid << ") on data directory \"" << config.data
            << "\", port " << config.port << "\n";
  return 0;
}

// The dump goes to stdout; errors to stderr, so a redirected dump never holds them.
int Export(const sb::config::Config& config, const sb::ctl::CtlOptions& options) {
  sb::ctl::ExportOptions export_options;
  export_options.database = options.database.value_or("postgres");
  export_options.content = options.content;
  try {
    sb::ctl::ExportDatabase(sb::storage::DataPaths(config.data), export_options, std::cout);
    std::cout.flush();
    if (!std::cout) {
      std::fprintf(stderr, "smarterbase-ctl: export: could not write the dump to stdout\n");
      return 1;
    }
  } catch (const std::exception& e) {
    std::cout.flush();
    std::fprintf(stderr, "smarterbase-ctl: export failed: %s\n", e.what());
    return 1;
  }
  return 0;
}

int Check(const sb::config::Config& config, const sb::ctl::CtlOptions& options) {
  sb::ctl::CheckReport report;
  try {
    const sb::storage::DataPaths paths(config.data);
    sb::ctl::CheckDataDirectory(paths, options.database, report);
    // A running server's snapshots lag behind its documents by design.
    const bool server_running = sb::ctl::LockHolderPid(config.data).has_value();
    sb::ctl::CheckIndexSnapshots(paths, options.database, server_running, report);
  } catch (const std::exception& e) {
    std::cout << report.Format();
    std::fprintf(stderr, "smarterbase-ctl: check failed: %s\n", e.what());
    return 1;
  }
  std::cout << report.Format();
  return report.ExitStatus();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  sb::ctl::CtlOptions options;
  sb::ctl::RebuildOptions rebuild_options;
  try {
    if (command == "export" || command == "check") {
      options = sb::ctl::ParseCtlOptions(command, args);
      args = options.config_args;
    } else if (command == "rebuild-indexes") {
      rebuild_options = sb::ctl::ParseRebuildOptions(args);
      args = rebuild_options.config_args;
    }
  } catch (const sb::ctl::UsageError& e) {
    std::fprintf(stderr, "smarterbase-ctl %s: %s\n%s", command.c_str(), e.what(), kUsage);
    return 2;
  }
  sb::config::Config config;
  try {
    config = sb::config::LoadConfig(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smarterbase-ctl: %s\n", e.what());
    return 1;
  }
  if (command == "status") return Status(config);
  if (command == "export") return Export(config, options);
  if (command == "check") return Check(config, options);
  if (command == "rebuild-indexes") {
    return sb::ctl::RebuildIndexes(config.data, rebuild_options, std::cout, std::cerr);
  }
  std::fprintf(stderr, "smarterbase-ctl: unknown command \"%s\"\n%s", command.c_str(), kUsage);
  return 2;
}
