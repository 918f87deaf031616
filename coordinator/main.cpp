// smarterbase: the server. Reads the configuration, then runs the coordinator, which forks
// the workers.
#include <cstdio>
#include <iostream>

#include "coordinator/coordinator.h"
#include "shared/config/config_loader.h"
#include "shared/config/log.h"

int main(int argc, char** argv) {
  using namespace sb;
  std::vector<std::string> args(argv + 1, argv + argc);
  config::Config config;
  try {
    config = config::LoadConfig(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  switch (config.action) {
    case config::StartupAction::kHelp:
      std::cout << config::HelpText("smarterbase");
      return 0;
    case config::StartupAction::kVersion:
      std::cout << "smarterbase " << config::Version() << "\n";
      return 0;
    case config::StartupAction::kCheckConfig:
      std::cout << config::FormatConfig(config);
      std::cout << "configuration is valid\n";
      return 0;
    case config::StartupAction::kRun:
      break;
  }
  log::SetLevel(config.log_level);
  log::SetRole("coordinator");
  coordinator::Coordinator server(std::move(config), std::move(args));
  return server.Run();
}
