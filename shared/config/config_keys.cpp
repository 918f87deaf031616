#include "shared/config/config_keys.h"

#include <fmt/format.h>

#include <array>
#include <thread>
#include <utility>

#include "shared/config/value_parse.h"

namespace sb::config {
namespace {

constexpr bool kReload = true;    // takes effect on SIGHUP
constexpr bool kRestart = false;  // kept at the running value until restart

// A socket path is <socket_dir>/.s.PGSQL.<port>, and sun_path holds 107 bytes plus NUL.
constexpr size_t kMaxSocketDir = 107 - sizeof("/.s.PGSQL.65535") + 1;

// Common fields of every entry; the factories below add the typed set/get.
KeySpec Base(std::string_view name, KeyType type, std::string_view default_value, bool reloadable,
             std::string_view doc, std::string expected) {
  KeySpec key{name, type, default_value, reloadable, false, doc, std::move(expected), {}, {}};
  return key;
}

template <typename Int>
KeySpec IntegerKey(std::string_view name, Int Config::*field, int64_t min, int64_t max,
                   std::string_view default_value, bool reloadable, std::string_view doc) {
  KeySpec key = Base(name, KeyType::kInteger, default_value, reloadable, doc,
                     fmt::format("an integer {}-{}", min, max));
  key.set = [field, min, max](std::string_view text, Config& config) {
    auto value = ParseInteger(text, min, max);
    if (!value) return false;
    config.*field = static_cast<Int>(*value);
    return true;
  };
  key.get = [field](const Config& config) { return std::to_string(config.*field); };
  return key;
}

KeySpec SizeKey(std::string_view name, int64_t Config::*field, int64_t min, int64_t max,
                std::string_view default_value, bool reloadable, std::string_view doc) {
  KeySpec key = Base(name, KeyType::kSize, default_value, reloadable, doc,
                     fmt::format("a size {}-{} bytes (units B, kB, MB, GB)", min, max));
  key.set = [field, min, max](std::string_view text, Config& config) {
    auto value = ParseSize(text, min, max);
    if (!value) return false;
    config.*field = *value;
    return true;
  };
  key.get = [field](const Config& config) { return std::to_string(config.*field); };
  return key;
}

template <typename Duration>
KeySpec DurationKey(std::string_view name, Duration Config::*field, int64_t max,
                    std::string_view default_value, bool reloadable, std::string_view doc) {
  constexpr int64_t kBaseMs =
      std::chrono::duration_cast<std::chrono::milliseconds>(Duration(1)).count();
  constexpr std::string_view kUnit = kBaseMs == 1 ? "ms" : "s";
  KeySpec key = Base(name, KeyType::kDuration, default_value, reloadable, doc,
                     fmt::format("a duration 0-{} {} (units ms, s, min, h, d)", max, kUnit));
  key.set = [field, max](std::string_view text, Config& config) {
    auto value = ParseDuration(text, kBaseMs, 0, max);
    if (!value) return false;
    config.*field = Duration(*value);
    return true;
  };
  key.get = [field](const Config& config) { return std::to_string((config.*field).count()); };
  return key;
}

KeySpec BoolKey(std::string_view name, bool Config::*field, std::string_view default_value,
                bool reloadable, std::string_view doc) {
  KeySpec key = Base(name, KeyType::kBool, default_value, reloadable, doc, "true or false");
  key.set = [field](std::string_view text, Config& config) {
    auto value = ParseBool(text);
    if (!value) return false;
    config.*field = *value;
    return true;
  };
  key.get = [field](const Config& config) { return std::string(config.*field ? "true" : "false"); };
  return key;
}

template <typename Enum, size_t N>
KeySpec EnumKey(std::string_view name, Enum Config::*field,
                std::array<std::pair<std::string_view, Enum>, N> choices,
                std::string_view default_value, bool reloadable, std::string_view doc) {
  std::string expected = "one of ";
  for (size_t i = 0; i < N; ++i) {
    if (i > 0) expected += ", ";
    expected += choices[i].first;
  }
  KeySpec key = Base(name, KeyType::kEnum, default_value, reloadable, doc, std::move(expected));
  key.set = [field, choices](std::string_view text, Config& config) {
    for (const auto& [word, value] : choices) {
      if (word == text) {
        config.*field = value;
        return true;
      }
    }
    return false;
  };
  key.get = [field, choices](const Config& config) {
    for (const auto& [word, value] : choices) {
      if (value == config.*field) return std::string(word);
    }
    return std::string();
  };
  return key;
}

// `check` decides which strings are acceptable; `expected` says so in errors.
KeySpec StringKey(std::string_view name, std::string Config::*field,
                  bool (*check)(std::string_view), std::string expected,
                  std::string_view default_value, bool reloadable, std::string_view doc) {
  KeySpec key = Base(name, KeyType::kString, default_value, reloadable, doc, std::move(expected));
  key.set = [field, check](std::string_view text, Config& config) {
    if (!check(text)) return false;
    config.*field = std::string(text);
    return true;
  };
  key.get = [field](const Config& config) { return config.*field; };
  return key;
}

KeySpec ListenKey(std::string_view default_value, std::string_view doc) {
  KeySpec key = Base("listen", KeyType::kAddressList, default_value, kRestart, doc,
                     "comma-separated addresses, \"*\" for all, or empty for none");
  key.set = [](std::string_view text, Config& config) {
    auto addresses = ParseAddressList(text);
    if (!addresses) return false;
    config.listen = std::move(*addresses);
    return true;
  };
  key.get = [](const Config& config) {
    std::string joined;
    for (const std::string& address : config.listen) {
      if (!joined.empty()) joined += ',';
      joined += address;
    }
    return joined;
  };
  return key;
}

bool NoNul(std::string_view text) {
  return text.find('\0') == std::string_view::npos;
}

bool IsDataDir(std::string_view text) {
  return !text.empty() && text.size() < 4096 && NoNul(text);
}

bool IsSocketDir(std::string_view text) {
  if (text.empty()) return true;
  return text.front() == '/' && text.size() <= kMaxSocketDir && NoNul(text);
}

bool IsPassword(std::string_view text) {
  return text.size() <= 1024 && NoNul(text);
}

std::vector<KeySpec> BuildTable() {
  using log::Level;
  std::vector<KeySpec> keys;
  keys.push_back(ListenKey("127.0.0.1", "TCP addresses to listen on (\"*\" = all, empty = none)"));
  keys.push_back(IntegerKey("port", &Config::port, 1, 65535, "5433", kRestart,
                            "TCP port, also names the Unix socket .s.PGSQL.<port>"));
  keys.push_back(StringKey(
      "socket_dir", &Config::socket_dir, IsSocketDir,
      fmt::format("an absolute directory of at most {} bytes, or empty", kMaxSocketDir), "/tmp",
      kRestart, "directory for the Unix socket (psql -h <dir>); empty = no Unix socket"));
  keys.push_back(StringKey("data", &Config::data, IsDataDir, "a non-empty path", "./data", kRestart,
                           "data directory"));
  keys.push_back(IntegerKey("workers", &Config::workers, 0, 64, "0", kRestart,
                            "worker processes; 0 = one per core"));
  KeySpec password =
      StringKey("password", &Config::password, IsPassword, "a password of at most 1024 bytes", "",
                kReload, "password for every user; empty = trust (no password)");
  password.secret = true;
  keys.push_back(std::move(password));
  keys.push_back(
      EnumKey("auth_method", &Config::auth_method,
              std::array<std::pair<std::string_view, AuthMethod>, 3>{
                  {{"scram-sha-256", AuthMethod::kScramSha256},
                   {"md5", AuthMethod::kMd5},
                   {"password", AuthMethod::kPassword}}},
              "scram-sha-256", kReload,
              "how the password is checked: scram-sha-256, md5 or password (cleartext)"));
  keys.push_back(EnumKey(
      "fsync", &Config::fsync,
      std::array<std::pair<std::string_view, FsyncMode>, 3>{
          {{"always", FsyncMode::kAlways}, {"batch", FsyncMode::kBatch}, {"off", FsyncMode::kOff}}},
      "batch", kReload, "always = fsync each commit, batch = group commits, off = never"));
  keys.push_back(EnumKey("json_style", &Config::json_style,
                         std::array<std::pair<std::string_view, JsonStyle>, 2>{
                             {{"pretty", JsonStyle::kPretty}, {"compact", JsonStyle::kCompact}}},
                         "pretty", kReload, "layout of the JSON files written"));
  keys.push_back(IntegerKey("max_connections", &Config::max_connections, 1, 4000, "200", kReload,
                            "client connections accepted at once"));
  keys.push_back(
      EnumKey("log_level", &Config::log_level,
              std::array<std::pair<std::string_view, Level>, 4>{{{"debug", Level::kDebug},
                                                                 {"info", Level::kInfo},
                                                                 {"warning", Level::kWarning},
                                                                 {"error", Level::kError}}},
              "info", kReload, "least severe messages logged"));
  keys.push_back(BoolKey("auto_create_database", &Config::auto_create_database, "true", kReload,
                         "connecting to a missing database creates it"));
  keys.push_back(DurationKey("statement_timeout", &Config::statement_timeout, 2147483647, "0",
                             kReload,
                             "default statement time limit in ms for new sessions; 0 = none"));
  keys.push_back(DurationKey("idle_in_transaction_timeout", &Config::idle_in_transaction_timeout,
                             2147483647, "600000", kReload,
                             "end sessions idle inside a transaction this long (ms); 0 = never"));
  keys.push_back(
      DurationKey("shutdown_timeout", &Config::shutdown_timeout, 86400, "30", kReload,
                  "seconds to let statements finish on shutdown before killing workers"));
  keys.push_back(SizeKey("max_message_size", &Config::max_message_size, 8192, 1073741823,
                         "1073741823", kReload, "largest protocol message accepted, in bytes"));
  keys.push_back(SizeKey("index_memory", &Config::index_memory, 1048576, int64_t{1} << 40, "1GB",
                         kRestart,
                         "shared memory reserved for indexes, in bytes (used as rows arrive)"));
  return keys;
}

}  // namespace

const std::vector<KeySpec>& Keys() {
  static const std::vector<KeySpec> kKeys = BuildTable();
  return kKeys;
}

const KeySpec* FindKey(std::string_view name) {
  for (const KeySpec& key : Keys()) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

std::string FlagName(const KeySpec& key) {
  std::string flag = "--";
  for (char c : key.name) flag += c == '_' ? '-' : c;
  return flag;
}

Config DefaultConfig() {
  Config config;
  for (const KeySpec& key : Keys()) {
    // The table's own defaults are checked by the unit tests; a failure here is a bug.
    if (!key.set(key.default_value, config)) std::abort();
  }
  return config;
}

int EffectiveWorkers(const Config& config) {
  if (config.workers > 0) return config.workers;
  unsigned cores = std::thread::hardware_concurrency();
  if (cores == 0) return 1;
  return cores > 64 ? 64 : static_cast<int>(cores);
}

std::string_view Version() {
  return SB_VERSION;
}

}  // namespace sb::config
