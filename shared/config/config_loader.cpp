#include "shared/config/config_loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "shared/config/config_keys.h"

namespace sb::config {
namespace {

constexpr size_t kMaxFileSize = 1 << 20;

// Quotes text from the file or command line for an error message: escaped, and shortened so a
// hostile or binary file cannot flood the terminal or journal.
std::string Quote(std::string_view text) {
  constexpr size_t kMax = 80;
  std::string out = "\"";
  for (size_t i = 0; i < text.size() && i < kMax; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > kMax) out += "...";
  out += '"';
  return out;
}

std::string Where(std::string_view source, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return std::string(source);
  return fmt::format("{}:{}", source, mark.line + 1);
}

void SetOrThrow(const KeySpec& key, std::string_view text, const std::string& where,
                Config& config) {
  if (!key.set(text, config)) {
    throw ConfigError(fmt::format("bad value for \"{}\" {}: expected {}, got {}", key.name, where,
                                  key.expected, key.secret ? "(hidden)" : Quote(text)));
  }
}

// The flag spelling "--socket-dir" to its key.
const KeySpec* FindFlag(std::string_view flag) {
  for (const KeySpec& key : Keys()) {
    if (FlagName(key) == flag) return &key;
  }
  return nullptr;
}

struct FlagSetting {
  const KeySpec* key;
  std::string flag;
  std::string value;
};

struct CommandLine {
  StartupAction action = StartupAction::kRun;
  std::string config_file;
  bool config_given = false;
  std::vector<FlagSetting> settings;
};

CommandLine ParseCommandLine(const std::vector<std::string>& args) {
  CommandLine line;
  auto set_action = [&line](StartupAction action) {
    // --help and --version win over --check-config, which wins over running.
    if (static_cast<int>(action) > static_cast<int>(line.action)) line.action = action;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h") {
      set_action(StartupAction::kHelp);
      continue;
    }
    if (arg == "-V") {
      set_action(StartupAction::kVersion);
      continue;
    }
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      throw ConfigError(fmt::format("unexpected argument {} (try --help)", Quote(arg)));
    }
    size_t equals = arg.find('=');
    std::string flag = arg.substr(0, equals);
    bool has_value = equals != std::string::npos;

    StartupAction action = StartupAction::kRun;
    if (flag == "--help") action = StartupAction::kHelp;
    if (flag == "--version") action = StartupAction::kVersion;
    if (flag == "--check-config") action = StartupAction::kCheckConfig;
    if (action != StartupAction::kRun) {
      if (has_value) throw ConfigError(fmt::format("option {} takes no value", flag));
      set_action(action);
      continue;
    }

    const KeySpec* key = flag == "--config" ? nullptr : FindFlag(flag);
    if (flag != "--config" && key == nullptr) {
      throw ConfigError(fmt::format("unknown option {} (try --help)", Quote(flag)));
    }
    std::string value;
    if (has_value) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      throw ConfigError(fmt::format("option {} needs a value", flag));
    }
    if (key == nullptr) {
      if (value.empty()) throw ConfigError("option --config needs a file name");
      line.config_file = value;
      line.config_given = true;
    } else {
      line.settings.push_back({key, flag, std::move(value)});
    }
  }
  return line;
}

std::string NodeKind(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  return "a non-scalar";
}

}  // namespace

void ApplyYamlText(std::string_view text, std::string_view source, Config& config) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    std::string where =
        e.mark.is_null() ? std::string(source) : fmt::format("{}:{}", source, e.mark.line + 1);
    throw ConfigError(fmt::format("syntax error at {}: {}", where, e.msg));
  }
  if (documents.size() > 1) {
    throw ConfigError(fmt::format("{} holds more than one YAML document", source));
  }
  if (documents.empty() || documents[0].IsNull()) return;  // empty file: all defaults
  const YAML::Node& root = documents[0];
  if (!root.IsMap()) {
    throw ConfigError(fmt::format("expected a mapping of keys to values at {}, got {}",
                                  Where(source, root),
                                  root.IsScalar() ? "a single value" : NodeKind(root)));
  }
  std::set<std::string_view> seen;
  for (const auto& entry : root) {
    const YAML::Node& name_node = entry.first;
    const YAML::Node& value_node = entry.second;
    if (!name_node.IsScalar()) {
      throw ConfigError(fmt::format("expected a key name at {}, got {}", Where(source, name_node),
                                    NodeKind(name_node)));
    }
    const std::string& name = name_node.Scalar();
    const KeySpec* key = FindKey(name);
    if (key == nullptr) {
      throw ConfigError(fmt::format("unknown key {} at {}", Quote(name), Where(source, name_node)));
    }
    if (!seen.insert(key->name).second) {
      throw ConfigError(
          fmt::format("duplicate key \"{}\" at {}", key->name, Where(source, name_node)));
    }
    // `key:` with nothing after it, or `~`, is an empty value.
    if (!value_node.IsNull() && !value_node.IsScalar()) {
      throw ConfigError(fmt::format("bad value for \"{}\" at {}: expected {}, got {}", key->name,
                                    Where(source, value_node), key->expected,
                                    NodeKind(value_node)));
    }
    std::string value = value_node.IsNull() ? std::string() : value_node.Scalar();
    SetOrThrow(*key, value, "at " + Where(source, value_node), config);
  }
}

