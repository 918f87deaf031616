// Command-line options of smarterbase-ctl rebuild-indexes: --database D and --table T, with
// the configuration flags (--config, --data, ...) passed on to LoadConfig.
//
// Pure; used by smarterbase-ctl's main() once.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sb::ctl {

struct RebuildOptions {
  std::optional<std::string> database;   // default: every database
  std::optional<std::string> table;      // default: every table
  std::vector<std::string> config_args;  // for LoadConfig
};

// Throws UsageError (ctl_options.h) for a missing value or an option rebuild-indexes does not
// take (--ddl-only, --data-only).
RebuildOptions ParseRebuildOptions(const std::vector<std::string>& args);

}  // namespace sb::ctl
