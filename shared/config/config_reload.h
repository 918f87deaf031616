// What changed between two configurations, and which changes a running server can take.
//
// Used by the coordinator on SIGHUP: it loads the configuration again, logs each change from
// Diff ("key X changed but needs a restart" for the others), runs on MergeReload's result and
// passes that to the workers.
#pragma once

#include <string>
#include <vector>

#include "shared/config/config.h"

namespace sb::config {

struct ConfigChange {
  std::string key;
  std::string old_value;  // secrets are shown as "********"
  std::string new_value;
  bool needs_restart;  // listen, port, socket_dir, data, workers
};

// The keys whose values differ, in table order.
std::vector<ConfigChange> Diff(const Config& old_config, const Config& new_config);

// `reloaded`, except that keys needing a restart keep their `running` values.
Config MergeReload(const Config& running, const Config& reloaded);

}  // namespace sb::config
