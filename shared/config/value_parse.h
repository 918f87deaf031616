// Text-to-value parsers for configuration values (YAML scalars and command-line flags).
//
// Used by the key table (config_keys.cpp) in whichever process loads the configuration. They
// are strict on purpose: a typo in a config file must stop startup rather than silently mean
// something else, so no leading '+', no hex, no trailing garbage. Each returns std::nullopt
// on a value it does not accept; the caller turns that into a ConfigError naming key and line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::config {

// A decimal integer within [min, max].
std::optional<int64_t> ParseInteger(std::string_view text, int64_t min, int64_t max);

// true/false, yes/no, on/off, 1/0 (case-insensitive), like PostgreSQL's boolean GUCs.
std::optional<bool> ParseBool(std::string_view text);

// A duration: an integer with an optional unit (ms, s, min, h, d); a bare number is in
// `base_ms` units (1 for milliseconds, 1000 for seconds). The result is in base units and must
// be a whole number of them and lie within [min, max].
std::optional<int64_t> ParseDuration(std::string_view text, int64_t base_ms, int64_t min,
                                     int64_t max);

// A byte size: an integer with an optional unit (B, kB, MB, GB; 1024-based as in PostgreSQL).
std::optional<int64_t> ParseSize(std::string_view text, int64_t min, int64_t max);

// A comma-separated list of listen addresses ("127.0.0.1, ::1", "*", "localhost"). Empty text
// is an empty list (no TCP). "*" must stand alone. Addresses are only checked for shape here;
// whether they resolve is found out when the listener binds.
std::optional<std::vector<std::string>> ParseAddressList(std::string_view text);

}  // namespace sb::config
