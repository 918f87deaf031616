// smarterbase-ctl: the operator's tool. Subcommands act on a data directory, whether or not a
// server is running on it.
//
//   smarterbase-ctl status [--config FILE] [--data DIR]
//
// Exit status follows pg_ctl: 0 running, 3 not running, 1 error, 2 usage.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "shared/config/config_loader.h"

namespace {

constexpr const char* kUsage =
    "usage: smarterbase-ctl COMMAND [--config FILE] [--data DIR]\n"
    "\n"
    "commands:\n"
    "  status           is a server running on the data directory? (exit 0 yes, 3 no)\n"
    "\n"
    "rebuild-indexes, check and export arrive with the storage layer.\n";

// Whether a server holds the data directory's lock, and its pid.
int Status(const sb::config::Config& config) {
  std::string path = config.data + "/.smarterbase/lock";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::cout << "no server running (data directory \"" << config.data << "\" has no lock file)\n";
    return 3;
  }
  bool locked = ::flock(fd, LOCK_SH | LOCK_NB) != 0;
  char buffer[32] = {};
  ssize_t n = ::pread(fd, buffer, sizeof(buffer) - 1, 0);
  ::close(fd);
  if (!locked) {
    std::cout << "no server running on data directory \"" << config.data << "\"\n";
    return 3;
  }
  std::string pid = n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "?";
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  std::cout << "server is running (pid " << pid << ") on data directory \"" << config.data
            << "\", port " << config.port << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  sb::config::Config config;
  try {
    config = sb::config::LoadConfig(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smarterbase-ctl: %s\n", e.what());
    return 1;
  }
  if (command == "status") return Status(config);
  if (command == "rebuild-indexes" || command == "check" || command == "export") {
    std::fprintf(stderr, "smarterbase-ctl: \"%s\" is not implemented yet (it comes with tables)\n",
                 command.c_str());
    return 1;
  }
  std::fprintf(stderr, "smarterbase-ctl: unknown command \"%s\"\n%s", command.c_str(), kUsage);
  return 2;
}
