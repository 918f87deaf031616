#include "coordinator/write_applier.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "shared/config/log.h"
#include "shared/ipc/ring_requests.h"

namespace sb::coordinator {
namespace {

// Until names are encoded for the file system (the storage layer), a database name must be a
// plain, safe folder name.
bool IsPlainName(const std::string& name) {
  if (name.empty() || name.size() > 63 || name.front() == '.' || name.front() == '_') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

ApplyResult ErrorResult(std::string_view sqlstate, std::string_view message) {
  return {static_cast<uint32_t>(ipc::RingStatus::kError), fmt::format("{}\n{}", sqlstate, message)};
}

ApplyResult WriteApplier::Apply(uint32_t kind, std::string& payload) {
  switch (static_cast<ipc::RingRequest>(kind)) {
    case ipc::RingRequest::kPing:
      return {static_cast<uint32_t>(ipc::RingStatus::kOk), std::move(payload)};
    case ipc::RingRequest::kCreateDatabase:
      return CreateDatabase(payload);
  }
  return {static_cast<uint32_t>(ipc::RingStatus::kUnknownRequest), ""};
}

ApplyResult WriteApplier::CreateDatabase(const std::string& name) {
  if (!IsPlainName(name)) {
    return ErrorResult("0A000",
                       fmt::format("database name \"{}\" is not supported yet: use letters, "
                                   "digits, \"_\", \"-\" and \".\" (not first)",
                                   name));
  }
  std::filesystem::path dir = std::filesystem::path(config_.data) / name;
  std::error_code ec;
  if (std::filesystem::create_directory(dir, ec)) {
    log::Info("created database \"{}\"", name);
  } else if (ec) {
    return ErrorResult("58030", fmt::format("could not create database folder \"{}\": {}",
                                            dir.string(), ec.message()));
  }
  return {static_cast<uint32_t>(ipc::RingStatus::kOk), ""};
}

}  // namespace sb::coordinator
