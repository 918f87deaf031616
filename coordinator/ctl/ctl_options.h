// Command-line options of smarterbase-ctl's export and check commands (--database,
// --ddl-only, --data-only), separated from the configuration flags (--config, --data, ...)
// that go on to LoadConfig.
//
// Pure; used by smarterbase-ctl's main() once.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "coordinator/ctl/export_dump.h"

namespace sb::ctl {

// A mistake on the command line (exit status 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CtlOptions {
  std::optional<std::string> database;          // --database D / --database=D
  ExportContent content = ExportContent::kAll;  // --ddl-only / --data-only (export only)
  std::vector<std::string> config_args;         // everything else, for LoadConfig
};

// `command` is "export" or "check" (check does not take --ddl-only/--data-only). Throws
// UsageError for a missing value, both --ddl-only and --data-only, or an option the command
// does not take.
CtlOptions ParseCtlOptions(const std::string& command, const std::vector<std::string>& args);

}  // namespace sb::ctl
