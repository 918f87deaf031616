// Config: the server's settings as one plain struct, filled from the key table.
//
// Built by LoadConfig (config_loader.h) in the coordinator at startup and again on SIGHUP;
// workers get their copy by inheritance at fork (and from the coordinator after a reload).
// Every key's name, type, default, validation and reload behaviour is declared once, in the
// table in config_keys.cpp; the fields here start zeroed and DefaultConfig() fills them from
// that table, so a default is never written twice.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "shared/config/log.h"

namespace sb::config {

enum class FsyncMode { kAlways, kBatch, kOff };
enum class JsonStyle { kPretty, kCompact };
enum class AuthMethod { kScramSha256, kMd5, kPassword };
// What the command line asked for; only kRun starts a server.
enum class StartupAction { kRun, kCheckConfig, kHelp, kVersion };

struct Config {
  std::vector<std::string> listen;  // TCP addresses; empty = no TCP, {"*"} = all interfaces
  int port = 0;
  std::string socket_dir;  // directory of .s.PGSQL.<port>; empty = no Unix socket
  std::string data;        // data directory
  int workers = 0;         // 0 = one per core (see EffectiveWorkers)
  std::string password;    // empty = trust
  AuthMethod auth_method = AuthMethod::kScramSha256;  // how a password is checked
  FsyncMode fsync = FsyncMode::kBatch;
  JsonStyle json_style = JsonStyle::kPretty;
  int max_connections = 0;
  log::Level log_level = log::Level::kInfo;
  bool auto_create_database = false;
  std::chrono::milliseconds statement_timeout{0};            // 0 = none
  std::chrono::milliseconds idle_in_transaction_timeout{0};  // 0 = none
  std::chrono::seconds shutdown_timeout{0};  // wait for statements before killing workers
  int64_t max_message_size = 0;              // bytes, largest protocol message accepted
  int64_t index_memory = 0;                  // bytes of shared memory reserved for indexes

  // Not keys: where this configuration came from and what the command line asked for.
  std::string config_file;  // the YAML file that was read; empty if none
  StartupAction action = StartupAction::kRun;

  bool operator==(const Config&) const = default;
};

// Every key at its default (the table's values), nothing read from disk.
Config DefaultConfig();

// `workers`, with 0 resolved to the number of online cores (1..64).
int EffectiveWorkers(const Config& config);

// The program version, e.g. "0.1.0" (from the top-level project()).
std::string_view Version();

}  // namespace sb::config
