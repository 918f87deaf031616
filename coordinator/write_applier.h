// WriteApplier: where the coordinator, the single writer, applies what workers ask of it over
// the write ring. One request at a time, on the coordinator's event loop; every request is
// validated as untrusted input.
//
// Today it creates databases (folders) and tables (schema files) and drops tables. Documents,
// indexes and the commit journal arrive with the rest of the storage layer and are applied
// here too.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "shared/config/config.h"
#include "shared/storage/data_paths.h"

namespace sb::coordinator {

class TableWriter;

struct ApplyResult {
  uint32_t status = 0;  // ipc::RingStatus
  std::string payload;
};

class WriteApplier {
 public:
  explicit WriteApplier(const config::Config& config);
  ~WriteApplier();

  ApplyResult Apply(uint32_t kind, std::string& payload);

 private:
  ApplyResult CreateDatabase(const std::string& name);
  ApplyResult CreateTable(const std::string& payload);
  ApplyResult DropTable(const std::string& payload);

  const config::Config& config_;
  storage::DataPaths paths_;
  std::unique_ptr<TableWriter> table_writer_;
};

// The reply of a request that failed, as "SQLSTATE\nmessage" (RingStatus::kError).
ApplyResult ErrorResult(std::string_view sqlstate, std::string_view message);

}  // namespace sb::coordinator
