#include "shared/config/config_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "shared/config/config_keys.h"
#include "tests/unit/config/temp_dir.h"

namespace sb::config {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::TempDir;

// Runs LoadConfig and returns the ConfigError message, or "" if it loaded.
std::string LoadError(const std::vector<std::string>& args, const LoadOptions& options) {
  try {
    LoadConfig(args, options);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

LoadOptions NoDefaultFile(const TempDir& dir) {
  return LoadOptions{dir.path() + "/absent.yaml"};
}

TEST(LoadConfig, DefaultsWithoutFileOrFlags) {
  TempDir dir;
  Config config = LoadConfig(std::vector<std::string>{}, NoDefaultFile(dir));
  EXPECT_EQ(config.listen, std::vector<std::string>{"127.0.0.1"});
  EXPECT_EQ(config.port, 5433);
  EXPECT_EQ(config.socket_dir, "/tmp");
  EXPECT_EQ(config.data, "./data");
  EXPECT_EQ(config.workers, 0);
  EXPECT_EQ(config.password, "");
  EXPECT_EQ(config.fsync, FsyncMode::kBatch);
  EXPECT_EQ(config.json_style, JsonStyle::kPretty);
  EXPECT_EQ(config.max_connections, 200);
  EXPECT_EQ(config.log_level, log::Level::kInfo);
  EXPECT_TRUE(config.auto_create_database);
  EXPECT_EQ(config.statement_timeout.count(), 0);
  EXPECT_EQ(config.idle_in_transaction_timeout, std::chrono::minutes(10));
  EXPECT_EQ(config.shutdown_timeout, std::chrono::seconds(30));
  EXPECT_EQ(config.max_message_size, (int64_t{1} << 30) - 1);
  EXPECT_EQ(config.config_file, "");
  EXPECT_EQ(config.action, StartupAction::kRun);
  EXPECT_EQ(config, DefaultConfig());
}

TEST(LoadConfig, DefaultFileIsReadWhenPresent) {
  TempDir dir;
  std::string file = dir.Write("etc.yaml", "port: 6000\nfsync: always\n");
  Config config = LoadConfig(std::vector<std::string>{}, LoadOptions{file});
  EXPECT_EQ(config.port, 6000);
  EXPECT_EQ(config.fsync, FsyncMode::kAlways);
  EXPECT_EQ(config.config_file, file);
}

TEST(LoadConfig, ConfigFlagReplacesDefaultFile) {
  TempDir dir;
  std::string etc = dir.Write("etc.yaml", "port: 6000\nworkers: 3\n");
  std::string mine = dir.Write("mine.yaml", "port: 7000\n");
  Config config = LoadConfig({"--config", mine}, LoadOptions{etc});
  EXPECT_EQ(config.port, 7000);
  EXPECT_EQ(config.workers, 0);  // etc.yaml was not read at all
  EXPECT_EQ(config.config_file, mine);
}

TEST(LoadConfig, MissingConfigFileIsAnError) {
  TempDir dir;
  std::string error = LoadError({"--config", dir.path() + "/nope.yaml"}, NoDefaultFile(dir));
  EXPECT_THAT(error, StartsWith("config: cannot open "));
  EXPECT_THAT(error, HasSubstr("nope.yaml"));
  EXPECT_THAT(LoadError({"--config", dir.path()}, NoDefaultFile(dir)),
              HasSubstr("is not a regular file"));
}

TEST(LoadConfig, FlagsOverrideFileInBothSpellings) {
  TempDir dir;
  std::string file =
      dir.Write("c.yaml", "port: 6000\nlisten: 0.0.0.0\ndata: /srv/db\nlog_level: error\n");
  Config config = LoadConfig(
      {"--config=" + file, "--port", "7001", "--listen=*", "--data", "/x", "--log-level", "debug",
       "--socket-dir=", "--workers", "4", "--password", "s3cret", "--max-connections=10"},
      NoDefaultFile(dir));
  EXPECT_EQ(config.port, 7001);
  EXPECT_EQ(config.listen, std::vector<std::string>{"*"});
  EXPECT_EQ(config.data, "/x");
  EXPECT_EQ(config.log_level, log::Level::kDebug);
  EXPECT_EQ(config.socket_dir, "");
  EXPECT_EQ(config.workers, 4);
  EXPECT_EQ(config.password, "s3cret");
  EXPECT_EQ(config.max_connections, 10);
}

TEST(LoadConfig, ArgvOverloadSkipsProgramName) {
  TempDir dir;
  const char* argv[] = {"smarterbase", "--port=5999", nullptr};
  Config config = LoadConfig(2, argv, NoDefaultFile(dir));
  EXPECT_EQ(config.port, 5999);
}

TEST(LoadConfig, UnknownKeyNamesKeyFileAndLine) {
  TempDir dir;
  std::string file = dir.Write("c.yaml", "# comment\nport: 5433\nprot: 5434\n");
  EXPECT_EQ(LoadError({"--config", file}, NoDefaultFile(dir)),
            "config: unknown key \"prot\" at " + file + ":3");
}

TEST(LoadConfig, BadValueNamesKeyFileLineAndValue) {
  TempDir dir;
  std::string file = dir.Write("c.yaml", "listen: localhost\nport: abc\n");
  EXPECT_EQ(
      LoadError({"--config", file}, NoDefaultFile(dir)),
      "config: bad value for \"port\" at " + file + ":2: expected an integer 1-65535, got \"abc\"");
}

struct BadValue {
  const char* key;
  const char* value;
  const char* expected;  // part of the message
};

void PrintTo(const BadValue& bad, std::ostream* out) {
  *out << bad.key << "=" << bad.value;
}

class BadValueTest : public ::testing::TestWithParam<BadValue> {};

TEST_P(BadValueTest, IsRejectedInFileAndFlag) {
  const BadValue& bad = GetParam();
  TempDir dir;
  std::string file =
      dir.Write("c.yaml", std::string("# first line\n") + bad.key + ": '" + bad.value + "'\n");
  std::string error = LoadError({"--config", file}, NoDefaultFile(dir));
  EXPECT_THAT(error, StartsWith(std::string("config: bad value for \"") + bad.key + "\" at " +
                                file + ":2: expected "));
  EXPECT_THAT(error, HasSubstr(bad.expected));

  const KeySpec* key = FindKey(bad.key);
  ASSERT_NE(key, nullptr);
  std::string flag_error = LoadError({FlagName(*key), bad.value}, NoDefaultFile(dir));
  EXPECT_THAT(flag_error, StartsWith(std::string("config: bad value for \"") + bad.key +
                                     "\" from " + FlagName(*key) + ": expected "));
}

INSTANTIATE_TEST_SUITE_P(
    EveryType, BadValueTest,
    ::testing::Values(BadValue{"port", "0", "an integer 1-65535"},
                      BadValue{"port", "65536", "an integer 1-65535"},
                      BadValue{"workers", "65", "an integer 0-64"},
                      BadValue{"workers", "-1", "an integer 0-64"},
                      BadValue{"max_connections", "4001", "an integer 1-4000"},
                      BadValue{"max_connections", "0", "an integer 1-4000"},
                      BadValue{"auth_method", "plain", "one of scram-sha-256, md5, password"},
                      BadValue{"fsync", "sometimes", "one of always, batch, off"},
                      BadValue{"json_style", "ugly", "one of pretty, compact"},
                      BadValue{"log_level", "verbose", "one of debug, info, warning, error"},
                      BadValue{"auto_create_database", "maybe", "true or false"},
                      BadValue{"statement_timeout", "-5", "a duration"},
                      BadValue{"statement_timeout", "5 fortnights", "a duration"},
                      BadValue{"idle_in_transaction_timeout", "abc", "a duration"},
                      BadValue{"shutdown_timeout", "1500ms", "a duration 0-86400 s"},
                      BadValue{"max_message_size", "100", "a size 8192-1073741823"},
                      BadValue{"max_message_size", "1GB", "a size"},
                      BadValue{"listen", "a b", "comma-separated addresses"},
                      BadValue{"listen", "*,::1", "comma-separated addresses"},
                      BadValue{"socket_dir", "relative/dir", "an absolute directory"},
                      BadValue{"data", "", "a non-empty path"}));

TEST(LoadConfig, TooLongSocketDirIsRejected) {
  TempDir dir;
  EXPECT_THAT(LoadError({"--socket-dir", "/" + std::string(100, 'a')}, NoDefaultFile(dir)),
              HasSubstr("bad value for \"socket_dir\""));
  // 92 bytes is the most that leaves room for "/.s.PGSQL.65535" in sun_path.
  Config config = LoadConfig({"--socket-dir", "/" + std::string(91, 'a')}, NoDefaultFile(dir));
  EXPECT_EQ(config.socket_dir.size(), 92u);
}

TEST(LoadConfig, ValuesAcceptedAsQuotedOrPlainScalars) {
  TempDir dir;
  std::string file =
      dir.Write("c.yaml",
                "port: \"6001\"\nauto_create_database: off\nlisten: \"*\"\nstatement_timeout: 2s\n"
                "shutdown_timeout: 1min\nmax_message_size: 16MB\npassword:\njson_style: compact\n");
  Config config = LoadConfig({"--config", file}, NoDefaultFile(dir));
  EXPECT_EQ(config.port, 6001);
  EXPECT_FALSE(config.auto_create_database);
  EXPECT_EQ(config.listen, std::vector<std::string>{"*"});
  EXPECT_EQ(config.statement_timeout, std::chrono::seconds(2));
  EXPECT_EQ(config.shutdown_timeout, std::chrono::seconds(60));
  EXPECT_EQ(config.max_message_size, 16 << 20);
  EXPECT_EQ(config.password, "");
  EXPECT_EQ(config.json_style, JsonStyle::kCompact);
}

TEST(LoadConfig, FileMustBeAMappingOfScalars) {
  TempDir dir;
  auto error_for = [&](const std::string& text) {
    return LoadError({"--config", dir.Write("c.yaml", text)}, NoDefaultFile(dir));
  };
  EXPECT_THAT(error_for("- port\n- 5433\n"), HasSubstr("expected a mapping of keys to values"));
  EXPECT_THAT(error_for("just words\n"), HasSubstr("expected a mapping of keys to values"));
  EXPECT_THAT(error_for("port:\n  value: 5433\n"),
              HasSubstr("bad value for \"port\" at " + dir.path() + "/c.yaml:2"));
  EXPECT_THAT(error_for("listen: [a, b]\n"), HasSubstr("got a list"));
  EXPECT_THAT(error_for("? [a]\n: 1\n"), HasSubstr("expected a key name"));
  EXPECT_THAT(error_for("port: 1\n---\nport: 2\n"), HasSubstr("more than one YAML document"));
  EXPECT_THAT(error_for("port: 5433\nport: 5434\n"), HasSubstr("duplicate key \"port\" at"));
  EXPECT_THAT(error_for("port: [1\n"), StartsWith("config: syntax error at " + dir.path()));
  EXPECT_THAT(error_for("listen: *\n"), StartsWith("config: syntax error at"));
}

TEST(LoadConfig, EmptyFileMeansDefaults) {
  TempDir dir;
  std::string file = dir.Write("c.yaml", "# nothing here\n");
  Config config = LoadConfig({"--config", file}, NoDefaultFile(dir));
  Config expected = DefaultConfig();
  expected.config_file = file;
  EXPECT_EQ(config, expected);
}

TEST(LoadConfig, HostileBytesAreQuotedNotEchoed) {
  TempDir dir;
  std::string file = dir.Write("c.yaml", "\"bad\\x1b[31mkey\": 1\n");
  std::string error = LoadError({"--config", file}, NoDefaultFile(dir));
  EXPECT_THAT(error, HasSubstr("unknown key \"bad\\x1b[31mkey\""));
  EXPECT_EQ(error.find('\x1b'), std::string::npos);
}

TEST(LoadConfig, OversizedFileIsRejected) {
  TempDir dir;
  std::string file = dir.Write("c.yaml", "# " + std::string(2 << 20, 'x') + "\n");
  EXPECT_THAT(LoadError({"--config", file}, NoDefaultFile(dir)), HasSubstr("larger than"));
}

TEST(LoadConfig, CommandLineErrors) {
  TempDir dir;
  LoadOptions options = NoDefaultFile(dir);
  EXPECT_EQ(LoadError({"--prot", "1"}, options), "config: unknown option \"--prot\" (try --help)");
  EXPECT_EQ(LoadError({"--port"}, options), "config: option --port needs a value");
  EXPECT_EQ(LoadError({"--config"}, options), "config: option --config needs a value");
  EXPECT_EQ(LoadError({"--config="}, options), "config: option --config needs a file name");
  EXPECT_EQ(LoadError({"5433"}, options), "config: unexpected argument \"5433\" (try --help)");
  EXPECT_EQ(LoadError({"--help=yes"}, options), "config: option --help takes no value");
  // Underscore spellings are YAML keys, not flags.
  EXPECT_THAT(LoadError({"--socket_dir", "/tmp"}, options), HasSubstr("unknown option"));
}

TEST(LoadConfig, NothingToListenOnIsAnError) {
  TempDir dir;
  EXPECT_THAT(LoadError({"--listen=", "--socket-dir="}, NoDefaultFile(dir)),
              HasSubstr("nothing to listen on"));
  EXPECT_EQ(LoadConfig({"--listen="}, NoDefaultFile(dir)).listen.size(), 0u);
}

TEST(LoadConfig, HelpAndVersionSkipTheFile) {
  TempDir dir;
  std::string broken = dir.Write("c.yaml", "prot: 1\n");
  EXPECT_EQ(LoadConfig({"--help"}, LoadOptions{broken}).action, StartupAction::kHelp);
  EXPECT_EQ(LoadConfig({"-V"}, LoadOptions{broken}).action, StartupAction::kVersion);
  EXPECT_EQ(LoadConfig({"--check-config", "--version"}, LoadOptions{broken}).action,
            StartupAction::kVersion);
}

TEST(LoadConfig, CheckConfigStillValidates) {
  TempDir dir;
  std::string broken = dir.Write("c.yaml", "prot: 1\n");
  std::string good = dir.Write("g.yaml", "port: 1234\n");
  EXPECT_THAT(LoadError({"--check-config", "--config", broken}, NoDefaultFile(dir)),
              HasSubstr("unknown key"));
  Config config = LoadConfig({"--check-config", "--config", good}, NoDefaultFile(dir));
  EXPECT_EQ(config.action, StartupAction::kCheckConfig);
  EXPECT_EQ(config.port, 1234);
}

TEST(HelpText, ListsEveryKeyAsFlag) {
  std::string help = HelpText("smarterbase");
  for (const KeySpec& key : Keys()) EXPECT_THAT(help, HasSubstr(FlagName(key))) << key.name;
  EXPECT_THAT(help, HasSubstr("--check-config"));
  EXPECT_THAT(help, HasSubstr("--config FILE"));
}

TEST(FormatConfig, IsLoadableYamlWithPasswordMasked) {
  TempDir dir;
  Config config = LoadConfig({"--password", "hunter2", "--port", "7777", "--listen", "a,b"},
                             NoDefaultFile(dir));
  std::string text = FormatConfig(config);
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  Config reread = DefaultConfig();
  ApplyYamlText(text, "formatted", reread);
  EXPECT_EQ(reread.port, 7777);
  EXPECT_EQ(reread.listen, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(reread.password, "********");
}

TEST(KeyTable, DefaultsAndRoundTripsAreAccepted) {
  Config config;
  for (const KeySpec& key : Keys()) {
    EXPECT_TRUE(key.set(key.default_value, config)) << key.name;
    EXPECT_TRUE(key.set(key.get(config), config)) << key.name;
    EXPECT_FALSE(key.expected.empty()) << key.name;
    EXPECT_FALSE(key.doc.empty()) << key.name;
    EXPECT_EQ(FindKey(key.name), &key);
  }
  EXPECT_EQ(FindKey("prot"), nullptr);
  EXPECT_EQ(config, DefaultConfig());
}

TEST(EffectiveWorkers, ResolvesZeroToCores) {
  Config config = DefaultConfig();
  EXPECT_GE(EffectiveWorkers(config), 1);
  EXPECT_LE(EffectiveWorkers(config), 64);
  config.workers = 5;
  EXPECT_EQ(EffectiveWorkers(config), 5);
}

TEST(Version, MatchesProject) {
  EXPECT_EQ(Version(), SB_PROJECT_VERSION);
}

}  // namespace
}  // namespace sb::config
