#include "coordinator/write_applier.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "coordinator/table_writer.h"
#include "shared/config/log.h"
#include "shared/errors/sql_error.h"
#include "shared/ipc/ring_requests.h"
#include "shared/storage/atomic_file.h"
#include "shared/storage/name_encoding.h"
#include "shared/storage/schema_file.h"

namespace sb::coordinator {
namespace {}  // namespace

namespace {

// Splits a request payload at NUL bytes.
std::vector<std::string> SplitFields(const std::string& payload) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (;;) {
    size_t nul = payload.find('\0', start);
    fields.push_back(payload.substr(start, nul - start));
    if (nul == std::string::npos) break;
    start = nul + 1;
  }
  return fields;
}

ApplyResult NoticeResult(std::string_view sqlstate, std::string_view message) {
  return {static_cast<uint32_t>(ipc::RingStatus::kNotice),
          fmt::format("{}\n{}", sqlstate, message)};
}

}  // namespace

ApplyResult ErrorResult(std::string_view sqlstate, std::string_view message) {
  return {static_cast<uint32_t>(ipc::RingStatus::kError), fmt::format("{}\n{}", sqlstate, message)};
}

WriteApplier::WriteApplier(const config::Config& config)
    : config_(config),
      paths_(config.data),
      table_writer_(std::make_unique<TableWriter>(config, paths_)) {}

WriteApplier::~WriteApplier() = default;

ApplyResult WriteApplier::Apply(uint32_t kind, std::string& payload) {
  switch (static_cast<ipc::RingRequest>(kind)) {
    case ipc::RingRequest::kPing:
      return {static_cast<uint32_t>(ipc::RingStatus::kOk), std::move(payload)};
    case ipc::RingRequest::kCreateDatabase:
      return CreateDatabase(payload);
    case ipc::RingRequest::kCreateTable:
      return CreateTable(payload);
    case ipc::RingRequest::kDropTable:
      return DropTable(payload);
    case ipc::RingRequest::kInsert:
      return table_writer_->Insert(SplitFields(payload));
    case ipc::RingRequest::kUpdate:
      return table_writer_->Update(SplitFields(payload));
    case ipc::RingRequest::kDelete:
      return table_writer_->Delete(SplitFields(payload));
    case ipc::RingRequest::kTruncate:
      return table_writer_->Truncate(SplitFields(payload));
  }
  return {static_cast<uint32_t>(ipc::RingStatus::kUnknownRequest), ""};
}

ApplyResult WriteApplier::CreateTable(const std::string& payload) {
  // db \0 if_not_exists \0 schema text — the schema text itself may not contain NUL (JSON).
  size_t first = payload.find('\0');
  size_t second = first == std::string::npos ? first : payload.find('\0', first + 1);
  if (second == std::string::npos) return ErrorResult("08P01", "malformed CREATE TABLE request");
  std::string db = payload.substr(0, first);
  bool if_not_exists = payload.substr(first + 1, second - first - 1) == "1";
  std::string text = payload.substr(second + 1);
  try {
    storage::ValidateSqlName(storage::NameKind::kDatabase, db);
    // The worker is not trusted: the schema is parsed and checked again here.
    storage::TableSchema schema = storage::ParseSchemaFile(text, "CREATE TABLE");
    std::string db_dir = paths_.DatabaseDir(db);
    if (!std::filesystem::is_directory(db_dir)) {
      return ErrorResult("3D000", fmt::format("database \"{}\" does not exist", db));
    }
    std::string file = paths_.SchemaFile(db, schema.name);
    if (std::filesystem::exists(file)) {
      if (if_not_exists) {
        return NoticeResult("42P07",
                            fmt::format("relation \"{}\" already exists, skipping", schema.name));
      }
      return ErrorResult("42P07", fmt::format("relation \"{}\" already exists", schema.name));
    }
    const bool sync = config_.fsync != config::FsyncMode::kOff;
    storage::CreateDirectories(paths_.SchemaDir(db));
    storage::CreateDirectories(paths_.TableDir(db, schema.name));
    storage::WriteFileAtomic(file, storage::FormatSchemaFile(schema), sync);
    table_writer_->Forget(db, schema.name);
    log::Info("created table \"{}\" in database \"{}\"", schema.name, db);
    return {static_cast<uint32_t>(ipc::RingStatus::kOk), ""};
  } catch (const SqlError& e) {
    return ErrorResult(SqlStateCode(e.state()), e.what());
  }
}

ApplyResult WriteApplier::DropTable(const std::string& payload) {
  std::vector<std::string> fields = SplitFields(payload);
  if (fields.size() < 3) return ErrorResult("08P01", "malformed DROP TABLE request");
  const std::string& db = fields[0];
  const bool if_exists = fields[1] == "1";
  try {
    storage::ValidateSqlName(storage::NameKind::kDatabase, db);
    // All or nothing, as in PostgreSQL: every table is checked before any is dropped.
    std::vector<std::string> present;
    std::string notices;
    for (size_t i = 2; i < fields.size(); ++i) {
      storage::ValidateSqlName(storage::NameKind::kTable, fields[i]);
      if (std::filesystem::exists(paths_.SchemaFile(db, fields[i]))) {
        present.push_back(fields[i]);
      } else if (if_exists) {
        notices = fmt::format("table \"{}\" does not exist, skipping", fields[i]);
      } else {
        return ErrorResult("42P01", fmt::format("table \"{}\" does not exist", fields[i]));
      }
    }
    for (const std::string& table : present) {
      // The schema file goes first: from then on the table no longer exists for any query.
      storage::RemoveFile(paths_.SchemaFile(db, table));
      std::error_code ec;
      std::filesystem::remove_all(paths_.TableDir(db, table), ec);
      std::filesystem::remove_all(paths_.IndexDir(db, table), ec);
      table_writer_->Forget(db, table);
      log::Info("dropped table \"{}\" in database \"{}\"", table, db);
    }
    if (!notices.empty()) return NoticeResult("00000", notices);
    return {static_cast<uint32_t>(ipc::RingStatus::kOk), ""};
  } catch (const SqlError& e) {
    return ErrorResult(SqlStateCode(e.state()), e.what());
  }
}

ApplyResult WriteApplier::CreateDatabase(const std::string& name) {
  if (storage::CheckSqlName(name) != storage::NameProblem::kNone) {
    return ErrorResult("42602", fmt::format("invalid database name \"{}\": {}", name,
                                            storage::NameProblemText(storage::CheckSqlName(name))));
  }
  // The name is encoded into one folder name: "../x" or "a/b" cannot leave the data directory.
  std::filesystem::path dir = paths_.DatabaseDir(name);
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
