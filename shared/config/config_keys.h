// The configuration key table, after nginx's ngx_command_t: one entry per key with its name,
// type, default, validator, reloadability and a one-line doc.
//
// Read-only after first use (built once, thread-safe static). The loader, Diff/MergeReload,
// --help and the conf-file test all walk this one table, so adding a key here is all it takes
// for it to be accepted in YAML and as a --flag, shown in --help and compared on reload.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/config/config.h"

namespace sb::config {

enum class KeyType { kString, kAddressList, kInteger, kBool, kEnum, kDuration, kSize };

struct KeySpec {
  std::string_view name;  // as written in YAML, e.g. "max_connections"
  KeyType type;
  std::string_view default_value;  // text, parsed by `set` like any other value
  bool reloadable;                 // false: a change needs a restart
  bool secret;                     // never shown in logs or diffs
  std::string_view doc;            // one line, for --help
  std::string expected;            // what a good value looks like, for errors: "an integer 1-65535"
  // Parses and validates `text` into its field; false leaves `config` unchanged.
  std::function<bool(std::string_view text, Config& config)> set;
  // The field as text that `set` accepts back (a round trip gives the same value).
  std::function<std::string(const Config& config)> get;
};

const std::vector<KeySpec>& Keys();

// nullptr when there is no such key.
const KeySpec* FindKey(std::string_view name);

// The command-line spelling of a key: "socket_dir" -> "--socket-dir".
std::string FlagName(const KeySpec& key);

}  // namespace sb::config
