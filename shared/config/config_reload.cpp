#include "shared/config/config_reload.h"

#include <cstdlib>

#include "shared/config/config_keys.h"

namespace sb::config {

std::vector<ConfigChange> Diff(const Config& old_config, const Config& new_config) {
  std::vector<ConfigChange> changes;
  for (const KeySpec& key : Keys()) {
    std::string before = key.get(old_config);
    std::string after = key.get(new_config);
    if (before == after) continue;
    if (key.secret) {
      before = before.empty() ? "" : "********";
      after = after.empty() ? "" : "********";
    }
    changes.push_back(
        {std::string(key.name), std::move(before), std::move(after), !key.reloadable});
  }
  return changes;
}

Config MergeReload(const Config& running, const Config& reloaded) {
  Config merged = reloaded;
  for (const KeySpec& key : Keys()) {
    // get() output is always accepted by set(); the unit tests check the round trip.
    if (!key.reloadable && !key.set(key.get(running), merged)) std::abort();
  }
  return merged;
}

}  // namespace sb::config
