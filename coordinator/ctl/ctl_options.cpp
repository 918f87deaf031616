#include "coordinator/ctl/ctl_options.h"

namespace sb::ctl {

CtlOptions ParseCtlOptions(const std::string& command, const std::vector<std::string>& args) {
  CtlOptions options;
  const bool is_export = command == "export";
  bool ddl_only = false;
  bool data_only = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--database" || arg == "-d") {
      if (i + 1 >= args.size() || args[i + 1].empty()) {
        throw UsageError("option " + arg + " needs a database name");
      }
      options.database = args[++i];
    } else if (arg.starts_with("--database=")) {
      options.database = arg.substr(std::string_view("--database=").size());
      if (options.database->empty()) throw UsageError("option --database needs a database name");
    } else if (arg == "--ddl-only" || arg == "--schema-only") {
      if (!is_export) throw UsageError("option " + arg + " is only for export");
      ddl_only = true;
    } else if (arg == "--data-only") {
      if (!is_export) throw UsageError("option " + arg + " is only for export");
      data_only = true;
    } else {
      options.config_args.push_back(arg);
    }
  }
  if (ddl_only && data_only) throw UsageError("--ddl-only and --data-only exclude each other");
  options.content = ddl_only    ? ExportContent::kDdlOnly
                    : data_only ? ExportContent::kDataOnly
                                : ExportContent::kAll;
  return options;
}

}  // namespace sb::ctl