void ApplyYamlFile(const std::string& path, Config& config) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw ConfigError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  }
  std::string text;
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (ok) {
    char buffer[8192];
    while (true) {
      ssize_t n = ::read(fd, buffer, sizeof(buffer));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        int saved = errno;
        ::close(fd);
        throw ConfigError(fmt::format("cannot read {}: {}", path, std::strerror(saved)));
      }
      if (n == 0) break;
      text.append(buffer, static_cast<size_t>(n));
      if (text.size() > kMaxFileSize) break;
    }
  }
  ::close(fd);
  if (!ok) throw ConfigError(fmt::format("{} is not a regular file", path));
  if (text.size() > kMaxFileSize) {
    throw ConfigError(fmt::format("{} is larger than {} bytes", path, kMaxFileSize));
  }
  ApplyYamlText(text, path, config);
}

void ValidateConfig(const Config& config) {
  if (config.listen.empty() && config.socket_dir.empty()) {
    throw ConfigError("nothing to listen on: \"listen\" and \"socket_dir\" are both empty");
  }
}

Config LoadConfig(const std::vector<std::string>& args, const LoadOptions& options) {
  CommandLine line = ParseCommandLine(args);
  Config config = DefaultConfig();
  config.action = line.action;
  if (line.action == StartupAction::kHelp || line.action == StartupAction::kVersion) {
    return config;
  }

  if (line.config_given) {
    ApplyYamlFile(line.config_file, config);
    config.config_file = line.config_file;
  } else if (!options.default_file.empty()) {
    struct stat st {};
    if (::stat(options.default_file.c_str(), &st) == 0) {
      ApplyYamlFile(options.default_file, config);
      config.config_file = options.default_file;
    } else if (errno != ENOENT) {
      // Present but unreachable (e.g. permissions): starting on defaults would hide that.
      throw ConfigError(
          fmt::format("cannot open {}: {}", options.default_file, std::strerror(errno)));
    }
  }

  for (const FlagSetting& setting : line.settings) {
    SetOrThrow(*setting.key, setting.value, "from " + setting.flag, config);
  }
  ValidateConfig(config);
  return config;
}

Config LoadConfig(int argc, const char* const* argv, const LoadOptions& options) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i] != nullptr ? argv[i] : "");
  return LoadConfig(args, options);
}

std::string FormatConfig(const Config& config) {
  std::string out;
  for (const KeySpec& key : Keys()) {
    std::string value = key.secret && !key.get(config).empty() ? "********" : key.get(config);
    std::string quoted;
    for (char c : value) {
      unsigned char u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        quoted += '\\';
        quoted += c;
      } else if (u < 0x20 || u == 0x7f) {
        quoted += fmt::format("\\x{:02x}", u);
      } else {
        quoted += c;
      }
    }
    out += fmt::format("{}: \"{}\"\n", key.name, quoted);
  }
  return out;
}

std::string HelpText(std::string_view program) {
  std::string out = fmt::format(
      "Usage: {0} [--config FILE] [--KEY VALUE | --KEY=VALUE]...\n"
      "       {0} --check-config [--config FILE] | --help | --version\n\n"
      "Settings come from the defaults, then {1} if it exists (or --config FILE,\n"
      "which must exist), then the flags below. Every flag is also a key of the YAML file\n"
      "(--socket-dir is socket_dir).\n\n"
      "  {2:<34} {3}\n  {4:<34} {5}\n  {6:<34} {7}\n  {8:<34} {9}\n\n",
      program, kDefaultConfigFile, "--config FILE", "read FILE instead of the default file",
      "--check-config", "validate the configuration, print it and exit (0 = valid)", "-h, --help",
      "show this help", "-V, --version", "show the version");
  for (const KeySpec& key : Keys()) {
    std::string flag = FlagName(key) + " VALUE";
    out += fmt::format("  {:<34} {} (default: \"{}\")\n", flag, key.doc, key.default_value);
  }
  return out;
}

}  // namespace sb::config
