// ConfigError: a configuration that must not be started with.
//
// Thrown by LoadConfig in the coordinator (and smarterbase-ctl); main() prints what() and
// exits 1. Deliberately not an SqlError: no client is connected yet, and on reload the
// coordinator logs it and keeps running with the old configuration.
#pragma once

#include <stdexcept>
#include <string>

namespace sb::config {

class ConfigError : public std::runtime_error {
 public:
  // `message` without the "config: " prefix, which is added here.
  explicit ConfigError(const std::string& message) : std::runtime_error("config: " + message) {}
};

}  // namespace sb::config
