// LoadConfig: defaults, then one YAML file, then command-line flags, into a Config.
//
// Called by the coordinator's main() at startup and again on SIGHUP with the same arguments
// (the file is re-read, the flags still win), and by smarterbase-ctl. Single-threaded use;
// no global state. Any problem throws ConfigError naming the key and the file:line or flag.
//
// The file is /etc/smarterbase.yaml when it exists, or the one given by --config (which must
// exist). It must be a YAML mapping of scalars whose keys are those of the key table. Every key
// is also a flag: --port 5433, --port=5433, --socket-dir /tmp. Besides those: --config FILE,
// --check-config, --help (-h), --version (-V).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shared/config/config.h"
#include "shared/config/config_error.h"

namespace sb::config {

inline constexpr std::string_view kDefaultConfigFile = "/etc/smarterbase.yaml";

struct LoadOptions {
  // Read when it exists and no --config is given. Tests point it elsewhere.
  std::string default_file{kDefaultConfigFile};
};

// `args` excludes the program name. With --help or --version, returns the defaults with
// `action` set and reads no file.
Config LoadConfig(const std::vector<std::string>& args, const LoadOptions& options = {});
Config LoadConfig(int argc, const char* const* argv, const LoadOptions& options = {});

// Applies the keys of one YAML document to `config`; `source` names it in errors.
void ApplyYamlText(std::string_view text, std::string_view source, Config& config);
// Reads `path` (a regular file of at most 1 MiB) and applies it.
void ApplyYamlFile(const std::string& path, Config& config);

// Checks that need more than one key (e.g. something to listen on).
void ValidateConfig(const Config& config);

// The effective configuration as YAML, secrets masked (for --check-config and debug logs).
std::string FormatConfig(const Config& config);

// Usage text listing every option with its default.
std::string HelpText(std::string_view program);

}  // namespace sb::config
