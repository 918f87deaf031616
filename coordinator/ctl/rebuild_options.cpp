#include "coordinator/ctl/rebuild_options.h"

#include "coordinator/ctl/ctl_options.h"

namespace sb::ctl {

RebuildOptions ParseRebuildOptions(const std::vector<std::string>& args) {
  RebuildOptions options;
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--table" || arg == "-t") {
      if (i + 1 >= args.size() || args[i + 1].empty()) {
        throw UsageError("option " + arg + " needs a table name");
      }
      options.table = args[++i];
    } else if (arg.starts_with("--table=")) {
      options.table = arg.substr(std::string_view("--table=").size());
      if (options.table->empty()) throw UsageError("option --table needs a table name");
    } else {
      rest.push_back(arg);
    }
  }
  // --database and the configuration flags are parsed as for check.
  CtlOptions common = ParseCtlOptions("rebuild-indexes", rest);
  options.database = std::move(common.database);
  options.config_args = std::move(common.config_args);
  return options;
}

}  // namespace sb::ctl
